package setsafe

import (
	"cmp"
	"slices"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of preparations.
const tablePreparations = "preparations"

func init() {
	rowTypes[tablePreparations] = func() Row { return new(Preparation) }
}

// Preparation is a preparation recorded for a set-up: every record is
// kept, and the latest of each kind for the set-up on a day decides.
type Preparation struct {
	ID      string `db:"id,key" json:"id"`
	Kind    string `db:"kind" json:"kind"`
	SetUpID string `db:"setup_id" json:"setup_id"`
	// Day is the day on set it was done, YYYY-MM-DD.
	Day   string `db:"day" json:"day"`
	By    string `db:"by_person" json:"by"`
	Ready bool   `db:"ready" json:"ready"`
	Notes string `db:"notes" json:"notes,omitempty"`
	// FileID is the SHA-256 of its document, for a kind with one.
	FileID      string    `db:"file_id" json:"file_id,omitempty"`
	WindowFrom  time.Time `db:"window_from_us" json:"window_from,omitzero"`
	WindowUntil time.Time `db:"window_until_us" json:"window_until,omitzero"`
	ConfirmedBy string    `db:"confirmed_by" json:"confirmed_by,omitempty"`
	Limit       float64   `db:"limit_value" json:"limit"`
	Reading     float64   `db:"reading" json:"reading"`
	Count       int64     `db:"count" json:"count"`
	// At is when it was done; RecordedAt when it was recorded.
	At         time.Time `db:"at_us" json:"at"`
	RecordedAt time.Time `db:"recorded_us" json:"recorded_at"`
	LastSeq    int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Preparation) Table() string { return tablePreparations }

// Key implements Row.
func (p *Preparation) Key() string { return p.ID }

// gate returns the preparation as the gate reads it.
func (p *Preparation) gate() gate.Preparation {
	return gate.Preparation{Kind: p.Kind, SetUp: p.SetUpID, Day: p.Day, By: p.By, At: p.At, Ready: p.Ready,
		From: p.WindowFrom, Until: p.WindowUntil, Confirmer: p.ConfirmedBy, Limit: p.Limit, Reading: p.Reading, Count: int(p.Count)}
}

// Preparation returns the preparation with the given ID, or nil.
func (s *State) Preparation(id string) *Preparation {
	return lookup[*Preparation](s, tablePreparations, id)
}

// PreparationsOf returns every preparation recorded for a set-up, the
// earliest first: the latest of each kind decides.
func (s *State) PreparationsOf(setupID string) []*Preparation {
	return byTimeDone(grouped[*Preparation](s, preparationsBySetUp, setupID))
}

// preparationsOn returns the preparations of a set-up done on a day, the
// earliest first.
func (s *State) preparationsOn(setupID, day string) []*Preparation {
	return byTimeDone(grouped[*Preparation](s, preparationsBySetUpDay, setupID+"/"+day))
}

// byTimeDone orders preparations by when they were done, and those done
// at the same time by when they were recorded.
func byTimeDone(out []*Preparation) []*Preparation {
	slices.SortFunc(out, func(a, b *Preparation) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.LastSeq, b.LastSeq)
	})
	return out
}

// LatestPreparations returns the latest preparation of each kind recorded
// for a set-up on a day, by kind: the records the gate reads.
func (s *State) LatestPreparations(setupID, day string) map[string]*Preparation {
	out := map[string]*Preparation{}
	for _, p := range s.preparationsOn(setupID, day) {
		out[p.Kind] = p
	}
	return out
}

// Where a preparation a set-up needs stands, as PreparationStatus says:
// the gate's reading of it.
const (
	PreparationMissing    = gate.PreparationMissing
	PreparationNotReady   = gate.PreparationNotReady
	PreparationNotHolding = gate.PreparationNotHolding
	PreparationOverLimit  = gate.PreparationOverLimit
	PreparationStale      = gate.PreparationStale
	PreparationReady      = gate.PreparationReady
)

// PreparationStatus is a kind of preparation a set-up needs, with its
// latest record today and where it stands at a moment, as the gate reads
// it.
type PreparationStatus struct {
	Kind   gate.PreparationKind `json:"kind"`
	Latest *Preparation         `json:"latest,omitempty"`
	// State is one of missing, not_ready, window_not_holding, over_limit,
	// stale and ready.
	State string `json:"state"`
}

// PreparationStatuses returns where each preparation a set-up's hazards
// need stands at now, in the order of gate.PreparationKinds.
func (s *State) PreparationStatuses(setupID string, now time.Time) []PreparationStatus {
	latest := s.LatestPreparations(setupID, s.Day(now))
	var out []PreparationStatus
	for _, k := range s.PreparationsNeeded(setupID) {
		st := PreparationStatus{Kind: k, Latest: latest[k.ID], State: PreparationMissing}
		if st.Latest != nil {
			g := st.Latest.gate()
			st.State = k.Stands(&g, now)
		}
		out = append(out, st)
	}
	return out
}

// SetUpDocuments returns the documents attached to a set-up.
func (s *State) SetUpDocuments(setupID string) []*Attachment {
	var out []*Attachment
	for _, a := range s.Attachments() {
		if a.Subject == SubjectSetUp && a.SubjectID == setupID {
			out = append(out, a)
		}
	}
	return out
}

// IsSetUpDocument reports whether a file is attached to some set-up.
func (s *State) IsSetUpDocument(file string) bool {
	for _, a := range s.Attachments() {
		if a.Subject == SubjectSetUp && a.File == file {
			return true
		}
	}
	return false
}
