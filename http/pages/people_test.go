package pages

import (
	"testing"
	"time"
)

func TestExpiry(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	now := time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		expires time.Time
		want    string
	}{
		{time.Time{}, ""},
		{day("2020-01-10"), "expired"},
		{day("2021-10-20"), "expired"},
		{day("2021-10-21"), "soon"}, // the expiry day still counts
		{day("2021-11-19"), "soon"},
		{day("2021-11-20"), ""},
		{day("2030-12-31"), ""},
	}
	for _, tt := range tests {
		if got := expiry(now, tt.expires); got != tt.want {
			t.Errorf("expiry(%s) = %q, want %q", tt.expires.Format(time.DateOnly), got, tt.want)
		}
	}
}
