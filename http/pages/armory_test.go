package pages

import (
	"net/url"
	"testing"

	"github.com/setsafe/setsafe"
)

func TestFormInt(t *testing.T) {
	tests := []struct {
		name, typed string
		want        int64
		wantErr     bool
	}{
		{"empty takes the default", "", 7, false},
		{"spaces around", " 6 ", 6, false},
		{"zero", "0", 0, false},
		{"negative", "-1", 0, true},
		{"not a number", "six", 0, true},
		{"a fraction", "1.5", 0, true},
		{"too large", "99999999999999999999", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := formInt(url.Values{"rounds": {tt.typed}}, "rounds", 7)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("formInt(%q) = %d, %v; want %d, error %v", tt.typed, got, err, tt.want, tt.wantErr)
			}
			if err != nil && setsafe.ErrorCode(err) != setsafe.EInvalid {
				t.Fatalf("error %v is not an invalid-input error", err)
			}
		})
	}
}

func TestShownAgainDropsPINs(t *testing.T) {
	got := shownAgain(url.Values{"pin": {"1234"}, "pin1": {"1"}, "pin2": {"2"}, "rounds": {"6"}, "witness1": {"x"}})
	if len(got) != 2 || got.Get("rounds") != "6" || got.Get("witness1") != "x" {
		t.Fatalf("shownAgain kept %v", got)
	}
}

func TestMatchesFilter(t *testing.T) {
	secured := &setsafe.Firearm{Store: "safe"}
	out := &setsafe.Firearm{Custodian: "p1"}
	broken := &setsafe.Firearm{Store: "safe", OutOfService: true}
	tests := []struct {
		filter string
		f      *setsafe.Firearm
		want   bool
	}{
		{"all", out, true}, {"", broken, true},
		{"secured", secured, true}, {"secured", out, false}, {"secured", broken, false},
		{"out", out, true}, {"out", secured, false},
		{"out-of-service", broken, true}, {"out-of-service", secured, false},
	}
	for _, tt := range tests {
		if got := matchesFilter(tt.f, tt.filter); got != tt.want {
			t.Errorf("matchesFilter(%+v, %q) = %v, want %v", tt.f, tt.filter, got, tt.want)
		}
	}
}
