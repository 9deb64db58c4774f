package setsafe

import (
	"reflect"
	"slices"
	"testing"
)

func TestWhichCommandsAreReports(t *testing.T) {
	var got []string
	for _, row := range everyCommand() {
		if _, ok := row.cmd.(Report); ok {
			got = append(got, reflect.TypeOf(row.cmd).Name())
		}
	}
	slices.Sort(got)
	got = slices.Compact(got)
	want := []string{"CallStopWork", "RaiseConcern", "ReplyToConcern", "ReportDischarge", "ReportLiveRound"}
	if !slices.Equal(got, want) {
		t.Fatalf("reports: %v, want %v", got, want)
	}
	for _, r := range []Report{RaiseConcern{ID: "c1"}, ReplyToConcern{ID: "c1"}} {
		if r.PastLimit() != nil {
			t.Errorf("%T past the limit is not refused", r)
		}
	}
}

// TestReportsPastTheLimit decides reports sent past their sender's limit:
// each is recorded when it stops something not stopped yet, and otherwise
// refused as too many, recording nothing.
func TestReportsPastTheLimit(t *testing.T) {
	op := SystemActor("test")
	stopAll := CallStopWork{ID: "w1", Scope: "production", Reason: "Rounds unaccounted for", By: "marcus"}
	water := CallStopWork{ID: "w1", Scope: "hazard", Hazard: "water", Reason: "No safety divers", By: "marcus"}
	tests := []struct {
		name     string
		before   []Command
		report   Report
		recorded bool
	}{
		{"a stop-work when nothing is stopped", nil, CallStopWork{ID: "w2", Scope: "hazard", Hazard: "water", Reason: "No divers"}, true},
		{"a stop-work when the production is stopped", []Command{stopAll}, CallStopWork{ID: "w2", Scope: "hazard", Hazard: "water", Reason: "No divers"}, false},
		{"a stop-work of a hazard stopped already", []Command{water}, CallStopWork{ID: "w2", Scope: "hazard", Hazard: "water", Reason: "No divers"}, false},
		{"a stop-work of another hazard", []Command{water}, CallStopWork{ID: "w2", Scope: "hazard", Hazard: "pyrotechnics", Reason: "Sparks"}, true},
		{"a stop-work of the production when a hazard is stopped", []Command{water}, CallStopWork{ID: "w2", Scope: "production", Reason: "Walk-off"}, true},
		{"a stop-work once the last one is lifted", []Command{stopAll, LiftStopWork{ID: "w1", Resolution: "Counted", By: "dana"}},
			CallStopWork{ID: "w2", Scope: "production", Reason: "Again"}, true},
		{"a discharge of a firearm in service", nil, ReportDischarge{ID: "d2", FirearmID: "colt", Kind: "misfire", Description: "Click"}, true},
		{"a discharge of a firearm out of service", []Command{ReportDischarge{ID: "d1", FirearmID: "colt", Kind: "misfire", Description: "Click", By: "marcus"}},
			ReportDischarge{ID: "d2", FirearmID: "colt", Kind: "misfire", Description: "Click"}, false},
		{"a live round when none is reported", nil, ReportLiveRound{ID: "r2", Description: "Does not rattle"}, true},
		{"a live round while one is not cleared", []Command{ReportLiveRound{ID: "r1", Description: "Heavy", By: "marcus"}},
			ReportLiveRound{ID: "r2", Description: "Does not rattle"}, false},
		{"a live round once the last is cleared", []Command{ReportLiveRound{ID: "r1", Description: "Heavy", By: "marcus"},
			ClearLiveRound{ID: "r1", VerifiedBy: "marcus", By: "hannah"}}, ReportLiveRound{ID: "r2", Description: "Does not rattle"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := armoryWorld(t)
			for _, c := range tt.before {
				w.must("red-mesa", op, c)
			}
			before := w.prod.Size
			evs, err := w.run("red-mesa", PersonActor("jack"), tt.report.PastLimit())
			switch {
			case tt.recorded && (err != nil || len(evs) == 0):
				t.Fatalf("not recorded: %v", err)
			case !tt.recorded && (ErrorCode(err) != ERateLimited || w.prod.Size != before):
				t.Fatalf("%v, %d entries recorded; want it refused as too many", err, w.prod.Size-before)
			}
		})
	}
}
