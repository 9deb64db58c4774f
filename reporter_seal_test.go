package setsafe

import "testing"

// TestWhoKnowsTheReporter checks, for a named and a confidential concern,
// who may read it, who learns who raised it, and whose it is.
func TestWhoKnowsTheReporter(t *testing.T) {
	w := newWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "sofia", PersonDetails: PersonDetails{Name: "Sofia"}, Roles: []Role{RoleSafetyCoordinator}})
	w.must("red-mesa", op, AddPerson{ID: "hank", PersonDetails: PersonDetails{Name: "Hank"}, Roles: []Role{RoleDepartmentHead}})
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "named", Category: CategoryFirearms, Severity: SeverityHigh,
		Description: "Rounds left on the props cart", Mode: ReportNamed})
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "sealed", Category: CategoryFatigue, Severity: SeverityNormal,
		Description: "Fourteen-hour days", Mode: ReportConfidential, ReporterSeal: ReporterSeal(testSealKey, "red-mesa", "sealed", "jack")})
	st := w.prod
	access := func(person string) Access { return AccessFor(PersonActor(person), w.site, st) }
	tests := []struct {
		person, concern     string
		raised, reads, sees bool
	}{
		{"jack", "named", true, true, true},
		{"jack", "sealed", true, true, true},
		{"sofia", "sealed", false, true, true}, // the safety coordinator
		{"hank", "sealed", false, true, false}, // sees concerns, not the confidential reporter
		{"hank", "named", false, true, true},
		{"marcus", "sealed", false, false, false}, // the 1st AD sees no concerns but his own
		{"marcus", "named", false, false, true},
	}
	for _, tt := range tests {
		a, c := access(tt.person), st.Concern(tt.concern)
		if got := st.RaisedBy(a, testSealKey, c); got != tt.raised {
			t.Errorf("%s raised %s: %v", tt.person, tt.concern, got)
		}
		if got := st.MayReadConcern(a, testSealKey, c); got != tt.reads {
			t.Errorf("%s may read %s: %v", tt.person, tt.concern, got)
		}
		if got := st.SeesReporter(a, testSealKey, c); got != tt.sees {
			t.Errorf("%s sees who raised %s: %v", tt.person, tt.concern, got)
		}
		if st.RaisedBy(a, []byte("another server's key"), c) && tt.concern == "sealed" {
			t.Errorf("%s's seal opens with another key", tt.person)
		}
	}
	for _, id := range []string{"named", "sealed"} {
		if got := st.ReporterOf(testSealKey, st.Concern(id)); got != "jack" {
			t.Errorf("the reporter of %s is %q", id, got)
		}
	}
	if got := st.ReporterOf([]byte("another server's key"), st.Concern("sealed")); got != "" {
		t.Errorf("another key names %q as the confidential reporter", got)
	}
}
