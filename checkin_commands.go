package setsafe

import "time"

// MaxCheckInAgo is how far back a check-in or check-out may say it
// happened: a person who forgot to press the button on arrival says when
// they came, within the working day.
const MaxCheckInAgo = 12 * time.Hour

// CheckInPerson records that a person arrived on set. A person checks in
// on their own phone (ConfirmedBy "session"), or types their PIN on the
// shared device of the day ("pin", checked by the caller), which is signed
// in by someone who runs the day, as stop-works and attendance are. The
// check-in counts for the set's calendar day it is made on, until the
// person checks out. Checking in again while on site records nothing.
type CheckInPerson struct {
	PersonID string
	// OccurredAt is when the person arrived, if not now (see
	// [OccurredLayout]): not in the future, and not more than
	// [MaxCheckInAgo] ago, on the set's day it is now.
	OccurredAt  string
	ConfirmedBy string
}

// Authorize implements Command: the person for themselves on their own
// phone, or whoever runs the day on the shared device.
func (c CheckInPerson) Authorize(a Access, _ *State) error {
	return authorizeCheckIn(a, c.PersonID, c.ConfirmedBy)
}

// authorizeCheckIn lets a person check themselves in or out in their own
// session, and those who run the day use the shared device or act for
// others.
func authorizeCheckIn(a Access, personID, confirmedBy string) error {
	if confirmedBy == CheckInBySession && a.PersonID != "" && a.PersonID == personID {
		return a.Require(PermTakePart)
	}
	return a.Require(PermRunMeetings)
}

// Decide implements Command.
func (c CheckInPerson) Decide(s *State, d Decision) (Outcome, error) {
	at, err := checkInMove(s, d, c.PersonID, c.OccurredAt, c.ConfirmedBy)
	if err != nil {
		return Outcome{}, err
	}
	if c.ConfirmedBy == CheckInBySession && !d.Access.System && d.Access.PersonID != c.PersonID {
		return Outcome{}, Errorf(EForbidden, "People check in themselves: on their own phone, or with their PIN on the shared device.")
	}
	if s.OnSite(c.PersonID, d.Now) {
		return Outcome{}, nil
	}
	return one(&CheckedIn{PersonID: c.PersonID, Day: s.Day(at), OccurredAt: at, ConfirmedBy: c.ConfirmedBy}), nil
}

// CheckOutPerson records that a person left set. A person checks out on
// their own phone ("session") or with their PIN on the shared device
// ("pin"), as they check in; someone who runs the day (the 1st AD, the
// safety coordinator) may check out someone else who left without doing
// so, in their own session, and the check-out names them. Checking out
// someone who is not on site is refused (EConflict), so that a wrong name
// picked on the shared device is seen, not recorded.
type CheckOutPerson struct {
	PersonID string
	// OccurredAt is when the person left, if not now: as for
	// [CheckInPerson.OccurredAt], and not before they checked in.
	OccurredAt  string
	ConfirmedBy string
}

// Authorize implements Command: the person for themselves on their own
// phone, or whoever runs the day, on the shared device or for someone
// else.
func (c CheckOutPerson) Authorize(a Access, _ *State) error {
	return authorizeCheckIn(a, c.PersonID, c.ConfirmedBy)
}

// Decide implements Command.
func (c CheckOutPerson) Decide(s *State, d Decision) (Outcome, error) {
	at, err := checkInMove(s, d, c.PersonID, c.OccurredAt, c.ConfirmedBy)
	if err != nil {
		return Outcome{}, err
	}
	by := c.PersonID
	if c.ConfirmedBy == CheckInBySession && !d.Access.System {
		by = d.Access.PersonID
		if by != c.PersonID {
			// Checking someone else out: only those who run the day.
			if err := d.Access.Require(PermRunMeetings); err != nil {
				return Outcome{}, err
			}
		}
	}
	p := s.Person(c.PersonID)
	if !s.OnSite(c.PersonID, d.Now) {
		return Outcome{}, Errorf(EConflict, "%s is not checked in today, so there is nothing to check out.", p.Name)
	}
	if in := s.CheckIn(c.PersonID); at.Before(in.Since) {
		return Outcome{}, &Error{Code: EInvalid, Message: "occurred_at: is before " + p.Name + " checked in.",
			Fields: map[string]string{"occurred_at": "is before the check-in at " + in.Since.In(s.location()).Format(OccurredLayout) + ": say when they left, after that"}}
	}
	return one(&CheckedOut{PersonID: c.PersonID, OccurredAt: at, ConfirmedBy: c.ConfirmedBy, By: by}), nil
}

// checkInMove checks what a check-in and a check-out share: the person,
// how it is confirmed and when it happened, which it returns (now when
// not said).
func checkInMove(s *State, d Decision, personID, occurredAt, confirmedBy string) (time.Time, error) {
	if _, err := requireProduction(s); err != nil {
		return time.Time{}, err
	}
	if _, err := ActivePerson(s, personID); err != nil {
		return time.Time{}, err
	}
	p := Problems{}
	OneOf(p, "confirmed_by", confirmedBy, CheckInConfirmations)
	at := checkCheckInTime(p, occurredAt, d.Now, s.location())
	if err := p.Err(); err != nil {
		return time.Time{}, err
	}
	return at, nil
}

// checkCheckInTime checks when a check-in or check-out happened: now when
// not said; otherwise not in the future, not more than [MaxCheckInAgo] ago
// and on the set's day it is now, since a check-in counts for its own day
// only.
func checkCheckInTime(p Problems, text string, now time.Time, loc *time.Location) time.Time {
	found := Problems{}
	at := CheckOccurred(found, "occurred_at", text, now, loc, false)
	switch {
	case at.IsZero():
	case at.Before(now.Add(-MaxCheckInAgo)):
		p.Add("occurred_at", "is more than %d hours ago: say when it happened today, or leave it out for now", int(MaxCheckInAgo/time.Hour))
	case !at.After(now) && day(at, loc) != day(now, loc):
		p.Add("occurred_at", "is on an earlier day: a check-in counts for the day it is made on; say a time today, or leave it out for now")
	}
	for field, problem := range found {
		p.Add(field, "%s", problem)
	}
	if at.IsZero() {
		return now
	}
	return at
}
