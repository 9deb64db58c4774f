package setsafe

import "time"

// The projection table of live rounds reported on set.
const tableLiveRounds = "live_round_reports"

func init() {
	rowTypes[tableLiveRounds] = func() Row { return new(LiveRoundReport) }
}

// LiveRoundReport is a report of a live round on set (AM-1). Until the
// armorer removes it and a second person verifies, firearm work stops.
type LiveRoundReport struct {
	ID          string `db:"id,key" json:"id"`
	Description string `db:"description" json:"description"`
	ReportedBy  string `db:"reported_by" json:"reported_by"`
	// At is when it was reported, the time of its entry; OccurredAt is
	// when the round was found, as the report says (the same as At when
	// it did not say).
	At         time.Time `db:"at_us" json:"at"`
	OccurredAt time.Time `db:"occurred_us" json:"occurred_at"`
	Cleared    bool      `db:"cleared" json:"cleared"`
	RemovedBy  string    `db:"removed_by" json:"removed_by,omitempty"`
	VerifiedBy string    `db:"verified_by" json:"verified_by,omitempty"`
	LastSeq    int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*LiveRoundReport) Table() string { return tableLiveRounds }

// Key implements Row.
func (x *LiveRoundReport) Key() string { return x.ID }

// LiveRoundReports returns every live round report, cleared or not.
func (s *State) LiveRoundReports() []*LiveRoundReport {
	return all[*LiveRoundReport](s, tableLiveRounds)
}

// LiveRoundReport returns the live round report with the given ID, or nil.
func (s *State) LiveRoundReport(id string) *LiveRoundReport {
	return lookup[*LiveRoundReport](s, tableLiveRounds, id)
}
