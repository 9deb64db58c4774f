package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// secretHash hashes what the limits count in memory (a client, a receipt
// code, a signed-in person) with a key made when the limits are, and never
// stored: what is counted says whom it counts to nobody who reads the
// process's memory without the key, and nothing of it outlives the
// process.
type secretHash struct{ key [32]byte }

func newSecretHash() secretHash {
	var h secretHash
	rand.Read(h.key[:])
	return h
}

// of is the hash of the parts, each ended by a zero byte, in hex.
func (h *secretHash) of(parts ...string) string {
	m := hmac.New(sha256.New, h.key[:])
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil)[:12])
}
