package dashboard

import (
	"testing"
	"time"
)

// TestTally counts facts by hand-checked expectations: the span on the
// set's clock, concerns per day and their waits, refusals by rule, and
// actions overdue past their due day.
func TestTally(t *testing.T) {
	denver, _ := time.LoadLocation("America/Denver")
	// 3 December 2026, 10:00 in Denver (17:00 UTC): a span of 3 days is
	// 1, 2 and 3 December there.
	now := time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC)
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 12, day, hour, minute, 0, 0, denver) }
	f := Facts{Production: "red-mesa", Name: "Red Mesa", Zone: denver,
		Concerns: []Concern{
			{Severity: "critical", Raised: at(1, 8, 0), Acknowledged: at(1, 8, 10)},
			{Severity: "critical", Raised: at(2, 23, 30), Acknowledged: at(3, 0, 0)}, // 2 Dec in Denver, 3 Dec in UTC
			{Severity: "normal", Raised: at(3, 9, 0)},
			{Severity: "high", Raised: at(30, 9, 0).AddDate(0, -1, 0)}, // 30 November: before the span
		},
		Incidents: []Incident{{Kind: "near_miss", Occurred: at(2, 12, 0)}, {Kind: "near_miss", Occurred: at(3, 7, 0)}, {Kind: "fire", Occurred: at(1, 0, 30)}},
		Refusals:  []RefusalCount{{Day: "2026-12-01", Rule: "FA-3", Count: 2}, {Day: "2026-12-03", Rule: "FA-3", Count: 1}, {Day: "2026-11-30", Rule: "PR-1", Count: 5}},
		Alerts:    []Alert{{Kind: "out_too_long", Raised: at(2, 14, 0)}},
		StopWorks: []time.Time{at(3, 8, 0), at(30, 8, 0).AddDate(0, -1, 0)},
		Actions:   []Action{{Due: "2026-12-02"}, {Due: "2026-12-03"}, {Due: "2026-12-10"}},
		Patterns:  1,
	}
	got := Tally(f, 3, now)
	want := map[string]int{"critical": 2, "normal": 1}
	for sev, n := range want {
		if got.Concerns[sev] != n {
			t.Errorf("concerns %s: %d, want %d", sev, got.Concerns[sev], n)
		}
	}
	if got.Concerns["high"] != 0 || got.Unacknowledged != 1 || got.Acknowledged["critical"] != 2 {
		t.Errorf("concerns: %+v, unacknowledged %d, acknowledged %v", got.Concerns, got.Unacknowledged, got.Acknowledged)
	}
	// Waits of 10 and 30 minutes.
	if got.AckMinutes["critical"] != 20 {
		t.Errorf("mean wait %v, want 20", got.AckMinutes["critical"])
	}
	if len(got.Days) != 3 || got.Days[0].Day != "2026-12-01" || got.Days[1].Concerns["critical"] != 1 || got.Days[2].Concerns["normal"] != 1 {
		t.Errorf("days: %+v", got.Days)
	}
	if got.Incidents["near_miss"] != 2 || got.Incidents["fire"] != 1 {
		t.Errorf("incidents: %v", got.Incidents)
	}
	if got.Refusals["FA-3"] != 3 || got.Refusals["PR-1"] != 0 {
		t.Errorf("refusals: %v", got.Refusals)
	}
	if got.Alerts["out_too_long"] != 1 || got.StopWorks != 1 || got.OpenActions != 3 || got.OverdueActions != 1 || got.Patterns != 1 {
		t.Errorf("alerts %v, stop-works %d, actions %d open %d overdue, patterns %d", got.Alerts, got.StopWorks, got.OpenActions, got.OverdueActions, got.Patterns)
	}

	// Two productions summed: waits weighted by how many each acknowledged.
	other := Tally(Facts{Production: "dust-devil", Zone: time.UTC, Concerns: []Concern{
		{Severity: "critical", Raised: now.Add(-2 * time.Hour), Acknowledged: now.Add(-2*time.Hour + 80*time.Minute)},
	}}, 3, now)
	all := Sum([]Totals{got, other})
	if all.Concerns["critical"] != 3 || all.AckMinutes["critical"] != (10+30+80)/3.0 || all.Patterns != 1 {
		t.Errorf("sum: %+v", all)
	}
}
