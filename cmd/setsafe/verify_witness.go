package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/witness"
	"golang.org/x/mod/sumdb/note"
)

// witnessKeys are the witnesses' cosignature verifier keys given to
// verify, each as the key itself or a file holding it (repeatable).
type witnessKeys []note.Verifier

// String implements flag.Value.
func (w *witnessKeys) String() string {
	names := make([]string, len(*w))
	for i, v := range *w {
		names[i] = v.Name()
	}
	return strings.Join(names, ", ")
}

// Set implements flag.Value.
func (w *witnessKeys) Set(keyOrPath string) error {
	_, v, err := witnessKey(keyOrPath)
	if err != nil {
		return err
	}
	for _, o := range *w {
		if o.Name() == v.Name() {
			return fmt.Errorf("witness %s is given twice", v.Name())
		}
	}
	*w = append(*w, v)
	return nil
}

// witnessKey reads a witness's cosignature verifier key given as the key
// itself or as a file holding it; it returns the key's text and its
// verifier, or what is wrong with it.
func witnessKey(keyOrPath string) (string, note.Verifier, error) {
	keyOrPath = strings.TrimSpace(keyOrPath)
	if keyOrPath == "" {
		return "", nil, errors.New("empty: give a witness's key, or the file that holds it")
	}
	v, err := evidence.NewCosignatureVerifier(keyOrPath)
	if err == nil {
		return keyOrPath, v, nil
	}
	b, ferr := os.ReadFile(keyOrPath)
	if ferr != nil {
		return "", nil, fmt.Errorf("%q is neither a witness's cosignature key (%v) nor a readable file (%v)", keyOrPath, err, ferr)
	}
	key := strings.TrimSpace(string(b))
	if v, err = evidence.NewCosignatureVerifier(key); err != nil {
		return "", nil, fmt.Errorf("file %s: %v", keyOrPath, err)
	}
	return key, v, nil
}

// witnessCheck holds verification to the witnesses given and their quorum.
func witnessCheck(keys witnessKeys, quorum int) (ledger.WitnessCheck, error) {
	if quorum != 0 && len(keys) == 0 {
		return ledger.WitnessCheck{}, usagef("--quorum needs the witnesses' keys: give each with --witness KEY|FILE")
	}
	if quorum < 0 || quorum > len(keys) {
		return ledger.WitnessCheck{}, usagef("--quorum must be from 1 to %d, the number of witnesses given", len(keys))
	}
	return ledger.WitnessCheck{
		Verifiers: keys,
		Quorum:    quorum,
		Witnessed: func(s *setsafe.State, name string) bool { return witness.Find(s, name) != nil },
		Refused:   func(s *setsafe.State, name string) bool { return witness.OpenRefusal(s, name) != nil },
	}, nil
}
