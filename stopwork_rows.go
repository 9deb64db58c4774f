package setsafe

import (
	"slices"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of stop-works.
const tableStopWorks = "stop_works"

func init() {
	rowTypes[tableStopWorks] = func() Row { return new(StopWork) }
}

// StopWork is a call to stop work for safety, in force until lifted.
type StopWork struct {
	ID         string    `db:"id,key" json:"id"`
	Scope      string    `db:"scope" json:"scope"`
	SetUpID    string    `db:"setup_id" json:"setup_id,omitempty"`
	Hazard     string    `db:"hazard" json:"hazard,omitempty"`
	LocationID string    `db:"location_id" json:"location_id,omitempty"`
	Reason     string    `db:"reason" json:"reason"`
	CalledBy   string    `db:"called_by" json:"called_by"`
	CalledAt   time.Time `db:"called_us" json:"called_at"`
	Lifted     bool      `db:"lifted" json:"lifted"`
	Resolution string    `db:"resolution" json:"resolution,omitempty"`
	LiftedBy   string    `db:"lifted_by" json:"lifted_by,omitempty"`
	LastSeq    int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*StopWork) Table() string { return tableStopWorks }

// Key implements Row.
func (w *StopWork) Key() string { return w.ID }

// StopWork returns the stop-work call with the given ID, or nil.
func (s *State) StopWork(id string) *StopWork { return lookup[*StopWork](s, tableStopWorks, id) }

// StopWorksInForce returns the stop-work calls not lifted, ordered by ID.
func (s *State) StopWorksInForce() []*StopWork {
	out := grouped[*StopWork](s, stopWorksInForce, "")
	slices.SortFunc(out, byKey)
	return out
}

// StopWorks returns every stop-work call, lifted or not, ordered by ID.
func (s *State) StopWorks() []*StopWork { return all[*StopWork](s, tableStopWorks) }

func (s *State) addStopWorks(sit *gate.Situation) {
	for _, w := range s.StopWorksInForce() {
		by := "anonymous"
		if p := s.Person(w.CalledBy); p != nil {
			by = p.Name
		}
		sit.StopWorks = append(sit.StopWorks, gate.StopWork{Scope: w.Scope, SetUp: w.SetUpID, Hazard: w.Hazard, Location: w.LocationID, By: by, Reason: w.Reason})
	}
}
