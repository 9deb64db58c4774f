package setsafe

import (
	"fmt"
	"time"
)

func init() {
	register[LiveRoundReported](2, "Live round reported")
	registerOlder[LiveRoundReportedV1]()
	register[LiveRoundCleared](1, "Live round removed")
}

// LiveRoundReported records a live round found or suspected on set. This
// is body version 2, which says when it was found; version 1 is
// [LiveRoundReportedV1].
type LiveRoundReported struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	ReportedBy  string `json:"reported_by"`
	// OccurredAt is when the round was found, as the reporter says; zero
	// when they did not say, and then it was found when it was reported.
	OccurredAt time.Time `json:"occurred_at,omitzero"`
}

// EventType implements Body.
func (*LiveRoundReported) EventType() string { return "live_round.reported" }

func (b *LiveRoundReported) apply(s *State, e Event) error {
	if lookup[*LiveRoundReport](s, tableLiveRounds, b.ID) != nil {
		return fmt.Errorf("live round report %s exists already", b.ID)
	}
	s.put(&LiveRoundReport{ID: b.ID, Description: b.Description, ReportedBy: b.ReportedBy, At: e.Time, OccurredAt: occurred(b.OccurredAt, e.Time), LastSeq: e.Seq})
	return nil
}

func (b *LiveRoundReported) refers() References {
	return References{People: named(b.ReportedBy)}
}

// LiveRoundReportedV1 is body version 1 of live_round.reported, written
// before a report said when the round was found: it was found when it was
// reported. Old ledgers hold it; nothing writes it any more.
type LiveRoundReportedV1 struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	ReportedBy  string `json:"reported_by"`
}

// EventType implements Body.
func (*LiveRoundReportedV1) EventType() string { return "live_round.reported" }

func (*LiveRoundReportedV1) bodyVersion() int { return 1 }

func (b *LiveRoundReportedV1) apply(s *State, e Event) error {
	return (&LiveRoundReported{ID: b.ID, Description: b.Description, ReportedBy: b.ReportedBy}).apply(s, e)
}

func (b *LiveRoundReportedV1) refers() References {
	return References{People: named(b.ReportedBy)}
}

// LiveRoundCleared records the armorer removing a reported live round and
// a second person verifying it is gone.
type LiveRoundCleared struct {
	ID         string `json:"id"`
	RemovedBy  string `json:"removed_by"`
	VerifiedBy string `json:"verified_by"`
}

// EventType implements Body.
func (*LiveRoundCleared) EventType() string { return "live_round.cleared" }

func (b *LiveRoundCleared) apply(s *State, e Event) error {
	x := edit(lookup[*LiveRoundReport](s, tableLiveRounds, b.ID))
	if x == nil {
		return fmt.Errorf("live round report %s does not exist", b.ID)
	}
	x.Cleared, x.RemovedBy, x.VerifiedBy, x.LastSeq = true, b.RemovedBy, b.VerifiedBy, e.Seq
	s.put(x)
	return nil
}

func (b *LiveRoundCleared) refers() References {
	return References{People: named(b.RemovedBy, b.VerifiedBy)}
}
