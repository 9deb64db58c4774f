package labels_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/labels"
)

func TestWrite(t *testing.T) {
	tests := []struct {
		name   string
		count  int
		pages  int
		errors bool
	}{
		{"none", 0, 0, true},
		{"one", 1, 1, false},
		{"a full sheet", 24, 1, false},
		{"a second sheet", 25, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ls []labels.Label
			for i := range tc.count {
				ls = append(ls, labels.Label{URL: fmt.Sprintf("https://setsafe.example/p/red-mesa/firearms/%d", i),
					Title: "Colt Single Action Army", Lines: []string{"SN SA4417", "blank-firing · .45 Colt", "Ñandú props"}})
			}
			var buf bytes.Buffer
			err := labels.Write(&buf, "Firearms of Red Mesa", ls)
			if tc.errors {
				if err == nil {
					t.Fatal("no error for an empty sheet")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pdf := buf.String()
			if !strings.HasPrefix(pdf, "%PDF-") || !strings.Contains(pdf, "%%EOF") {
				t.Fatalf("not a PDF: %.20q", pdf)
			}
			if got := strings.Count(pdf, "/Type /Page\n"); got != tc.pages {
				t.Fatalf("%d pages, want %d", got, tc.pages)
			}
			if got := strings.Count(pdf, "/Subtype /Image"); got != tc.count {
				t.Fatalf("%d QR images, want %d", got, tc.count)
			}
		})
	}
}
