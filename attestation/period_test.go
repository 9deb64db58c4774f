package attestation_test

import (
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/attestation"
)

// FuzzNewPeriod: a period is read from any two strings without a panic;
// one it takes runs forward, has ended, and says its dates as typed.
func FuzzNewPeriod(f *testing.F) {
	for _, s := range [][2]string{{"2026-11-01", "2026-12-01"}, {"2026-03-08", "2026-03-09"}, {"2026-12-01", "2026-11-01"}, {"2026-02-30", "2026-03-01"}, {"", ""}, {"2026-1-1", "2026-01-02"}} {
		f.Add(s[0], s[1])
	}
	zone, err := time.LoadLocation("America/Denver")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, from, to string) {
		p, err := attestation.NewPeriod(from, to, zone, now)
		if err != nil {
			if setsafe.ErrorCode(err) != setsafe.EInvalid {
				t.Fatalf("refused with %v, not as invalid", err)
			}
			return
		}
		if p.From != from || p.To != to || !p.Start().Before(p.End()) || p.End().After(now) ||
			p.Start().In(zone).Format(time.DateOnly) != from || p.End().In(zone).Format(time.DateOnly) != to {
			t.Fatalf("period %q to %q read as %v to %v", from, to, p.Start(), p.End())
		}
	})
}
