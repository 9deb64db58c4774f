package evidence

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func exampleStatement() Statement {
	root := bytes.Repeat([]byte{7}, 32)
	entries := make([]uint64, 0, 45)
	for i := range 45 {
		entries = append(entries, uint64(101+2*i))
	}
	return Statement{
		Origin: "setsafe/red-mesa", Production: "Red Mesa",
		CheckpointSize: 6000, CheckpointRoot: root,
		Period: Period{From: time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)},
		First:  100, Last: 5321, Profile: "US-CA", ProfileEntry: 87,
		Counts: []Count{
			{Name: "firearm-issues", Type: "firearm.handed_over", Entries: entries},
			{Name: "refused-issues", Type: "action.refused", Where: []FieldIs{{"action", "hand_over"}, {"reason", "no safety meeting"}}, Entries: []uint64{205, 300, 4000}},
			{Name: "none", Type: "stop_work.called", Where: []FieldIs{{"why", ""}, {"q", `"x"`}}},
		},
		Claim: []string{"Every one of the 45 firearm hand-offs was recorded.", "Three were refused."},
	}
}

func TestStatementRoundTrip(t *testing.T) {
	min := Statement{
		Origin: "s/l", CheckpointSize: 1, CheckpointRoot: make([]byte, 32),
		Period: Period{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 2, 0, 0, 0, 0, time.FixedZone("", -8*3600))},
		First:  1, Last: 1,
	}
	for _, tc := range []struct {
		name string
		s    Statement
	}{{"full", exampleStatement()}, {"minimal", min}} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.s.Check(); err != nil {
				t.Fatalf("Check: %v", err)
			}
			text := tc.s.Text()
			got, err := ParseStatement(text)
			if err != nil {
				t.Fatalf("ParseStatement(%q): %v", text, err)
			}
			if !got.equal(tc.s) {
				t.Errorf("read back %+v\nwant %+v", got, tc.s)
			}
			if got.Text() != text {
				t.Errorf("text written again differs:\n%s\nwant\n%s", got.Text(), text)
			}
		})
	}
	text := exampleStatement().Text()
	for _, want := range []string{
		"setsafe attestation/v1\norigin setsafe/red-mesa\nproduction Red Mesa\ncheckpoint 6000 BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n",
		"period 2026-11-01T07:00:00Z 2026-12-01T07:00:00Z\nentries 100 5321\nprofile US-CA 87\ncount firearm-issues 45 firearm.handed_over\n- 101 103 ",
		" 139\n- 141 ", " 179\n- 181 ", " 189\ncount refused-issues 3 action.refused action=hand_over reason=\"no safety meeting\"\n- 205 300 4000\n",
		"count none 0 stop_work.called why=\"\" q=\"\\\"x\\\"\"\nclaim Every",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestParseStatementRefuses(t *testing.T) {
	good := exampleStatement().Text()
	for _, tc := range []struct{ name, old, new string }{
		{"header", "attestation/v1", "attestation/v2"},
		{"no final newline", "refused.\n", "refused."},
		{"blank line", "entries 100", "\nentries 100"},
		{"missing origin", "origin setsafe/red-mesa\n", ""},
		{"two spaces", "entries 100 5321", "entries 100  5321"},
		{"leading zero", "entries 100", "entries 0100"},
		{"range backwards", "entries 100 5321", "entries 5321 100"},
		{"first zero", "entries 100", "entries 0"},
		{"short root", "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=", "BwcH"},
		{"period backwards", "period 2026-11-01T07:00:00Z 2026-12-01T07:00:00Z", "period 2026-12-01T07:00:00Z 2026-11-01T07:00:00Z"},
		{"period not a time", "2026-11-01T07:00:00Z", "2026-11-01"},
		{"period fraction", "2026-11-01T07:00:00Z", "2026-11-01T07:00:00.5Z"},
		{"count too high", "count refused-issues 3", "count refused-issues 4"},
		{"count too low", "count refused-issues 3", "count refused-issues 2"},
		{"entries out of order", "- 205 300 4000", "- 300 205 4000"},
		{"entry twice", "- 205 300 4000", "- 205 205 4000"},
		{"bad field", "action=hand_over", "action:hand_over"},
		{"bad quote", `reason="no safety meeting"`, `reason="no safety meeting`},
		{"needless quote", "action=hand_over", `action="hand_over"`},
		{"order of lines", "claim Every", "profile US-CA 88\nclaim Every"},
		{"unknown line", "claim Three", "note Three"},
		{"tab", "Red Mesa", "Red\tMesa"},
		{"trailing space in name", "production Red Mesa", "production Red Mesa "},
		{"too many per line", "- 141 ", "- 139 141 "},
		{"empty claim", "claim Three were refused.", "claim "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.old) {
				t.Fatalf("test text lacks %q", tc.old)
			}
			text := strings.Replace(good, tc.old, tc.new, 1)
			if s, err := ParseStatement(text); err == nil {
				t.Errorf("ParseStatement accepted %q: %+v", text, s)
			}
		})
	}
}

func TestStatementCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Statement)
	}{
		{"space in origin", func(s *Statement) { s.Origin = "a b" }},
		{"newline in claim", func(s *Statement) { s.Claim = []string{"a\nb"} }},
		{"unsorted entries", func(s *Statement) { s.Counts[1].Entries = []uint64{3, 2} }},
		{"profile entry without profile", func(s *Statement) { s.Profile = "" }},
		{"space in type", func(s *Statement) { s.Counts[0].Type = "a b" }},
		{"equals in field", func(s *Statement) { s.Counts[1].Where[0].Field = "a=b" }},
		{"short root", func(s *Statement) { s.CheckpointRoot = s.CheckpointRoot[:4] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := exampleStatement()
			tc.change(&s)
			if err := s.Check(); err == nil {
				t.Errorf("Check accepted %+v", s)
			}
		})
	}
}

func FuzzParseStatement(f *testing.F) {
	f.Add(exampleStatement().Text())
	f.Add("setsafe attestation/v1\norigin s/l\ncheckpoint 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nperiod 2026-01-01T00:00:00Z 2026-01-02T00:00:00Z\nentries 1 1\n")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseStatement(text)
		if err != nil {
			return
		}
		if s.Text() != text {
			t.Fatalf("accepted text written again differs:\n%q\n%q", text, s.Text())
		}
		back, err := ParseStatement(s.Text())
		if err != nil || !back.equal(s) {
			t.Fatalf("written text does not read back: %v", err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("parsed statement fails Check: %v", err)
		}
	})
}
