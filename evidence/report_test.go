package evidence

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestProblemsCapped(t *testing.T) {
	v := &verification{rep: &Report{}}
	for i := range MaxProblems + 50 {
		v.problem(fmt.Sprintf("entry %d", i+1), "changed")
	}
	if len(v.rep.Problems) != MaxProblems || v.rep.MoreProblems != 50 || v.rep.OK() {
		t.Fatalf("%d problems listed, %d more, OK %v", len(v.rep.Problems), v.rep.MoreProblems, v.rep.OK())
	}
	var out bytes.Buffer
	PrintReport(&out, v.rep)
	if !strings.Contains(out.String(), "PROBLEMS: 150.") || !strings.Contains(out.String(), "and 50 more problems") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestPrintReport(t *testing.T) {
	m := Manifest{Origin: "setsafe/red-mesa", Ledger: "red-mesa", Production: "Red Mesa", Withholding: "confidential reports",
		Attachments: []Attachment{{SHA256: "ab"}}}
	for _, tc := range []struct {
		name string
		r    Report
		want []string
		not  []string
	}{
		{"holds", Report{Manifest: m, Entries: 5321, Withheld: 12, From: 1, To: 5321, Checkpoints: 204, HeadSize: 6000, Final: true,
			CosignedBy: []string{"union.example/witness", "insurer.example/w"}, Attachments: 1},
			[]string{"Evidence bundle of Red Mesa (origin setsafe/red-mesa)",
				"Verified: 5321 entries (12 withheld) from 1 to 5321, 204 checkpoints, head at size 6000 final: cosigned by union.example/witness and insurer.example/w.",
				"Attachments: 1 of 1 match their hashes.", "The exporter says: confidential reports.", "Everything in the bundle holds."},
			[]string{"PROBLEMS"}},
		{"problems first", Report{Manifest: m, Entries: 3, From: 1, To: 3, Checkpoints: 1, HeadSize: 3,
			Problems: []Problem{{"entry 2", "its bytes do not match its leaf hash"}}},
			[]string{"PROBLEMS: 1.", "  - entry 2: its bytes do not match its leaf hash\n", "head at size 3 not final: no trusted witness cosigned it"},
			[]string{"Everything in the bundle holds."}},
		{"nothing", Report{Problems: []Problem{{"archive", "the file is not a zip archive"}}},
			[]string{"PROBLEMS: 1.", "archive: the file is not a zip archive", "Nothing in the bundle could be verified."},
			[]string{"Verified:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			PrintReport(&out, &tc.r)
			s := out.String()
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("lacks %q:\n%s", w, s)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(s, w) {
					t.Errorf("has %q:\n%s", w, s)
				}
			}
			if len(tc.r.Problems) > 0 && strings.Index(s, "PROBLEMS") > strings.Index(s, "Verified") && strings.Contains(s, "Verified") {
				t.Errorf("problems come after what holds:\n%s", s)
			}
		})
	}
}
