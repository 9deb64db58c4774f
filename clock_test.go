package setsafe

import (
	"testing"
	"time"
)

func TestAnonymousTime(t *testing.T) {
	report := time.Date(2021, 10, 21, 10, 17, 23, 456789123, time.UTC)
	minute := time.Date(2021, 10, 21, 10, 17, 0, 0, time.UTC)
	tests := []struct {
		name      string
		notBefore time.Time
		want      time.Time
	}{
		{"an empty ledger", time.Time{}, minute},
		{"the last entry in an earlier minute", minute.Add(-time.Second), minute},
		{"the last entry at the minute", minute, minute},
		{"the last entry within the minute", minute.Add(20 * time.Second), minute.Add(20 * time.Second)},
	}
	for _, tt := range tests {
		if got := AnonymousTime(report, tt.notBefore); !got.Equal(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// A named request keeps its time; an anonymous one only the minute,
	// never before the ledger's last entry.
	s := NewState("red-mesa")
	s.LastTime = minute.Add(-time.Hour)
	if got := s.DecisionTimeFor(PersonActor("p1"), report); !got.Equal(LedgerTime(report)) {
		t.Errorf("a person's request at %v: %v", report, got)
	}
	if got := s.DecisionTimeFor(Anonymous, report); !got.Equal(minute) {
		t.Errorf("an anonymous request at %v: %v", report, got)
	}
}
