package dailyreport

import (
	"fmt"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

func init() {
	setsafe.Register[RecipientsSet](1, "Daily safety report recipients set")
	setsafe.Register[ReportSent](1, "Daily safety report sent at wrap")
	setsafe.RegisterClock(wrapPrefix, func(day string) setsafe.Command { return SendAtWrap{Day: day} }, func(*setsafe.State) []setsafe.EscalationUpdate { return nil })
	setsafe.ObserveEscalation("setup.state_called", wrapDue)
	setsafe.ObserveEscalation("day.reconciled", wrapDue)
}

// wrapPrefix names a day's report among the escalation clock's items, as
// "daily-report:" and the day.
const wrapPrefix = "daily-report:"

// wrapDue makes the day's report due at once when the day is wrapped:
// the end-of-day count is recorded, or the last of the day's set-ups is
// called wrapped.
func wrapDue(s *setsafe.State, e setsafe.Event) []setsafe.EscalationUpdate {
	day := s.Day(e.Time)
	if b, ok := e.Body.(*setsafe.DayReconciled); ok && b.Day != "" {
		day = b.Day
	}
	if _, ok := e.Body.(*setsafe.SetUpStateCalled); ok {
		ups := s.SetUpsOn(day)
		if len(ups) == 0 || slices.ContainsFunc(ups, func(u *setsafe.SetUp) bool { return u.TakeState() != gate.TakeWrapped }) {
			return nil
		}
	}
	if SentOn(s, day) != nil || len(RecipientRungs(s)) == 0 {
		return nil
	}
	return []setsafe.EscalationUpdate{{Item: wrapPrefix + day, Deadline: e.Time, Waiting: true}}
}

// RecipientsSet records the rungs of the ladder that get the daily safety
// report at wrap; none stops sending it.
type RecipientsSet struct {
	Rungs []string `json:"rungs"`
	By    string   `json:"by"`
}

// EventType implements setsafe.Body.
func (*RecipientsSet) EventType() string { return "daily_report.recipients_set" }

// Fold implements setsafe.EventBody.
func (b *RecipientsSet) Fold(f *setsafe.Folding, e setsafe.Event) error {
	for _, r := range b.Rungs {
		if !slices.Contains(setsafe.Rungs, r) {
			return fmt.Errorf("unknown rung %q", r)
		}
	}
	f.Put(&Recipients{ID: recipientsKey, Rungs: strings.Join(b.Rungs, " "), LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (b *RecipientsSet) References() setsafe.References {
	return setsafe.References{People: []string{b.By}}
}

// ReportSent records the day's safety report sent at wrap to the rungs
// that asked for it. setsafe records it itself, on its clock.
type ReportSent struct {
	Day   string   `json:"day"`
	Rungs []string `json:"rungs"`
}

// EventType implements setsafe.Body.
func (*ReportSent) EventType() string { return "daily_report.sent" }

// Fold implements setsafe.EventBody.
func (b *ReportSent) Fold(f *setsafe.Folding, e setsafe.Event) error {
	if SentOn(f.State(), b.Day) != nil {
		return fmt.Errorf("the report of %s was sent already", b.Day)
	}
	f.Put(&Sent{Day: b.Day, Rungs: strings.Join(b.Rungs, " "), SentAt: e.Time, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (*ReportSent) References() setsafe.References { return setsafe.References{} }

// Escalation implements setsafe.Escalating: the day's item is done.
func (b *ReportSent) Escalation(*setsafe.State) []setsafe.EscalationUpdate {
	return []setsafe.EscalationUpdate{{Item: wrapPrefix + b.Day}}
}

// ClockItem implements setsafe.ClockMoving.
func (b *ReportSent) ClockItem() string { return wrapPrefix + b.Day }

// Notify implements setsafe.Notifying: everyone on the rungs that asked
// learns the day is wrapped, with the day's counts and where the report
// is.
func (b *ReportSent) Notify(s *setsafe.State, n *setsafe.Notifications) {
	p := s.Production()
	if p == nil {
		return
	}
	subject := fmt.Sprintf("Daily safety report: %s, %s", p.Name, b.Day)
	text := Summary(s, b.Day) + fmt.Sprintf("\n\nThe report, to sign and attach to the production report: /api/v1/productions/%s/days/%s/safety-report.pdf "+
		"(or Today in setsafe, for those who read the ledger).", s.Ledger, b.Day)
	ladder := s.Ladder()
	for _, r := range ladder {
		if slices.Contains(b.Rungs, r.Rung) {
			n.ToRung(r, wrapPrefix+b.Day, subject, text)
		}
	}
}
