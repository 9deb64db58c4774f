package ledger

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
)

// Checkpoint is a signed statement of a ledger's size and root hash, in the
// C2SP tlog-checkpoint format: the origin line ("SITE/LEDGER"), the size, the
// base64 root hash, a blank line, then one signature line per signer.
type Checkpoint struct {
	Ledger string
	Size   uint64
	Root   []byte
	// SignedAt is when it was signed, as its note says; zero for a
	// checkpoint signed before setsafe signed the time.
	SignedAt time.Time
	// Note is the signed note, exactly as signed.
	Note []byte
}

// signedPrefix starts the extension line of a checkpoint's note that says
// when it was signed, in signedLayout: RFC 3339 in UTC, to the
// microsecond, as the ledger keeps times.
const (
	signedPrefix = "signed "
	signedLayout = "2006-01-02T15:04:05.000000Z"
)

// Origin returns a ledger's origin line: the site's key name, a slash, and
// the ledger ID, such as "setsafe/red-mesa".
func Origin(site, ledger string) string { return site + "/" + ledger }

// Signer signs checkpoints with the site's Ed25519 key.
type Signer struct {
	s note.Signer
	v note.Verifier
	// verifierKey is the public key in note format.
	verifierKey string
	// secret is the private key's text, from which other keys derive.
	secret []byte
}

// Key derives a secret key for a purpose from the signing key, so that the
// one key file kept outside the database also keeps the server's other
// secrets, such as the key of confidential reporters' seals. Keys of
// different purposes tell nothing of each other or of the signing key.
func (s *Signer) Key(purpose string) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("setsafe key: " + purpose))
	return m.Sum(nil)
}

// Name returns the key's name, which is also the site part of every origin.
func (s *Signer) Name() string { return s.s.Name() }

// VerifierKey returns the public verifier key in note format
// ("NAME+HASH+BASE64KEY"): what an investigator needs to check checkpoints.
func (s *Signer) VerifierKey() string { return s.verifierKey }

// Verifier returns the verifier for this signer's checkpoints.
func (s *Signer) Verifier() *Verifier { return &Verifier{v: s.v, key: s.verifierKey} }

// Sign returns a checkpoint of a ledger at a size, signed at a time. After
// the origin, size and root, its note carries the time as a C2SP extension
// line ("signed 2021-10-21T07:00:00.000000Z"), so that the signature
// covers it too.
func (s *Signer) Sign(ledger string, size uint64, root []byte, at time.Time) (Checkpoint, error) {
	at = setsafe.LedgerTime(at)
	signed, err := s.signNote(ledger, size, root, signedPrefix+at.Format(signedLayout)+"\n")
	if err != nil {
		return Checkpoint{}, err
	}
	return Checkpoint{Ledger: ledger, Size: size, Root: root, SignedAt: at, Note: signed}, nil
}

// SignNote signs a text as a C2SP signed note with the site's key: a
// statement the site makes, such as a compliance attestation. The text
// must end in a newline. Ed25519 signatures are deterministic: the same
// text always gives the same note.
func (s *Signer) SignNote(text string) ([]byte, error) {
	signed, err := note.Sign(&note.Note{Text: text}, s.s)
	if err != nil {
		return nil, fmt.Errorf("sign note: %w", err)
	}
	return signed, nil
}

// signNote signs the note of a checkpoint with the given extension lines
// (each ending in a newline) after its origin, size and root.
func (s *Signer) signNote(ledger string, size uint64, root []byte, extension string) ([]byte, error) {
	text := string(log.Checkpoint{Origin: Origin(s.Name(), ledger), Size: size, Hash: root}.Marshal()) + extension
	signed, err := note.Sign(&note.Note{Text: text}, s.s)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint of %s at size %d: %w", ledger, size, err)
	}
	return signed, nil
}

// Verifier checks checkpoints against a verifier key.
type Verifier struct {
	v   note.Verifier
	key string
}

// ParseVerifierKey parses a verifier key in note format.
func ParseVerifierKey(key string) (*Verifier, error) {
	key = strings.TrimSpace(key)
	v, err := note.NewVerifier(key)
	if err != nil {
		return nil, fmt.Errorf("parse verifier key: %w (a verifier key looks like NAME+1234abcd+BASE64...)", err)
	}
	return &Verifier{v: v, key: key}, nil
}

// Name returns the key's name.
func (v *Verifier) Name() string { return v.v.Name() }

// Key returns the verifier key in note format.
func (v *Verifier) Key() string { return v.key }

// Open checks a signed checkpoint of the given ledger and returns its size
// and root hash. It fails if the signature is not this verifier's, or if the
// checkpoint names another ledger.
func (v *Verifier) Open(ledger string, signed []byte) (size uint64, root []byte, err error) {
	cp, err := v.OpenCheckpoint(ledger, signed)
	return cp.Size, cp.Root, err
}

// OpenCheckpoint checks a signed checkpoint of the given ledger, as
// [Verifier.Open] does, and returns all it says: with the time it was
// signed, when its note says it. It fails on a signed time it cannot read;
// other extension lines are left alone, as C2SP says.
func (v *Verifier) OpenCheckpoint(ledger string, signed []byte) (Checkpoint, error) {
	cp, rest, _, err := log.ParseCheckpoint(signed, Origin(v.Name(), ledger), v.v)
	if err != nil {
		return Checkpoint{}, err
	}
	at, err := signedTime(rest)
	if err != nil {
		return Checkpoint{}, err
	}
	return Checkpoint{Ledger: ledger, Size: cp.Size, Root: cp.Hash, SignedAt: at, Note: signed}, nil
}

// ReadCheckpoint reads what a signed checkpoint of the given ledger says,
// as [Verifier.OpenCheckpoint] does, but without checking its signature:
// for a checkpoint read back from the server's own storage, whose
// signatures verification checks. A checkpoint from anywhere else must be
// opened with a verifier.
func ReadCheckpoint(ledger string, signed []byte) (Checkpoint, error) {
	end := bytes.LastIndex(signed, []byte("\n\n"))
	if end < 0 {
		return Checkpoint{}, errors.New("the checkpoint is not a signed note: it has no blank line before its signatures")
	}
	var cp log.Checkpoint
	rest, err := cp.Unmarshal(signed[:end+1])
	if err != nil {
		return Checkpoint{}, fmt.Errorf("read checkpoint: %w", err)
	}
	if !strings.HasSuffix(cp.Origin, "/"+ledger) {
		return Checkpoint{}, fmt.Errorf("the checkpoint's origin %q is not of ledger %s", cp.Origin, ledger)
	}
	at, err := signedTime(rest)
	if err != nil {
		return Checkpoint{}, err
	}
	return Checkpoint{Ledger: ledger, Size: cp.Size, Root: cp.Hash, SignedAt: at, Note: signed}, nil
}

// signedTime returns the time a checkpoint's extension lines say it was
// signed, or zero when none does.
func signedTime(extension []byte) (time.Time, error) {
	var signed time.Time
	for line := range strings.Lines(string(extension)) {
		line = strings.TrimSuffix(line, "\n")
		text, ok := strings.CutPrefix(line, signedPrefix)
		if !ok {
			continue
		}
		at, err := time.Parse(signedLayout, text)
		if err != nil || !signed.IsZero() || at.Format(signedLayout) != text {
			return time.Time{}, fmt.Errorf("the checkpoint note's signed-time line %q is not a single time in the form %s; setsafe did not write this note", line, signedLayout)
		}
		signed = at.UTC()
	}
	return signed, nil
}

// Key files. The signing key lives in a file readable by its owner only,
// beside the database and never in it: a copy of the database alone cannot
// forge checkpoints. The verifier key is written next to it, to hand out.

// VerifierKeyPath returns where the verifier key of a signing key file is
// written: the same name with ".pub" appended.
func VerifierKeyPath(signingKeyPath string) string { return signingKeyPath + ".pub" }

// ErrNoKey is returned by [LoadSigner] when the key file does not exist.
var ErrNoKey = errors.New("no signing key")

// LoadSigner reads the signing key file at path. It refuses a key file that
// others than its owner can read.
func LoadSigner(path string) (*Signer, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoKey, path)
	}
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("signing key %s can be read by others (mode %v); run: chmod 600 %s", path, info.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return parseSigningKey(string(bytes.TrimSpace(b)), path)
}

func parseSigningKey(skey, path string) (*Signer, error) {
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	// The private key format carries the public key's name and hash but not
	// the key itself; derive the verifier key by signing and checking.
	vkey, err := verifierKeyOf(skey)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	return &Signer{s: s, v: v, verifierKey: vkey, secret: []byte(skey)}, nil
}

// LoadOrCreateSigner reads the signing key at path, or creates a new Ed25519
// key named name there (mode 0600) and its verifier key beside it. It reports
// whether it created the key.
func LoadOrCreateSigner(path, name string) (*Signer, bool, error) {
	s, err := LoadSigner(path)
	if !errors.Is(err, ErrNoKey) {
		return s, false, err
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, name)
	if err != nil {
		return nil, false, fmt.Errorf("generate signing key named %q: %w (a name may not hold spaces or '+')", name, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("create signing key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it first: use theirs.
		s, err := LoadSigner(path)
		return s, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("create signing key: %w", err)
	}
	_, err = f.WriteString(skey + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("write signing key: %w", err)
	}
	if err := os.WriteFile(VerifierKeyPath(path), []byte(vkey+"\n"), 0o644); err != nil {
		return nil, false, fmt.Errorf("write verifier key: %w", err)
	}
	s, err = parseSigningKey(skey, path)
	return s, err == nil, err
}

// LoadVerifier returns a verifier from a verifier key given either as the
// key itself or as the path of a file holding it.
func LoadVerifier(keyOrPath string) (*Verifier, error) {
	if v, err := ParseVerifierKey(keyOrPath); err == nil {
		return v, nil
	}
	b, err := os.ReadFile(keyOrPath)
	if err != nil {
		return nil, fmt.Errorf("verifier key %q is neither a key nor a readable file: %w", keyOrPath, err)
	}
	return ParseVerifierKey(string(b))
}

// verifierKeyOf derives the verifier key from a signing key in note format
// ("PRIVATE+KEY+NAME+HASH+BASE64(0x01 || seed)").
func verifierKeyOf(skey string) (string, error) {
	parts := strings.SplitN(skey, "+", 5)
	if len(parts) != 5 {
		return "", errors.New("malformed signing key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(raw) != 1+ed25519.SeedSize || raw[0] != 1 {
		return "", errors.New("signing key is not an Ed25519 key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(parts[2], pub)
}
