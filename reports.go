package setsafe

import (
	"fmt"
	"slices"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// A signed-in person may send at most ReportsPerPerson reports within
// ReportWindow; past that, the server decides [Report.PastLimit] instead.
// Genuine reporters send a handful in a day, so the limit only stops a
// flood.
const (
	ReportsPerPerson = 20
	ReportWindow     = time.Hour
)

// Report is a command by which a person tells of a hazard or stops work:
// a concern or a reply to one, a stop-work, a discharge, a live round.
// Anyone who takes part in the production may send them, so no account
// may flood the ledger with them; yet a report that stops work must
// always get through.
type Report interface {
	Command
	// PastLimit returns the command to decide once the sender is past the
	// limit: nil when the report is refused, or the report recorded only
	// if it stops something not stopped yet.
	PastLimit() Command
}

// PastLimit implements Report: a critical concern stops the work it names
// (WS-3), so it is recorded unless an open critical concern stops that
// work already; any other concern past the limit is refused, and the
// answer points to stop-work for what cannot wait.
func (c RaiseConcern) PastLimit() Command {
	if c.Severity != SeverityCritical {
		return nil
	}
	return stopsAnew{c, c.stoppedAlready}
}

// PastLimit implements Report.
func (c ReplyToConcern) PastLimit() Command { return nil }

// PastLimit implements Report: the stop-work is recorded unless work is
// stopped already where it stops it.
func (c CallStopWork) PastLimit() Command { return stopsAnew{c, c.stoppedAlready} }

// PastLimit implements Report: the discharge is recorded unless the
// firearm is out of service already.
func (c ReportDischarge) PastLimit() Command { return stopsAnew{c, c.stoppedAlready} }

// PastLimit implements Report: the live round is recorded unless another
// one, not cleared yet, stops firearm work already.
func (c ReportLiveRound) PastLimit() Command { return stopsAnew{c, c.stoppedAlready} }

// ErrTooManyReports is the answer to a report refused past its sender's
// limit.
var ErrTooManyReports = Errorf(ERateLimited, "You have sent %d reports within the last %s; wait before sending more. "+
	"If work must stop now, call stop-work: it gets through whenever it stops something. Otherwise tell the safety coordinator in person.",
	ReportsPerPerson, windowText)

// windowText is ReportWindow in words.
var windowText = windowWords(ReportWindow)

func windowWords(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return fmt.Sprintf("%d minutes", d/time.Minute)
}

// stopsAnew is a report sent past its sender's limit: recorded only if
// what it stops is not stopped already.
type stopsAnew struct {
	Report
	// stoppedAlready says what stops the work already, or "".
	stoppedAlready func(s *State) string
}

// Decide implements Command.
func (c stopsAnew) Decide(s *State, d Decision) (Outcome, error) {
	if why := c.stoppedAlready(s); why != "" {
		return Outcome{}, Errorf(ERateLimited, "%s You have sent %d reports within the last %s, so this one is not recorded; tell the safety coordinator in person.",
			why, ReportsPerPerson, windowText)
	}
	return c.Report.Decide(s, d)
}

func (c CallStopWork) stoppedAlready(s *State) string {
	for _, w := range s.StopWorksInForce() {
		if w.Scope == gate.ScopeProduction || w.Scope == c.Scope && w.SetUpID == c.SetUpID && w.Hazard == c.Hazard {
			return fmt.Sprintf("Work is stopped already: the stop-work %s called (%s) is in force.", personName(s, w.CalledBy), w.Reason)
		}
	}
	return ""
}

func (c ReportDischarge) stoppedAlready(s *State) string {
	if f := s.Firearm(c.FirearmID); f != nil && f.OutOfService {
		return fmt.Sprintf("%s is out of service already.", f.Name())
	}
	return ""
}

func (c ReportLiveRound) stoppedAlready(s *State) string {
	open := grouped[*LiveRoundReport](s, liveRoundsOpen, "")
	if len(open) == 0 {
		return ""
	}
	first := slices.MinFunc(open, byKey)
	return "Firearm work is stopped already: a live round reported by " + personName(s, first.ReportedBy) + " is not cleared yet."
}

func (c RaiseConcern) stoppedAlready(s *State) string {
	hazard := categoryHazards[c.Category]
	open := grouped[*Concern](s, concernsOpen, SeverityCritical)
	slices.SortFunc(open, byKey)
	for _, o := range open {
		if o.Hazard == hazard && o.SetUpID == c.SetUpID {
			return fmt.Sprintf("Work is stopped already: a critical concern about it, raised %s, is still open.", s.OnSetClock(o.RaisedAt))
		}
	}
	return ""
}
