package witness

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cosignatureType is the signature type byte of a C2SP tlog-cosignature
// verifier key: an Ed25519 key that signs a timestamped checkpoint.
const cosignatureType = 0x04

// KeyFormat says what a witness's key looks like, for those who type one.
const KeyFormat = "name+hash+key: the witness's name, 8 hex digits, and base64 of the byte 0x04 and its 32-byte Ed25519 public key, " +
	"as the witness publishes it"

// VerifierKey is a witness's cosignature verifier key, read.
type VerifierKey struct {
	// Name is the witness's name, as its key names it.
	Name string
	// Hash is the key's ID: 8 lowercase hex digits, the first 4 bytes of
	// SHA-256 over the name, a newline, the type byte and the public key.
	// Cosignature lines carry it.
	Hash string
	// PublicKey is the 32-byte Ed25519 public key.
	PublicKey []byte
}

// ParseKey reads a cosignature verifier key, name+hash+base64(0x04||key),
// strictly: a name of printable characters without "+" or spaces, the
// hash that the name and key give, the type 0x04 and a 32-byte key.
func ParseKey(text string) (VerifierKey, error) {
	name, rest, ok := strings.Cut(text, "+")
	if !ok {
		return VerifierKey{}, fmt.Errorf("is not a verifier key: it has no \"+\" after the name (%s)", KeyFormat)
	}
	hash, b64, ok := strings.Cut(rest, "+")
	if !ok {
		return VerifierKey{}, fmt.Errorf("is not a verifier key: it has no \"+\" after the hash (%s)", KeyFormat)
	}
	if err := checkName(name); err != nil {
		return VerifierKey{}, err
	}
	if len(hash) != 8 || strings.ToLower(hash) != hash {
		return VerifierKey{}, fmt.Errorf("has a hash %q that is not 8 lowercase hex digits", hash)
	}
	want, err := hex.DecodeString(hash)
	if err != nil {
		return VerifierKey{}, fmt.Errorf("has a hash %q that is not 8 lowercase hex digits", hash)
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil || base64.StdEncoding.EncodeToString(raw) != b64 {
		return VerifierKey{}, fmt.Errorf("has a key that is not standard base64")
	}
	if len(raw) == 0 || raw[0] != cosignatureType {
		t := "nothing"
		if len(raw) > 0 {
			t = fmt.Sprintf("0x%02x", raw[0])
		}
		return VerifierKey{}, fmt.Errorf("is a key of type %s, not a witness's cosignature key (type 0x04); "+
			"ask the witness for its cosignature verifier key", t)
	}
	if len(raw) != 33 {
		return VerifierKey{}, fmt.Errorf("has a public key of %d bytes; an Ed25519 key has 32", len(raw)-1)
	}
	if got := keyHash(name, raw); !bytes.Equal(got, want) {
		return VerifierKey{}, fmt.Errorf("has the hash %s, but its name and key give %x: the key was copied wrong", hash, got)
	}
	return VerifierKey{Name: name, Hash: hash, PublicKey: bytes.Clone(raw[1:])}, nil
}

// keyHash is a key's ID, as signed notes compute it.
func keyHash(name string, typedKey []byte) []byte {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write(typedKey)
	return h.Sum(nil)[:4]
}

// checkName checks a key's name as signed notes require: not empty,
// printable, no spaces and no "+".
func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("has no name before the first \"+\"")
	case !utf8.ValidString(name):
		return fmt.Errorf("has a name that is not valid text")
	case len(name) > 200:
		return fmt.Errorf("has a name longer than 200 bytes")
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }):
		return fmt.Errorf("has a name with spaces or control characters")
	}
	return nil
}
