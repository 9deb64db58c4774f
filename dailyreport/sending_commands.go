package dailyreport

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/incident"
)

// SetRecipients chooses the rungs of the escalation ladder that get the
// daily safety report when the day is wrapped: those who manage safety
// may. None stops sending it.
type SetRecipients struct {
	Rungs []string
	By    string
}

// Authorize implements setsafe.Command.
func (c SetRecipients) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(setsafe.PermManageSafety)
}

// Decide implements setsafe.Command.
func (c SetRecipients) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	rungs := setsafe.CleanRungs(p, "rungs", c.Rungs)
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if slices.Equal(rungs, RecipientRungs(s)) {
		return setsafe.Outcome{}, nil // as it is already
	}
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: &RecipientsSet{Rungs: rungs, By: by}}}}, nil
}

// SendAtWrap sends a wrapped day's safety report to the rungs that asked
// for it. setsafe's clock sends it when the day is wrapped (the
// end-of-day count, or the day's last set-up wrapped); it records nothing
// when the report was sent already or nobody asked for it.
type SendAtWrap struct {
	Day string
}

// Authorize implements setsafe.Command.
func (c SendAtWrap) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return setsafe.OnlyTheClock(a, "sends the daily safety report at wrap")
}

// Decide implements setsafe.Command.
func (c SendAtWrap) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	rungs := RecipientRungs(s)
	if SentOn(s, c.Day) != nil || len(rungs) == 0 || s.Production() == nil {
		return setsafe.Outcome{}, nil
	}
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: &ReportSent{Day: c.Day, Rungs: rungs}}}}, nil
}

// Summary says a day's counts in a few lines, for the message that goes
// with the report: set-ups, refusals by rule, concerns by severity,
// stop-works and incidents.
func Summary(s *setsafe.State, day string) string {
	var lines []string
	ups := s.SetUpsOn(day)
	lines = append(lines, fmt.Sprintf("Set-ups: %d.", len(ups)))
	refusals := dashboard.RefusalsOn(s, day)
	if len(refusals) == 0 {
		lines = append(lines, "Refusals by the gate: none.")
	} else {
		var parts []string
		for _, rule := range slices.Sorted(maps.Keys(refusals)) {
			parts = append(parts, fmt.Sprintf("%s ×%d", rule, refusals[rule]))
		}
		lines = append(lines, "Refusals by the gate: "+strings.Join(parts, ", ")+".")
	}
	concerns := map[string]int{}
	for _, c := range s.Concerns() {
		if s.Day(c.RaisedAt) == day {
			concerns[c.Severity]++
		}
	}
	var parts []string
	for _, sev := range setsafe.Severities {
		if n := concerns[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	lines = append(lines, "Concerns raised: "+strings.Join(parts, ", ")+".")
	stops := 0
	for _, w := range s.StopWorks() {
		if s.Day(w.CalledAt) == day {
			stops++
		}
	}
	incidents := 0
	for _, x := range incident.All(s) {
		if s.Day(x.OccurredAt) == day {
			incidents++
		}
	}
	lines = append(lines, fmt.Sprintf("Stop-works called: %d. Incidents: %d.", stops, incidents))
	return strings.Join(lines, "\n")
}
