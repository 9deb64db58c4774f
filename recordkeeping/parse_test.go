package recordkeeping

import (
	"strings"
	"testing"
)

func TestParseEIN(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"12-3456789", "123456789", true},
		{"123456789", "123456789", true},
		{" 12 3456789 ", "123456789", true},
		{"12-345678", "", false},
		{"12-34567890", "", false},
		{"12/3456789", "", false},
		{"１２-3456789", "", false}, // full-width digits are not ASCII digits
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseEIN(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseEIN(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseZIP(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"90028", "90028", true},
		{"90028-1234", "900281234", true},
		{"900281234", "900281234", true},
		{"9002", "", false},
		{"900281", "", false},
		{"90028-12", "", false},
		{"V6B 1A1", "", false},
	}
	for _, tt := range tests {
		got, err := ParseZIP(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseZIP(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseNAICS(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"512110", "512110", true},
		{" 512110 ", "512110", true},
		{"51211", "", false},
		{"5121100", "", false},
		{"512-110", "", false},
		{"012110", "", false},
	}
	for _, tt := range tests {
		got, err := ParseNAICS(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseNAICS(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want ClockTime
		ok   bool
	}{
		{"14:05", ClockTime{14, 5}, true},
		{"6:30", ClockTime{6, 30}, true},
		{"00:00", ClockTime{0, 0}, true},
		{"2:05 PM", ClockTime{14, 5}, true},
		{"12:00 am", ClockTime{0, 0}, true},
		{"12:30 PM", ClockTime{12, 30}, true},
		{"11:59pm", ClockTime{23, 59}, true},
		{"24:00", ClockTime{}, false},
		{"13:00 PM", ClockTime{}, false},
		{"0:10 AM", ClockTime{}, false},
		{"7:5", ClockTime{}, false},
		{"7:60", ClockTime{}, false},
		{"+7:05", ClockTime{}, false},
		{"noon", ClockTime{}, false},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestClockTimeFormats(t *testing.T) {
	tests := []struct {
		c             ClockTime
		ita, onThe301 string
	}{
		{ClockTime{0, 5}, "00:05", "12:05 AM"},
		{ClockTime{12, 0}, "12:00", "12:00 PM"},
		{ClockTime{14, 5}, "14:05", "2:05 PM"},
	}
	for _, tt := range tests {
		if tt.c.String() != tt.ita || tt.c.Kitchen() != tt.onThe301 {
			t.Errorf("%v formats as %q and %q, want %q and %q", tt.c, tt.c.String(), tt.c.Kitchen(), tt.ita, tt.onThe301)
		}
	}
}

// digitsOnly says whether s is n ASCII digits.
func digitsOnly(s string, n ...int) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	for _, l := range n {
		if len(s) == l {
			return true
		}
	}
	return false
}

func FuzzParseEIN(f *testing.F) {
	for _, s := range []string{"12-3456789", "123456789", " 12 3456789", "12-34", "", "１２-3456789", "12--3456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseEIN(s)
		if err != nil {
			if got != "" || !strings.Contains(err.Error(), "EIN") {
				t.Fatalf("ParseEIN(%q) = %q, %v", s, got, err)
			}
			return
		}
		if !digitsOnly(got, 9) {
			t.Fatalf("ParseEIN(%q) = %q, not 9 digits", s, got)
		}
		if again, err := ParseEIN(got); err != nil || again != got {
			t.Fatalf("ParseEIN(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}

func FuzzParseZIP(f *testing.F) {
	for _, s := range []string{"90028", "90028-1234", "900281234", "9002", "V6B 1A1", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseZIP(s)
		if err != nil {
			return
		}
		if !digitsOnly(got, 5, 9) {
			t.Fatalf("ParseZIP(%q) = %q, not 5 or 9 digits", s, got)
		}
		if again, err := ParseZIP(got); err != nil || again != got {
			t.Fatalf("ParseZIP(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}

func FuzzParseNAICS(f *testing.F) {
	for _, s := range []string{"512110", " 512110 ", "51211", "012110", "5121 10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseNAICS(s)
		if err != nil {
			return
		}
		if !digitsOnly(got, 6) || got[0] == '0' {
			t.Fatalf("ParseNAICS(%q) = %q", s, got)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"14:05", "2:05 PM", "12:00 am", "24:00", "7:5", "+7:05", "1:-5", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			return
		}
		if !c.Valid() {
			t.Fatalf("ParseClock(%q) = %v, not a time of day", s, c)
		}
		for _, again := range []string{c.String(), c.Kitchen()} {
			if back, err := ParseClock(again); err != nil || back != c {
				t.Fatalf("ParseClock(%q) = %v, %v; want %v", again, back, err, c)
			}
		}
	})
}
