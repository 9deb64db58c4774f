package main

import (
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
	v, err := evidence.NewCosignatureVerifier(keyOrPath)
	if err != nil {
		b, ferr := os.ReadFile(keyOrPath)
		if ferr != nil {
			return fmt.Errorf("%q is neither a witness's cosignature key (%v) nor a readable file (%v)", keyOrPath, err, ferr)
		}
		if v, err = evidence.NewCosignatureVerifier(string(b)); err != nil {
			return fmt.Errorf("file %s: %v", keyOrPath, err)
		}
	}
	for _, o := range *w {
		if o.Name() == v.Name() {
			return fmt.Errorf("witness %s is given twice", v.Name())
		}
	}
	*w = append(*w, v)
	return nil
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
