package setsafe

import (
	"fmt"
	"time"
)

func init() {
	register[CheckedIn](1, "Checked in on set")
	register[CheckedOut](1, "Checked out of set")
}

// Ways a check-in or a check-out is confirmed.
const (
	// CheckInByPIN is a person typing their own PIN on the shared device
	// of the day, signed in by someone who runs the day; the server checks
	// the PIN.
	CheckInByPIN = "pin"
	// CheckInBySession is a person doing it on their own phone, signed in
	// as themselves; for a check-out, also someone who runs the day
	// checking out a person who left without doing so (see
	// [CheckedOut.By]).
	CheckInBySession = "session"
)

// CheckInConfirmations are the ways a check-in or check-out is confirmed.
var CheckInConfirmations = []string{CheckInByPIN, CheckInBySession}

// CheckedIn records that a person arrived on set: when (OccurredAt), for
// which of the set's calendar days (Day), and how they confirmed it. The
// check-in counts for that day only, until they check out.
type CheckedIn struct {
	PersonID    string    `json:"person_id"`
	Day         string    `json:"day"`
	OccurredAt  time.Time `json:"occurred_at"`
	ConfirmedBy string    `json:"confirmed_by"`
}

// EventType implements Body.
func (*CheckedIn) EventType() string { return "checkin.in" }

func (b *CheckedIn) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	s.put(&CheckIn{PersonID: b.PersonID, Day: b.Day, Since: b.OccurredAt, ConfirmedBy: b.ConfirmedBy, LastSeq: e.Seq})
	return nil
}

func (b *CheckedIn) refers() References { return References{People: named(b.PersonID)} }

// CheckedOut records that a person left set: when (OccurredAt) and how it
// was confirmed. By is who did it: the person themselves, or someone who
// runs the day checking them out when they left without doing so.
type CheckedOut struct {
	PersonID    string    `json:"person_id"`
	OccurredAt  time.Time `json:"occurred_at"`
	ConfirmedBy string    `json:"confirmed_by"`
	By          string    `json:"by"`
}

// EventType implements Body.
func (*CheckedOut) EventType() string { return "checkin.out" }

func (b *CheckedOut) apply(s *State, e Event) error {
	c := edit(s.CheckIn(b.PersonID))
	if c == nil {
		return fmt.Errorf("%s never checked in", b.PersonID)
	}
	c.CheckedOut, c.OutAt, c.OutBy, c.LastSeq = true, b.OccurredAt, b.By, e.Seq
	s.put(c)
	return nil
}

func (b *CheckedOut) refers() References { return References{People: named(b.PersonID, b.By)} }
