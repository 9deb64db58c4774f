package dailyreport

import (
	"strings"
	"testing"

	"github.com/setsafe/setsafe/pdf/pdftest"
)

// pdfLines returns the lines of text the PDF shows, as laid out on its
// pages, each without the spaces around it.
func pdfLines(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	for l := range strings.SplitSeq(pdftest.Text(t, pdf), "\n") {
		if l = strings.TrimSpace(strings.Trim(l, "\f")); l != "" {
			out = append(out, l)
		}
	}
	return out
}
