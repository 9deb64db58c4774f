package ledger

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// CheckpointFile keeps, beside the signing key and outside the database,
// the latest checkpoint the key signed for each ledger. A server that finds
// a ledger not matching its last checkpoint — because someone with access to
// the database rewrote entries and removed the checkpoints that would show
// it — refuses to append to it or sign it, rather than bless the rewrite.
type CheckpointFile struct {
	path   string
	mu     sync.Mutex
	latest map[string]string // ledger → signed note
}

// CheckpointFilePath returns where the checkpoints signed by a key are kept.
func CheckpointFilePath(signingKeyPath string) string { return signingKeyPath + ".checkpoints" }

// OpenCheckpointFile reads the kept checkpoints at path; a missing file is
// an empty one.
func OpenCheckpointFile(path string) (*CheckpointFile, error) {
	f := &CheckpointFile{path: path, latest: map[string]string{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read kept checkpoints: %w", err)
	}
	if err := json.Unmarshal(b, &f.latest); err != nil {
		return nil, fmt.Errorf("read kept checkpoints %s: %w", path, err)
	}
	return f, nil
}

// Latest returns the latest kept checkpoint of a ledger, if any.
func (f *CheckpointFile) Latest(ledger string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	note, ok := f.latest[ledger]
	return []byte(note), ok
}

// Ledgers returns the ledgers with a kept checkpoint, in order.
func (f *CheckpointFile) Ledgers() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.latest))
}

// Keep records checkpoints that are larger than those kept, or of the
// same size with more cosignatures, and writes the file atomically.
func (f *CheckpointFile) Keep(v *Verifier, cps ...Checkpoint) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	changed := false
	for _, cp := range cps {
		if old, ok := f.latest[cp.Ledger]; ok {
			// At the same size, a note carrying more signatures (the
			// witnesses' cosignatures) replaces the one kept.
			if size, _, err := v.Open(cp.Ledger, []byte(old)); err == nil && (size > cp.Size || size == cp.Size && len(old) >= len(cp.Note)) {
				continue
			}
		}
		f.latest[cp.Ledger] = string(cp.Note)
		changed = true
	}
	if !changed {
		return nil
	}
	b, err := json.MarshalIndent(f.latest, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), filepath.Base(f.path)+".*")
	if err != nil {
		return fmt.Errorf("keep checkpoints: %w", err)
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("keep checkpoints: %w", err)
	}
	return nil
}
