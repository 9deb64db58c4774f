package ledger

import (
	"bytes"
	"fmt"
	"time"

	"github.com/setsafe/setsafe"
)

// StoredEntry is one row of the ledger table as storage holds it.
type StoredEntry struct {
	Seq        int64
	TimeMicros int64
	Actor      string
	Type       string
	Corrects   int64
	Entry      []byte
	LeafHash   []byte
	Nodes      []byte
}

// StoredCheckpoint is one row of the checkpoints table, or the copy of a
// checkpoint kept outside the database.
type StoredCheckpoint struct {
	Size uint64
	Root []byte
	Note []byte
	// SignedMicros is the signed_us column: when it was signed.
	SignedMicros int64
	// Kept marks the copy kept outside the database, beside the signing key.
	Kept bool
}

func (cp StoredCheckpoint) name() string {
	if cp.Kept {
		return "the checkpoint kept beside the signing key"
	}
	return "a checkpoint"
}

// Problem kinds.
const (
	ProblemEntry      = "entry"
	ProblemCheckpoint = "checkpoint"
	ProblemProjection = "projection"
	ProblemFile       = "file"
)

// Problem is one thing that verification found wrong, or worth a warning.
type Problem struct {
	Ledger string `json:"ledger"`
	// Seq is the sequence number of the entry concerned, or 0.
	Seq  int64  `json:"seq,omitempty"`
	Kind string `json:"kind"`
	What string `json:"what"`
}

// String returns the problem as one line: ledger, entry and what is wrong.
func (p Problem) String() string {
	if p.Seq > 0 {
		return fmt.Sprintf("%s: entry %d: %s", p.Ledger, p.Seq, p.What)
	}
	return fmt.Sprintf("%s: %s", p.Ledger, p.What)
}

// MaxProblems is how many problems a check records per ledger; beyond that
// it only counts them.
const MaxProblems = 100

// Check verifies one ledger as its stored rows are fed to it: entries in
// sequence order, each checkpoint right after the entry that brings the tree
// to the checkpoint's size, then [Check.Finish]. Meanwhile it replays the
// events into a fresh [setsafe.State] to compare with the stored
// projections.
type Check struct {
	ledger   string
	verifier *Verifier

	tree       *Tree
	treeBroken bool
	state      *setsafe.State
	replayStop int64 // the entry at which replay stopped, or 0
	lastTime   time.Time

	goodSize    uint64 // largest size whose checkpoint matched
	checkpoints int

	problems   []Problem
	warnings   []Problem
	suppressed int
}

// NewCheck starts the check of a ledger against a verifier key.
func NewCheck(ledger string, v *Verifier) *Check {
	return &Check{ledger: ledger, verifier: v, tree: NewTree(), state: setsafe.NewState(ledger)}
}

// Size returns the number of entries checked so far.
func (c *Check) Size() uint64 { return c.tree.Size() }

// Problem records a problem found by the caller, such as a differing
// projection row.
func (c *Check) Problem(seq int64, kind, format string, args ...any) {
	if len(c.problems) >= MaxProblems {
		c.suppressed++
		return
	}
	c.problems = append(c.problems, Problem{Ledger: c.ledger, Seq: seq, Kind: kind, What: fmt.Sprintf(format, args...)})
}

func (c *Check) warn(seq int64, kind, format string, args ...any) {
	c.warnings = append(c.warnings, Problem{Ledger: c.ledger, Seq: seq, Kind: kind, What: fmt.Sprintf(format, args...)})
}

// Entry checks the next stored entry.
func (c *Check) Entry(e StoredEntry) {
	want := int64(c.tree.Size()) + 1
	if e.Seq != want {
		if e.Seq > want {
			c.Problem(want, ProblemEntry, "entries %d to %d are missing", want, e.Seq-1)
		} else {
			c.Problem(e.Seq, ProblemEntry, "entry is out of order")
		}
		c.treeBroken = true
		c.stopReplay(want)
		if e.Seq < want {
			return
		}
		// Carry on hashing from here so that later rows are still read,
		// though no later checkpoint can match.
		for int64(c.tree.Size())+1 < e.Seq {
			c.tree.Append(make([]byte, HashSize))
		}
	}

	leaf := LeafHash(e.Entry)
	if !bytes.Equal(leaf, e.LeafHash) {
		c.Problem(e.Seq, ProblemEntry, "the entry's bytes do not match its stored leaf hash: the entry or its hash was changed")
		// Build the tree from the stored hash, so that a changed entry is
		// reported here alone and a changed hash by the checkpoints.
		if len(e.LeafHash) == HashSize {
			leaf = e.LeafHash
		}
	}
	nodes := c.tree.Append(leaf)
	if !bytes.Equal(nodes, e.Nodes) {
		c.Problem(e.Seq, ProblemEntry, "the stored tree nodes of this row differ from those computed from the entries up to it")
	}

	env, err := DecodeEnvelope(e.Entry)
	if err != nil {
		c.Problem(e.Seq, ProblemEntry, "cannot be decoded: %v", err)
		c.stopReplay(e.Seq)
		return
	}
	c.checkColumns(e, env)
	ev, err := env.Event()
	if err != nil {
		c.Problem(e.Seq, ProblemEntry, "cannot be decoded: %v", err)
		c.stopReplay(e.Seq)
		return
	}
	if ev.Time.Before(c.lastTime) {
		c.Problem(e.Seq, ProblemEntry, "its time %s is before the previous entry's %s", ev.Time.Format(time.RFC3339Nano), c.lastTime.Format(time.RFC3339Nano))
	}
	c.lastTime = ev.Time
	if c.replayStop == 0 {
		if err := c.state.Apply(ev); err != nil {
			c.Problem(e.Seq, ProblemEntry, "cannot be replayed: %v", err)
			c.stopReplay(e.Seq)
		}
	}
}

func (c *Check) checkColumns(e StoredEntry, env Envelope) {
	var diffs []string
	if env.Ledger != c.ledger {
		diffs = append(diffs, fmt.Sprintf("ledger: entry says %q", env.Ledger))
	}
	if env.Seq != e.Seq {
		diffs = append(diffs, fmt.Sprintf("seq: entry says %d", env.Seq))
	}
	if env.Time.UnixMicro() != e.TimeMicros {
		diffs = append(diffs, fmt.Sprintf("time_us: column %d, entry %d", e.TimeMicros, env.Time.UnixMicro()))
	}
	if env.Actor != e.Actor {
		diffs = append(diffs, fmt.Sprintf("actor: column %q, entry %q", e.Actor, env.Actor))
	}
	if env.Type != e.Type {
		diffs = append(diffs, fmt.Sprintf("type: column %q, entry %q", e.Type, env.Type))
	}
	if env.Corrects != e.Corrects {
		diffs = append(diffs, fmt.Sprintf("corrects: column %d, entry %d", e.Corrects, env.Corrects))
	}
	for _, d := range diffs {
		c.Problem(e.Seq, ProblemEntry, "column differs from the signed entry: %s", d)
	}
}

func (c *Check) stopReplay(seq int64) {
	if c.replayStop == 0 {
		c.replayStop = seq
	}
}

// Checkpoint checks a stored checkpoint. Call it when [Check.Size] equals
// the checkpoint's size, or, for checkpoints beyond the last entry, after
// the last entry and before [Check.Finish].
func (c *Check) Checkpoint(cp StoredCheckpoint) {
	if !cp.Kept {
		c.checkpoints++
	}
	opened, err := c.verifier.OpenCheckpoint(c.ledger, cp.Note)
	size, root := opened.Size, opened.Root
	if err != nil {
		if cp.Kept {
			c.Problem(0, ProblemCheckpoint, "%s is not validly signed by key %s for this ledger: %v", cp.name(), c.verifier.Name(), err)
		} else {
			c.Problem(0, ProblemCheckpoint, "%s at size %d is not validly signed by key %s for this ledger: %v", cp.name(), cp.Size, c.verifier.Name(), err)
		}
		return
	}
	if size != cp.Size || !bytes.Equal(root, cp.Root) {
		c.Problem(0, ProblemCheckpoint, "checkpoint row at size %d: its size or root columns differ from the signed note (size %d)", cp.Size, size)
	}
	if size > c.tree.Size() {
		c.Problem(int64(c.tree.Size())+1, ProblemCheckpoint,
			"%s was signed at size %d but the ledger holds %d: entries %d to %d were removed, or the database was restored from an older copy",
			cp.name(), size, c.tree.Size(), c.tree.Size()+1, size)
		return
	}
	if size != c.tree.Size() {
		return // a mismatched size column; already reported
	}
	c.checkSignedTime(cp, opened.SignedAt)
	if c.treeBroken {
		c.Problem(0, ProblemCheckpoint, "%s at size %d cannot match: entries are missing before it", cp.name(), size)
		return
	}
	if !bytes.Equal(root, c.tree.Root()) {
		c.Problem(int64(size), ProblemCheckpoint,
			"the entries do not hash to the root of %s at size %d: an entry from %d to %d was changed, removed or reordered",
			cp.name(), size, c.goodSize+1, size)
		return
	}
	c.goodSize = size
}

// checkSignedTime checks when a checkpoint was signed, right after the
// last entry it covers: the time its note signs, which the signed_us column
// must repeat, may not be before that entry. A checkpoint signed before
// setsafe signed the time has it in the column only, which nothing vouches
// for: the server then wrote its clock's time there, which could be behind
// the entries' times (those never run backwards, however the clock moves),
// so such a column before the entry is only a warning.
func (c *Check) checkSignedTime(cp StoredCheckpoint, signed time.Time) {
	covers := c.tree.Size() > 0
	if !signed.IsZero() {
		if !cp.Kept && cp.SignedMicros != signed.UnixMicro() {
			c.Problem(int64(cp.Size), ProblemCheckpoint, "checkpoint row at size %d: its signed_us column %d differs from the time signed in its note, %s",
				cp.Size, cp.SignedMicros, signed.Format(time.RFC3339Nano))
		}
		if covers && signed.Before(c.lastTime) {
			c.Problem(int64(cp.Size), ProblemCheckpoint, "%s at size %d was signed at %s, before entry %d that it covers (%s)",
				cp.name(), cp.Size, signed.Format(time.RFC3339Nano), cp.Size, c.lastTime.Format(time.RFC3339Nano))
		}
		return
	}
	if cp.Kept {
		return
	}
	if at := time.UnixMicro(cp.SignedMicros).UTC(); covers && at.Before(c.lastTime) {
		c.warn(int64(cp.Size), ProblemCheckpoint, "the checkpoint at size %d has no signed time in its note, and its signed_us column says %s, "+
			"before entry %d that it covers (%s): the server's clock was behind the entries' times when it signed, or the column was changed",
			cp.Size, at.Format(time.RFC3339Nano), cp.Size, c.lastTime.Format(time.RFC3339Nano))
	}
}

// Finish ends the check once every entry and checkpoint has been fed.
func (c *Check) Finish() {
	size := c.tree.Size()
	if size > 0 && c.checkpoints == 0 {
		c.warn(0, ProblemCheckpoint, "no signed checkpoint covers this ledger yet")
	} else if c.goodSize < size {
		c.warn(int64(c.goodSize)+1, ProblemCheckpoint, "entries %d to %d are not yet covered by a signed checkpoint", c.goodSize+1, size)
	}
	if c.suppressed > 0 {
		c.problems = append(c.problems, Problem{Ledger: c.ledger, Kind: ProblemEntry, What: fmt.Sprintf("and %d more problems", c.suppressed)})
	}
}

// Replayed returns the state rebuilt from the entries, and whether replay
// reached the end. When it did not, the state is incomplete and must not be
// compared with the stored projections.
func (c *Check) Replayed() (*setsafe.State, bool) { return c.state, c.replayStop == 0 }

// ReplayStoppedAt returns the entry at which replay stopped, or 0.
func (c *Check) ReplayStoppedAt() int64 { return c.replayStop }

// Problems returns what the check found wrong.
func (c *Check) Problems() []Problem { return c.problems }

// Warnings returns what is not wrong but worth knowing, such as entries not
// yet covered by a checkpoint.
func (c *Check) Warnings() []Problem { return c.warnings }

// Checkpoints returns how many checkpoints were checked.
func (c *Check) Checkpoints() int { return c.checkpoints }
