package dashboard

import (
	"maps"
	"slices"
	"time"

	"github.com/setsafe/setsafe"
)

// MaxDays is the longest span the counts cover.
const MaxDays = 366

// Totals are a production's counts over the last Days days on its set's
// clock, today included.
type Totals struct {
	Production string `json:"production"`
	Name       string `json:"name"`
	// Days lists each day of the span, oldest first, with its concerns.
	Days []Day `json:"days"`
	// Concerns counts the span's concerns by severity; Acknowledged those
	// acknowledged, and AckMinutes the mean minutes they waited, by
	// severity; Unacknowledged counts those never acknowledged.
	Concerns       map[string]int     `json:"concerns"`
	Acknowledged   map[string]int     `json:"acknowledged"`
	AckMinutes     map[string]float64 `json:"ack_minutes"`
	Unacknowledged int                `json:"unacknowledged"`
	Incidents      map[string]int     `json:"incidents"`
	Refusals       map[string]int     `json:"refusals"`
	Alerts         map[string]int     `json:"alerts"`
	StopWorks      int                `json:"stop_works"`
	OpenActions    int                `json:"open_actions"`
	OverdueActions int                `json:"overdue_actions"`
	Patterns       int                `json:"patterns"`
}

// Day is one day of the span: its concerns by severity.
type Day struct {
	Day      string         `json:"day"`
	Concerns map[string]int `json:"concerns"`
}

// Since returns the earliest moment a span of days ending at now can
// start in any time zone: facts gathered since then hold every span.
func Since(days int, now time.Time) time.Time {
	return now.AddDate(0, 0, -days).Add(-14 * time.Hour)
}

// Span returns the first and last day of a span of days ending at now on
// a set's clock.
func Span(days int, now time.Time, zone *time.Location) (first, last string) {
	today := now.In(zone)
	return today.AddDate(0, 0, 1-days).Format(time.DateOnly), today.Format(time.DateOnly)
}

// Tally counts a production's facts over the last days days at now. Facts
// outside the span are left out, so they may be gathered since [Since].
func Tally(f Facts, days int, now time.Time) Totals {
	zone := f.Zone
	if zone == nil {
		zone = time.UTC
	}
	first, last := Span(days, now, zone)
	in := func(t time.Time) (string, bool) {
		d := t.In(zone).Format(time.DateOnly)
		return d, d >= first && d <= last
	}
	t := Totals{Production: f.Production, Name: f.Name, Concerns: map[string]int{}, Acknowledged: map[string]int{}, AckMinutes: map[string]float64{}, Incidents: map[string]int{},
		Refusals: map[string]int{}, Alerts: map[string]int{}, Patterns: f.Patterns}
	byDay := map[string]map[string]int{}
	start, _ := time.ParseInLocation(time.DateOnly, first, zone)
	for d := start; d.Format(time.DateOnly) <= last; d = d.AddDate(0, 0, 1) {
		byDay[d.Format(time.DateOnly)] = map[string]int{}
	}
	waited := map[string]float64{}
	for _, c := range f.Concerns {
		d, ok := in(c.Raised)
		if !ok {
			continue
		}
		t.Concerns[c.Severity]++
		byDay[d][c.Severity]++
		if c.Acknowledged.IsZero() {
			t.Unacknowledged++
			continue
		}
		waited[c.Severity] += c.Acknowledged.Sub(c.Raised).Minutes()
		t.Acknowledged[c.Severity]++
	}
	for sev, n := range t.Acknowledged {
		t.AckMinutes[sev] = waited[sev] / float64(n)
	}
	for _, x := range f.Incidents {
		if _, ok := in(x.Occurred); ok {
			t.Incidents[x.Kind]++
		}
	}
	for _, r := range f.Refusals {
		if r.Day >= first && r.Day <= last {
			t.Refusals[r.Rule] += int(r.Count)
		}
	}
	for _, a := range f.Alerts {
		if _, ok := in(a.Raised); ok {
			t.Alerts[a.Kind]++
		}
	}
	for _, w := range f.StopWorks {
		if _, ok := in(w); ok {
			t.StopWorks++
		}
	}
	today := now.In(zone).Format(time.DateOnly)
	for _, a := range f.Actions {
		t.OpenActions++
		if a.Due < today {
			t.OverdueActions++
		}
	}
	for _, d := range slices.Sorted(maps.Keys(byDay)) {
		t.Days = append(t.Days, Day{Day: d, Concerns: byDay[d]})
	}
	return t
}

// ForProduction returns a production's counts over the last days days at
// now, from its state.
func ForProduction(s *setsafe.State, days int, now time.Time) Totals {
	return Tally(FromState(s, Since(days, now)), days, now)
}

// Sum adds productions' counts together, for a studio's whole view: the
// days by date, the mean minutes to acknowledge weighted by how many each
// acknowledged.
func Sum(all []Totals) Totals {
	out := Totals{Concerns: map[string]int{}, Acknowledged: map[string]int{}, AckMinutes: map[string]float64{}, Incidents: map[string]int{},
		Refusals: map[string]int{}, Alerts: map[string]int{}}
	byDay := map[string]map[string]int{}
	waited := map[string]float64{}
	for _, t := range all {
		for _, d := range t.Days {
			if byDay[d.Day] == nil {
				byDay[d.Day] = map[string]int{}
			}
			for sev, n := range d.Concerns {
				byDay[d.Day][sev] += n
			}
		}
		add(out.Concerns, t.Concerns)
		add(out.Incidents, t.Incidents)
		add(out.Refusals, t.Refusals)
		add(out.Alerts, t.Alerts)
		out.Unacknowledged += t.Unacknowledged
		out.StopWorks += t.StopWorks
		out.OpenActions += t.OpenActions
		out.OverdueActions += t.OverdueActions
		out.Patterns += t.Patterns
		add(out.Acknowledged, t.Acknowledged)
		for sev, m := range t.AckMinutes {
			waited[sev] += m * float64(t.Acknowledged[sev])
		}
	}
	for sev, n := range out.Acknowledged {
		if n > 0 {
			out.AckMinutes[sev] = waited[sev] / float64(n)
		}
	}
	for _, d := range slices.Sorted(maps.Keys(byDay)) {
		out.Days = append(out.Days, Day{Day: d, Concerns: byDay[d]})
	}
	return out
}

func add(to, from map[string]int) {
	for k, n := range from {
		to[k] += n
	}
}
