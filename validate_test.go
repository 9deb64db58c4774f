package setsafe

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckPIN(t *testing.T) {
	tests := []struct {
		pin  string
		want string // part of the problem, or "" for a good PIN
	}{
		{"2580", ""},
		{"73914", ""},
		{"10293847", ""},
		{"123", "4 to 8 digits"},
		{"123456789", "4 to 8 digits"},
		{"12a4", "4 to 8 digits"},
		{"١٢٣٤", "4 to 8 digits"}, // Arabic-Indic digits are not on the PIN pad
		{"0000", "too easy"},
		{"1234", "too easy"},
		{"9876", "too easy"},
		{"45678", "too easy"},
		{"", "4 to 8 digits"},
	}
	for _, tt := range tests {
		err := CheckPIN(tt.pin)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckPIN(%q) = %v, want %q", tt.pin, err, tt.want)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password, email, want string
	}{
		{"correct horse battery", "a@example.com", ""},
		{"short", "a@example.com", "at least 12"},
		{"Someone@Example.com", "someone@example.com", "must not be the e-mail"},
		{strings.Repeat("x", 257), "", "at most 256"},
	}
	for _, tt := range tests {
		err := CheckPassword(tt.password, tt.email)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckPassword(%q) = %v, want %q", tt.password, err, tt.want)
		}
		if err != nil && ErrorCode(err) != EInvalid {
			t.Errorf("CheckPassword(%q) code %s", tt.password, ErrorCode(err))
		}
	}
}

func TestCleaning(t *testing.T) {
	tests := []struct {
		name   string
		clean  func(Problems) string
		want   string
		broken bool
	}{
		{"email lowercased", func(p Problems) string { return cleanEmail(p, "email", " Rosa@Example.COM ", true) }, "rosa@example.com", false},
		{"email without domain", func(p Problems) string { return cleanEmail(p, "email", "rosa@localhost", true) }, "", true},
		{"email with a name", func(p Problems) string { return cleanEmail(p, "email", "Rosa <rosa@example.com>", true) }, "", true},
		{"optional email", func(p Problems) string { return cleanEmail(p, "email", "", false) }, "", false},
		{"required text", func(p Problems) string { return CleanText(p, "name", "  ", 10, true) }, "", true},
		{"text trimmed", func(p Problems) string { return CleanText(p, "name", " Rosa ", 10, true) }, "Rosa", false},
		{"text too long", func(p Problems) string { return CleanText(p, "name", "Rosa Delgado", 4, true) }, "", true},
		{"text with newline", func(p Problems) string { return CleanText(p, "name", "Rosa\nDelgado", 40, true) }, "", true},
		{"text not UTF-8", func(p Problems) string { return CleanText(p, "name", "Ros\xff", 40, true) }, "", true},
		{"phone", func(p Problems) string { return cleanPhone(p, "phone", "+1 (505) 555-0100") }, "+1 (505) 555-0100", false},
		{"phone with letters", func(p Problems) string { return cleanPhone(p, "phone", "call me") }, "", true},
		{"two phones", func(p Problems) string { return cleanPhone(p, "phone", "505-555-0138 / 505-555-0199") }, "505-555-0138 / 505-555-0199", false},
		{"phone with extension", func(p Problems) string { return cleanPhone(p, "phone", "505-555-0140 ext 2") }, "505-555-0140 ext 2", false},
		{"phone with ext.", func(p Problems) string { return cleanPhone(p, "phone", "505-555-0140 Ext.12") }, "505-555-0140 Ext.12", false},
		{"phone with x", func(p Problems) string { return cleanPhone(p, "phone", "505 555 0140 x2") }, "505 555 0140 x2", false},
		{"phone with extensión", func(p Problems) string { return cleanPhone(p, "phone", "91 555 01 40 extensión 3") }, "91 555 01 40 extensión 3", false},
		{"phone with a word", func(p Problems) string { return cleanPhone(p, "phone", "505-555-0140 after 6") }, "", true},
		{"phone with an at sign", func(p Problems) string { return cleanPhone(p, "phone", "505@555-0140") }, "", true},
		{"phone too short", func(p Problems) string { return cleanPhone(p, "phone", "ext 12") }, "", true},
		{"time zone", func(p Problems) string { return cleanTimeZone(p, "time_zone", "America/Denver") }, "America/Denver", false},
		{"unknown time zone", func(p Problems) string { return cleanTimeZone(p, "time_zone", "Mars/Olympus") }, "", true},
		{"local time zone", func(p Problems) string { return cleanTimeZone(p, "time_zone", "Local") }, "", true},
	}
	for _, tt := range tests {
		p := Problems{}
		got := tt.clean(p)
		if broken := p.Err() != nil; broken != tt.broken || (!tt.broken && got != tt.want) {
			t.Errorf("%s: got %q with problems %v", tt.name, got, p)
		}
	}
}

func TestCleanRungs(t *testing.T) {
	tests := []struct {
		name   string
		rungs  []string
		want   []string
		broken bool
	}{
		{"none", nil, []string{}, false},
		{"one", []string{RungProducer}, []string{RungProducer}, false},
		{"in the ladder's order", []string{RungUnion, RungDepartmentHead, RungProducer}, []string{RungDepartmentHead, RungProducer, RungUnion}, false},
		{"once each", []string{RungUPM, RungStudioSafety, RungUPM}, []string{RungUPM, RungStudioSafety}, false},
		{"not a rung", []string{RungUPM, "mayor"}, nil, true},
		{"empty name", []string{""}, nil, true},
	}
	for _, tt := range tests {
		p := Problems{}
		got := CleanRungs(p, "rungs", tt.rungs)
		if broken := p.Err() != nil; broken != tt.broken {
			t.Errorf("%s: got problems %v, want broken %v", tt.name, p, tt.broken)
			continue
		}
		if tt.broken {
			if _, ok := p["rungs"]; !ok || len(p) != 1 {
				t.Errorf("%s: want one problem with rungs, got %v", tt.name, p)
			}
			continue
		}
		if got == nil || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

func TestProblemsMessage(t *testing.T) {
	p := Problems{}
	if p.Err() != nil {
		t.Fatal("no problems made an error")
	}
	p.Add("name", "is required")
	p.Add("name", "second problem is dropped")
	if err := p.Err().(*Error); err.Message != "name: is required" || err.Code != EInvalid {
		t.Fatalf("one problem: %+v", err)
	}
	p.Add("email", "is wrong")
	if err := p.Err().(*Error); !strings.Contains(err.Message, "email, name") || len(err.Fields) != 2 {
		t.Fatalf("two problems: %+v", err)
	}
}

func TestActorStrings(t *testing.T) {
	for _, a := range []Actor{AccountActor("abc"), PersonActor("p1"), SystemActor("cli-root"), Anonymous} {
		got, err := ParseActor(a.String())
		if err != nil || got != a {
			t.Errorf("ParseActor(%q) = %v, %v", a.String(), got, err)
		}
	}
	for _, bad := range []string{"", "account:", "robot:x", "person:a:b", "person:a b", "anonymous:x"} {
		if _, err := ParseActor(bad); err == nil {
			t.Errorf("ParseActor(%q) accepted", bad)
		}
	}
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if !ValidID(id) || len(id) != 16 || seen[id] {
			t.Fatalf("NewID gave %q", id)
		}
		seen[id] = true
	}
	for id, want := range map[string]bool{"red-mesa": true, "rm": false, "site": false, "Red-Mesa": false, "-red": false, "red-": false, "a23": true} {
		if ValidProductionID(id) != want {
			t.Errorf("ValidProductionID(%q) != %v", id, want)
		}
	}
	if !ValidLedgerID(SiteLedger) {
		t.Error("the site ledger ID is not valid")
	}
}

func TestAPITokens(t *testing.T) {
	id, token, hash := NewAPITokenSecret()
	gotID, secret, ok := ParseAPIToken(token)
	if !ok || gotID != id || !APITokenMatches(secret, hash) {
		t.Fatalf("token %q does not parse back", token)
	}
	if APITokenMatches(secret+"x", hash) || APITokenMatches(strings.ToUpper(secret), hash) {
		t.Fatal("a different secret matched")
	}
	for _, bad := range []string{"", "sst_", "sst_" + id, token + "x", strings.TrimPrefix(token, "sst_")} {
		if _, _, ok := ParseAPIToken(bad); ok {
			t.Errorf("ParseAPIToken(%q) accepted", bad)
		}
	}
}

// FuzzReadMoment reads dates and times as permissions, preparations and
// reports give them: never a panic, and what it read, written out in RFC
// 3339, reads back as the same instant.
func FuzzReadMoment(f *testing.F) {
	for _, s := range []string{"2021-10-21T12:08", "2021-10-21T12:08:30", "2021-10-21T12:08:00-06:00", "2021-10-21T18:08:00.123456Z", "", "12:08", "2021-02-30T10:00", "2021-10-21T25:00"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("America/Denver")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		at, err := readMoment(text, loc)
		if err != nil {
			return
		}
		again, err := readMoment(at.Format(time.RFC3339Nano), loc)
		if err != nil || !again.Equal(at) {
			t.Errorf("%q reads as %v, which reads back as %v (%v)", text, at, again, err)
		}
	})
}

func TestOnePhoneNumber(t *testing.T) {
	tests := []struct {
		phone string
		want  bool
	}{
		{"+1 (505) 555-0100", true},
		{"505.555.0100", true},
		{"505-555-0138 / 505-555-0199", false},
		{"505-555-0140 ext 2", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := OnePhoneNumber(tt.phone); got != tt.want {
			t.Errorf("OnePhoneNumber(%q) = %v, want %v", tt.phone, got, tt.want)
		}
	}
}
