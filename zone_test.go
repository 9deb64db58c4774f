package setsafe

import (
	"testing"
	"time"
)

func TestProductionZone(t *testing.T) {
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	tests := []struct {
		name string
		prod *Production
		want string
	}{
		{"no production", nil, "UTC"},
		{"no zone named", &Production{}, "UTC"},
		{"an unknown zone", &Production{TimeZone: "Mars/Olympus_Mons"}, "UTC"},
		{"the set's zone", &Production{TimeZone: "America/Denver"}, denver.String()},
	}
	for _, tt := range tests {
		if got := tt.prod.Zone(); got.String() != tt.want {
			t.Errorf("%s: zone %s, want %s", tt.name, got, tt.want)
		}
	}
	// Asked again, the zone is the one loaded the first time.
	p := &Production{TimeZone: "America/Denver"}
	if p.Zone() != p.Zone() {
		t.Error("the zone is loaded again on each call")
	}
}
