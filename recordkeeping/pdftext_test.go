package recordkeeping

import (
	"strings"
	"testing"

	"github.com/setsafe/setsafe/pdf/pdftest"
)

// pdfText returns the text the PDF shows, as laid out on its pages.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	return pdftest.Text(t, pdf)
}

// flat is text with its words run on, one space between each: what
// reads on whatever line the type's widths wrapped it.
func flat(text string) string { return strings.Join(strings.Fields(text), " ") }

// shown splits text into its lines that show something, each without
// the spaces around it.
func shown(text string) []string {
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(strings.Trim(l, "\f")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// answersOf are what may be a label's answer: the rest of its line up to
// a wide gap, and the line below from where the label starts (an answer
// goes under a long label).
func answersOf(lines []string, label string) []string {
	for i, l := range lines {
		at := strings.Index(l, label)
		if at < 0 {
			continue
		}
		out := []string{upToGap(l[at+len(label):])}
		if i+1 < len(lines) {
			next := []rune(lines[i+1])
			col := max(0, len([]rune(l[:at]))-2)
			if col < len(next) {
				out = append(out, upToGap(string(next[col:])))
			}
		}
		return out
	}
	return nil
}

// upToGap is text without its leading spaces, up to three spaces in a
// row: one column of a laid-out line.
func upToGap(text string) string {
	text = strings.TrimLeft(text, " ")
	if i := strings.Index(text, "   "); i >= 0 {
		text = text[:i]
	}
	return strings.TrimSpace(text)
}

// pageTotals are the numbers after "Page totals" on each page of a 300
// log, in column order.
func pageTotals(text string) [][]string {
	var out [][]string
	for _, l := range shown(text) {
		if _, after, ok := strings.Cut(l, "Page totals"); ok {
			out = append(out, strings.Fields(after))
		}
	}
	return out
}
