package setsafe

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// APITokenPrefix starts every API token, so that a token pasted where it
// should not be is easy to recognize (and to search for in logs).
const APITokenPrefix = "sst_"

var secretEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewAPITokenSecret returns a new token's ID, the full token to give to its
// owner once ("sst_ID_SECRET"), and the hash to store.
func NewAPITokenSecret() (id, token, hash string) {
	id = NewID()
	b := make([]byte, 32)
	rand.Read(b)
	secret := strings.ToLower(secretEncoding.EncodeToString(b))
	return id, APITokenPrefix + id + "_" + secret, HashAPITokenSecret(secret)
}

// ParseAPIToken splits a token into its ID and secret.
func ParseAPIToken(token string) (id, secret string, ok bool) {
	rest, ok := strings.CutPrefix(token, APITokenPrefix)
	if !ok {
		return "", "", false
	}
	id, secret, ok = strings.Cut(rest, "_")
	if !ok || !ValidID(id) || len(secret) != 52 {
		return "", "", false
	}
	return id, secret, true
}

// HashAPITokenSecret returns the stored form of a token's secret. Secrets are
// 256 random bits, so a fast hash suffices; passwords and PINs, which people
// choose, get Argon2id instead.
func HashAPITokenSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// APITokenMatches reports whether a secret matches a stored hash, in
// constant time.
func APITokenMatches(secret, hash string) bool {
	return subtle.ConstantTimeCompare([]byte(HashAPITokenSecret(secret)), []byte(hash)) == 1
}

// APITokenHolder is an API token with its secret's stored hash and the
// account it acts as: what authenticating a request needs.
type APITokenHolder struct {
	Token   *APIToken
	Hash    string
	Account *Account
}
