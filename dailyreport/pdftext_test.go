package dailyreport

import (
	"bytes"
	"strings"
	"testing"
)

// pdfLines returns the lines an uncompressed PDF shows: the string of
// each Tj operator in its content streams (fpdf writes one per line of
// text), in the order they are drawn, read as Windows-1252's Latin-1
// part.
func pdfLines(t *testing.T, pdf []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: starts %q", pdf[:min(len(pdf), 10)])
	}
	var out []string
	for rest := pdf; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("endstream"))
		if j < 0 {
			t.Fatal("a stream without endstream")
		}
		out = append(out, shown(rest[:j])...)
		rest = rest[j+len("endstream"):]
	}
	return out
}

// shown reads the string literals that end in Tj in one content stream.
func shown(s []byte) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		var b strings.Builder
		j := i + 1
		for depth := 1; j < len(s); j++ {
			c := s[j]
			if c == '\\' && j+1 < len(s) {
				j++
				switch s[j] {
				case 'n':
					b.WriteByte('\n')
				case 'r', 't', 'b', 'f':
				default:
					b.WriteRune(rune(s[j]))
				}
				continue
			}
			if c == '(' {
				depth++
			}
			if c == ')' {
				if depth--; depth == 0 {
					break
				}
			}
			b.WriteRune(rune(c))
		}
		if after := bytes.TrimLeft(s[j+1:], " "); bytes.HasPrefix(after, []byte("Tj")) {
			out = append(out, b.String())
		}
		i = j
	}
	return out
}

func TestSafetyReportPDFLinesReadShownStrings(t *testing.T) {
	pdf := []byte("%PDF-1.3\n1 0 obj <</Title (not shown)>> endobj\n2 0 obj <</Length 9>>\nstream\nBT /F1 9 Tf 10 20 Td (Set-ups) Tj ET\nBT 1 2 Td (Tried by \\(Marcus\\)) Tj ET\n(dropped) re\nendstream\nendobj\n")
	got := strings.Join(pdfLines(t, pdf), "|")
	if want := "Set-ups|Tried by (Marcus)"; got != want {
		t.Fatalf("pdfLines = %q, want %q", got, want)
	}
}
