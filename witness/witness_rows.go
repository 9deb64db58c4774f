package witness

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// The projection tables of the witnesses, their settings and their
// refusals.
const (
	tableWitnesses = "witnesses"
	tableSettings  = "witness_settings"
	tableRefusals  = "witness_refusals"
)

func init() {
	setsafe.RegisterTable[Entry]()
	setsafe.RegisterTable[Settings]()
	setsafe.RegisterTable[Refusal]()
	setsafe.RegisterClock(refusalPrefix, func(id string) setsafe.Command { return EscalateRefusal{ID: id} }, openRefusalsStanding)
}

// Witness is a witness the production's checkpoints are submitted to.
type Witness struct {
	// Name is the witness's name, as its key names it.
	Name string `json:"name"`
	// URL is its base URL: submissions go to URL + "/add-checkpoint".
	URL string `json:"url"`
	// Key is its cosignature verifier key, name+hash+base64(0x04||key).
	Key string `json:"key"`
}

// KeyHash returns the ID of the witness's key, 8 lowercase hex digits, as
// its cosignature lines carry it.
func (w Witness) KeyHash() string {
	parts := strings.SplitN(w.Key, "+", 3)
	if len(parts) != 3 {
		return ""
	}
	return parts[1]
}

// Entry is a witness configured on the production, with who added it.
type Entry struct {
	Name string `db:"name,key" json:"name"`
	URL  string `db:"url" json:"url"`
	// VerifierKey is its cosignature verifier key.
	VerifierKey string `db:"key" json:"key"`
	// Added is the ledger position of its witness.added entry: witnesses
	// are listed in the order added.
	Added   int64     `db:"added_seq" json:"-"`
	AddedBy string    `db:"added_by" json:"added_by"`
	AddedAt time.Time `db:"added_us" json:"added_at"`
	LastSeq int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*Entry) Table() string { return tableWitnesses }

// Key implements setsafe.Row.
func (w *Entry) Key() string { return w.Name }

// Witness returns what the submitter needs of the entry.
func (w *Entry) Witness() Witness { return Witness{Name: w.Name, URL: w.URL, Key: w.VerifierKey} }

// Settings are the production's quorum and the rungs of the ladder that
// receive a copy of final checkpoints: one row, written when either is
// first set.
type Settings struct {
	ID string `db:"id,key" json:"-"`
	// Quorum is how many configured witnesses must cosign a checkpoint
	// for it to be final; 0 until set, which means DefaultQuorum.
	Quorum int64 `db:"quorum" json:"quorum"`
	// Rungs are rung names, separated by spaces.
	Rungs   string `db:"copy_rungs" json:"-"`
	LastSeq int64  `db:"last_seq" json:"last_seq"`
}

// settingsKey is the key of a production's one row of settings.
const settingsKey = "witnesses"

// Table implements setsafe.Row.
func (*Settings) Table() string { return tableSettings }

// Key implements setsafe.Row.
func (s *Settings) Key() string { return s.ID }

// DefaultQuorum is the quorum of a production that never set one.
const DefaultQuorum = 1

// The states of a refusal: open → acknowledged → resolved. An open
// refusal climbs the ladder on its clock; an acknowledged one stops
// climbing and stays shown until someone resolves it.
const (
	RefusalStateOpen         = "open"
	RefusalStateAcknowledged = "acknowledged"
	RefusalStateResolved     = "resolved"
)

// Refusal is a witness refusing a checkpoint because the ledger does not
// extend what it saw: an alarm, until someone resolves it.
type Refusal struct {
	ID      string `db:"id,key" json:"id"`
	Witness string `db:"witness" json:"witness"`
	// Size is the size of the checkpoint refused.
	Size int64 `db:"size" json:"size"`
	// Status is the HTTP status the witness answered; Reason what it said.
	Status   int64     `db:"status" json:"status"`
	Reason   string    `db:"reason" json:"reason"`
	State    string    `db:"state" json:"state"`
	RaisedAt time.Time `db:"raised_us" json:"raised_at"`
	// Rung is the rung of the ladder it has climbed to; -1 while only
	// those told at once know.
	Rung int64 `db:"rung" json:"rung"`
	// Deadline is when it climbs next unless acknowledged; zero once
	// acknowledged or resolved.
	Deadline       time.Time `db:"deadline_us" json:"deadline,omitzero"`
	AcknowledgedBy string    `db:"acknowledged_by" json:"acknowledged_by,omitempty"`
	AcknowledgedAt time.Time `db:"acknowledged_us" json:"acknowledged_at,omitzero"`
	Acknowledgment string    `db:"acknowledgment" json:"acknowledgment,omitempty"`
	ResolvedBy     string    `db:"resolved_by" json:"resolved_by,omitempty"`
	ResolvedAt     time.Time `db:"resolved_us" json:"resolved_at,omitzero"`
	Resolution     string    `db:"resolution" json:"resolution,omitempty"`
	LastSeq        int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*Refusal) Table() string { return tableRefusals }

// Key implements setsafe.Row.
func (r *Refusal) Key() string { return r.ID }

// refusalsUnresolved indexes the refusals not yet resolved, by witness.
var refusalsUnresolved = setsafe.AddIndex(tableRefusals, func(r setsafe.Row) (string, bool) {
	x := r.(*Refusal)
	return x.Witness, x.State != RefusalStateResolved
})

// refusalsAll indexes every refusal in one group, to list them.
var refusalsUnresolvedAll = setsafe.AddIndex(tableRefusals, func(r setsafe.Row) (string, bool) {
	return "", r.(*Refusal).State != RefusalStateResolved
})

// Entries returns the witnesses configured, in the order added.
func Entries(s *setsafe.State) []*Entry {
	out := setsafe.All[*Entry](s, tableWitnesses)
	slices.SortFunc(out, func(a, b *Entry) int { return int(a.Added - b.Added) })
	return out
}

// Find returns the witness configured under a name, or nil.
func Find(s *setsafe.State, name string) *Entry {
	return setsafe.Lookup[*Entry](s, tableWitnesses, name)
}

// Named returns the witness configured under a name or, failing that,
// whose key has the ID given (as addresses name a witness whose name
// holds a slash), or nil.
func Named(s *setsafe.State, nameOrKeyHash string) *Entry {
	if w := Find(s, nameOrKeyHash); w != nil {
		return w
	}
	for _, w := range Entries(s) {
		if w.Witness().KeyHash() == nameOrKeyHash {
			return w
		}
	}
	return nil
}

// Configured returns the witnesses configured, in the order added.
func Configured(s *setsafe.State) []Witness {
	out := []Witness{}
	for _, w := range Entries(s) {
		out = append(out, w.Witness())
	}
	return out
}

// settings returns the production's settings row, or nil.
func settings(s *setsafe.State) *Settings {
	return setsafe.Lookup[*Settings](s, tableSettings, settingsKey)
}

// Quorum returns how many configured witnesses must cosign a checkpoint
// for it to be final: DefaultQuorum until set.
func Quorum(s *setsafe.State) int {
	if x := settings(s); x != nil && x.Quorum > 0 {
		return int(x.Quorum)
	}
	return DefaultQuorum
}

// CopyRungs returns the rungs of the ladder that receive a copy of final
// checkpoints, in the ladder's order.
func CopyRungs(s *setsafe.State) []string {
	x := settings(s)
	if x == nil {
		return []string{}
	}
	return inLadderOrder(strings.Fields(x.Rungs))
}

func inLadderOrder(rungs []string) []string {
	slices.SortFunc(rungs, func(a, b string) int { return slices.Index(setsafe.Rungs, a) - slices.Index(setsafe.Rungs, b) })
	return rungs
}

// OpenRefusal returns the witness's refusal not yet resolved (open or
// acknowledged), or nil.
func OpenRefusal(s *setsafe.State, name string) *Refusal {
	if rs := setsafe.Grouped[*Refusal](s, refusalsUnresolved, name); len(rs) > 0 {
		return rs[0]
	}
	return nil
}

// FindRefusal returns the refusal with the given ID, or nil.
func FindRefusal(s *setsafe.State, id string) *Refusal {
	return setsafe.Lookup[*Refusal](s, tableRefusals, id)
}

// OpenRefusals returns the refusals not yet resolved, the earliest first.
func OpenRefusals(s *setsafe.State) []*Refusal {
	out := setsafe.Grouped[*Refusal](s, refusalsUnresolvedAll, "")
	slices.SortFunc(out, func(a, b *Refusal) int {
		if c := a.RaisedAt.Compare(b.RaisedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Refusals returns every refusal recorded, resolved ones included, the
// latest first.
func Refusals(s *setsafe.State) []*Refusal {
	out := setsafe.All[*Refusal](s, tableRefusals)
	slices.SortFunc(out, func(a, b *Refusal) int {
		if c := b.RaisedAt.Compare(a.RaisedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out
}
