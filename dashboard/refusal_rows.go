package dashboard

import (
	"fmt"

	"github.com/setsafe/setsafe"
)

// The projection table of refusals counted by day and rule.
const tableRefusals = "refusal_counts"

func init() {
	setsafe.RegisterTable[RefusalCount]()
	setsafe.Observe("action.refused", countRefusal)
}

// RefusalCount is how many refusals named a rule on a day on the set's
// clock.
type RefusalCount struct {
	Day     string `db:"day,key" json:"day"`
	Rule    string `db:"rule,key" json:"rule"`
	Count   int64  `db:"count" json:"count"`
	LastSeq int64  `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*RefusalCount) Table() string { return tableRefusals }

// Key implements setsafe.Row.
func (r *RefusalCount) Key() string { return r.Day + "/" + r.Rule }

// countRefusal counts a refusal once under each rule it names.
func countRefusal(f *setsafe.Folding, e setsafe.Event) error {
	var rules []setsafe.RuleFinding
	switch b := e.Body.(type) {
	case *setsafe.ActionRefused:
		rules = b.Rules
	case *setsafe.ActionRefusedV1:
		rules = b.Rules
	default:
		return fmt.Errorf("dashboard: %T is not a refusal", e.Body)
	}
	s := f.State()
	day := s.Day(e.Time)
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		c := RefusalCount{Day: day, Rule: r.ID}
		if old := setsafe.Lookup[*RefusalCount](s, tableRefusals, c.Key()); old != nil {
			c = *old
		}
		c.Count++
		c.LastSeq = e.Seq
		f.Put(&c)
	}
	return nil
}

// RefusalsOn returns the refusals of a day on the set's clock, by rule.
func RefusalsOn(s *setsafe.State, day string) map[string]int {
	out := map[string]int{}
	setsafe.Each(s, tableRefusals, func(r *RefusalCount) {
		if r.Day == day {
			out[r.Rule] += int(r.Count)
		}
	})
	return out
}
