package evidence

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
)

// CosignatureAlgorithm is the signature type byte of a C2SP
// tlog-cosignature v1 key: a witness's timestamped Ed25519 cosignature.
const CosignatureAlgorithm = 0x04

// cosignatureSize is the size of a cosignature after the note's key hash:
// a u64 timestamp and an Ed25519 signature.
const cosignatureSize = 8 + ed25519.SignatureSize

// NewCosignatureVerifier returns a verifier of a witness's cosignatures
// (C2SP tlog-cosignature v1) from its verifier key,
// "NAME+HEX8KEYHASH+BASE64(0x04 || Ed25519 public key)". The key hash must
// be the first four bytes of SHA-256(NAME || "\n" || 0x04 || key).
//
// A cosignature signs "cosignature/v1\ntime T\n" followed by the
// checkpoint's note text, where T is the UNIX time it was made, which the
// signature carries before the Ed25519 signature; see [CosignatureTime].
func NewCosignatureVerifier(vkey string) (note.Verifier, error) {
	vkey = strings.TrimSpace(vkey)
	name, rest, ok := strings.Cut(vkey, "+")
	if !ok {
		return nil, fmt.Errorf("witness key %q is not NAME+KEYHASH+KEY", vkey)
	}
	hash16, key64, ok := strings.Cut(rest, "+")
	if !ok || len(hash16) != 8 {
		return nil, fmt.Errorf("witness key %q is not NAME+KEYHASH+KEY (the key hash is 8 hex digits)", vkey)
	}
	if name == "" || !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsSpace) >= 0 {
		return nil, fmt.Errorf("witness key %q has an invalid name", vkey)
	}
	h, err := strconv.ParseUint(hash16, 16, 32)
	if err != nil || strings.ToLower(hash16) != hash16 {
		return nil, fmt.Errorf("witness key %q: the key hash %q is not 8 lower-case hex digits", vkey, hash16)
	}
	key, err := base64.StdEncoding.DecodeString(key64)
	if err != nil {
		return nil, fmt.Errorf("witness key %q: the key is not base64: %v", vkey, err)
	}
	if len(key) == 0 || key[0] != CosignatureAlgorithm {
		alg := -1
		if len(key) > 0 {
			alg = int(key[0])
		}
		return nil, fmt.Errorf("witness key %q is not a cosignature key (type 0x04; this one is type %d: a checkpoint signer's key, not a witness's?)", vkey, alg)
	}
	if len(key) != 1+ed25519.PublicKeySize {
		return nil, fmt.Errorf("witness key %q: the Ed25519 key has %d bytes, not %d", vkey, len(key)-1, ed25519.PublicKeySize)
	}
	if want := cosignatureKeyHash(name, key); uint32(h) != want {
		return nil, fmt.Errorf("witness key %q: its key hash %08x does not match its name and key (%08x)", vkey, h, want)
	}
	return &cosignatureVerifier{name: name, hash: uint32(h), key: ed25519.PublicKey(key[1:])}, nil
}

func cosignatureKeyHash(name string, key []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte("\n"))
	h.Write(key)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

type cosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v *cosignatureVerifier) Name() string    { return v.name }
func (v *cosignatureVerifier) KeyHash() uint32 { return v.hash }

// Verify checks a cosignature of msg, a checkpoint's note text.
func (v *cosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != cosignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig)
	if t > math.MaxInt64 {
		return false
	}
	m := make([]byte, 0, 40+len(msg))
	m = append(m, "cosignature/v1\ntime "...)
	m = strconv.AppendUint(m, t, 10)
	m = append(m, '\n')
	m = append(m, msg...)
	return ed25519.Verify(v.key, m, sig[8:])
}

// CosignatureTime returns when a witness made a cosignature, as the
// cosignature says (whole seconds). It does not check the signature.
func CosignatureTime(sig note.Signature) (time.Time, error) {
	b, err := base64.StdEncoding.DecodeString(sig.Base64)
	if err != nil {
		return time.Time{}, fmt.Errorf("cosignature of %s is not base64: %v", sig.Name, err)
	}
	if len(b) != 4+cosignatureSize {
		return time.Time{}, fmt.Errorf("cosignature of %s has %d bytes, not %d: it is not a C2SP tlog-cosignature", sig.Name, len(b), 4+cosignatureSize)
	}
	t := binary.BigEndian.Uint64(b[4:])
	if t > math.MaxInt64 {
		return time.Time{}, errors.New("cosignature time out of range")
	}
	return time.Unix(int64(t), 0).UTC(), nil
}
