package setsafe

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
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

// TestCriticalConcernsPastTheLimit: a critical concern stops the work it
// names, so past its sender's limit it is recorded unless an open critical
// concern about that work stops it already; any other concern is refused.
func TestCriticalConcernsPastTheLimit(t *testing.T) {
	critical := func(id, category string) RaiseConcern {
		return RaiseConcern{ID: id, Category: category, Severity: SeverityCritical, Description: "Live rounds in the prop box", Mode: ReportNamed}
	}
	tests := []struct {
		name     string
		open     []RaiseConcern // raised anonymously before
		report   RaiseConcern
		recorded bool
	}{
		{"a critical concern when nothing stops its work", nil, critical("c2", CategoryFirearms), true},
		{"a critical concern about work a critical concern stops already", []RaiseConcern{critical("c1", CategoryFirearms)}, critical("c2", CategoryFirearms), false},
		{"a critical concern about other work", []RaiseConcern{critical("c1", CategoryFirearms)}, critical("c2", CategoryHeights), true},
		{"a high concern", nil, RaiseConcern{ID: "c2", Category: CategoryFirearms, Severity: SeverityHigh, Description: "Rounds left out", Mode: ReportNamed}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := armoryWorld(t)
			for _, c := range tt.open {
				c.Mode, c.ReceiptHash = ReportAnonymous, "h"
				w.must("red-mesa", Anonymous, c)
			}
			before := w.prod.Size
			past := tt.report.PastLimit()
			if past == nil {
				if tt.recorded {
					t.Fatal("refused outright")
				}
				return
			}
			evs, err := w.run("red-mesa", PersonActor("jack"), past)
			switch {
			case tt.recorded && (err != nil || len(evs) == 0 || w.prod.Concern(tt.report.ID) == nil):
				t.Fatalf("not recorded: %v", err)
			case !tt.recorded && (ErrorCode(err) != ERateLimited || w.prod.Size != before):
				t.Fatalf("%v, %d entries recorded; want it refused as too many", err, w.prod.Size-before)
			case !tt.recorded && !strings.Contains(err.Error(), "Work is stopped already"):
				t.Fatalf("the refusal does not say what stops the work: %v", err)
			}
		})
	}
}

func TestWindowWords(t *testing.T) {
	for d, want := range map[time.Duration]string{time.Hour: "hour", 3 * time.Hour: "3 hours", 15 * time.Minute: "15 minutes"} {
		if got := windowWords(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
	if !strings.Contains(ErrTooManyReports.Error(), "within the last hour") {
		t.Errorf("the limit's answer: %v", ErrTooManyReports)
	}
}
