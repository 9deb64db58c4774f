package ledger

import (
	"fmt"
	"maps"
	"slices"

	"github.com/setsafe/setsafe"
	"golang.org/x/mod/sumdb/note"
)

// ProblemWitness is the kind of a problem with witnesses' cosignatures.
const ProblemWitness = "witness"

// WitnessCheck says which witnesses verification holds a ledger's
// checkpoints to: their cosignature keys, given by whoever verifies and
// never read from the database, and how many must cosign.
type WitnessCheck struct {
	// Verifiers check the witnesses' cosignatures (C2SP tlog-cosignature).
	Verifiers []note.Verifier
	// Quorum is how many of them must cosign each ledger's latest
	// checkpoint; all of them when 0.
	Quorum int
	// Witnessed reports whether a ledger's state configures one of the
	// witnesses; such a ledger, and any ledger one of them cosigned, must
	// have its latest checkpoint cosigned. Optional.
	Witnessed func(s *setsafe.State, witness string) bool
	// Refused reports whether a witness's refusal is open in a ledger's
	// state. Optional.
	Refused func(s *setsafe.State, witness string) bool
}

// Witnesses checks a ledger's cosignatures once its entries and
// checkpoints are checked: each stored cosignature by a given witness
// must verify over the stored checkpoint of its size, and the ledger's
// latest checkpoint must be cosigned by the quorum. checkpoints are the
// stored notes by size; kept is the note kept beside the signing key, if
// any, whose cosignatures count too. Each problem says what the witnesses
// show: entries removed, a restore from an older copy, or a history
// rewritten and signed again.
func (c *Check) Witnesses(w WitnessCheck, checkpoints map[uint64][]byte, cosignatures []Cosignature, kept []byte) {
	if len(w.Verifiers) == 0 {
		return
	}
	size := c.tree.Size()
	state, complete := c.Replayed()
	if !complete {
		state = nil
	}
	type seen struct {
		valid     uint64 // largest size cosigned of a checkpoint stored
		beyond    uint64 // largest size cosigned beyond the ledger's end
		rewritten uint64 // a size whose cosignature is of another checkpoint
	}
	by := map[string]*seen{}
	required := false
	for _, v := range w.Verifiers {
		by[v.Name()] = &seen{}
		if state != nil && w.Witnessed != nil && w.Witnessed(state, v.Name()) {
			required = true
		}
	}
	verifier := func(name, hash string) note.Verifier {
		for _, v := range w.Verifiers {
			if v.Name() == name && fmt.Sprintf("%08x", v.KeyHash()) == hash {
				return v
			}
		}
		return nil
	}
	latestCosigned := map[string]bool{}
	latest := uint64(0)
	for n := range checkpoints {
		if n <= size {
			latest = max(latest, n)
		}
	}
	for _, cs := range cosignatures {
		v := verifier(cs.Witness, cs.KeyHash)
		if v == nil {
			continue // a witness whose key was not given
		}
		required = true
		s := by[v.Name()]
		stored, ok := checkpoints[cs.Size]
		switch {
		case cs.Size > size:
			s.beyond = max(s.beyond, cs.Size)
		case !ok:
			c.Problem(int64(cs.Size), ProblemWitness, "witness %s cosigned the checkpoint at size %d, which is no longer in the database: checkpoints were removed", v.Name(), cs.Size)
		case !cosignedBy(stored, cs.Line, v):
			s.rewritten = max(s.rewritten, cs.Size)
			c.Problem(int64(cs.Size), ProblemWitness, "witness %s's cosignature at size %d does not verify over the checkpoint stored at that size: "+
				"the witness cosigned another checkpoint of that size, so entries were rewritten and signed again", v.Name(), cs.Size)
		default:
			s.valid = max(s.valid, cs.Size)
			if cs.Size == latest {
				latestCosigned[v.Name()] = true
			}
		}
	}
	if len(kept) > 0 {
		if cp, err := ReadCheckpoint(c.ledger, kept); err == nil {
			for _, v := range w.Verifiers {
				if _, err := note.Open(kept, note.VerifierList(v)); err != nil {
					continue
				}
				required = true
				if s := by[v.Name()]; cp.Size > size {
					s.beyond = max(s.beyond, cp.Size)
				}
			}
		}
	}
	if !required || size == 0 && latest == 0 && !slices.ContainsFunc(slices.Collect(maps.Values(by)), func(s *seen) bool { return s.beyond > 0 }) {
		return
	}
	quorum := w.Quorum
	if quorum <= 0 || quorum > len(w.Verifiers) {
		quorum = len(w.Verifiers)
	}
	if len(latestCosigned) >= quorum {
		return
	}
	for _, v := range w.Verifiers {
		name := v.Name()
		if latestCosigned[name] {
			continue
		}
		s := by[name]
		head := fmt.Sprintf("the latest checkpoint, at size %d, is not cosigned by witness %s (%d of the %d needed cosigned it)", latest, name, len(latestCosigned), quorum)
		if latest == 0 {
			head = fmt.Sprintf("no checkpoint of this ledger is cosigned by witness %s", name)
		}
		switch {
		case s.beyond > size:
			removed := fmt.Sprintf("entries %d to %d were removed", size+1, s.beyond)
			if s.beyond == size+1 {
				removed = fmt.Sprintf("entry %d was removed", s.beyond)
			}
			c.Problem(int64(size)+1, ProblemWitness, "%s; %s last cosigned size %d here, which this ledger no longer reaches: "+
				"%s or the database was restored from an older copy", head, name, s.beyond, removed)
		case s.rewritten > 0:
			c.Problem(int64(s.rewritten), ProblemWitness, "%s; %s cosigned a checkpoint at size %d whose root these entries do not hash to: "+
				"entries were rewritten and signed again", head, name, s.rewritten)
		case state != nil && w.Refused != nil && w.Refused(state, name):
			c.Problem(0, ProblemWitness, "%s, which refused it (see the witness.refused alarm)", head)
		case s.valid > 0:
			c.Problem(0, ProblemWitness, "%s; it last cosigned size %d: the witness has not cosigned since, or its cosignatures were removed", head, s.valid)
		default:
			c.Problem(0, ProblemWitness, "%s; it never cosigned a checkpoint of this ledger", head)
		}
	}
}

// cosignedBy reports whether a cosignature line by v verifies over a
// signed checkpoint.
func cosignedBy(signed []byte, line string, v note.Verifier) bool {
	withLine, err := WithCosignatures(signed, line)
	if err != nil {
		return false
	}
	_, err = note.Open(withLine, note.VerifierList(v))
	return err == nil
}
