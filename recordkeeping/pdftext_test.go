package recordkeeping

import (
	"bytes"
	"strings"
	"testing"
)

// pdfText returns the text an uncompressed PDF shows: the strings of each
// Tj and TJ operator in its content streams, one to a line, in the order
// they are drawn.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: starts %q", pdf[:min(len(pdf), 10)])
	}
	var out []string
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream"):]
		j := bytes.Index(rest, []byte("endstream"))
		if j < 0 {
			t.Fatal("a stream without endstream")
		}
		out = append(out, showText(rest[:j])...)
		rest = rest[j+len("endstream"):]
	}
	return strings.Join(out, "\n")
}

// showText reads the strings shown by Tj and TJ in one content stream.
func showText(s []byte) []string {
	var out, pending []string
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			str, end := literal(s, i)
			pending = append(pending, str)
			i = end
		case c == '[' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t':
		case c == 'T' && i+1 < len(s) && (s[i+1] == 'j' || s[i+1] == 'J'):
			if len(pending) > 0 {
				out = append(out, strings.Join(pending, ""))
			}
			pending = nil
			i++
		case (c >= '0' && c <= '9') || c == '-' || c == '.':
			// numbers: operands, and kerning inside TJ arrays
		default:
			// any other operator ends the operands of a text operator
			for i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\n' && s[i+1] != '(' && s[i+1] != '[' {
				i++
			}
			pending = nil
		}
	}
	return out
}

// literal reads the PDF string literal starting at s[start] == '(' and
// returns it, its bytes read as Windows-1252's ASCII and Latin-1 part, and
// the index of its closing parenthesis.
func literal(s []byte, start int) (string, int) {
	var b strings.Builder
	depth := 0
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'b', 'f':
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := 0
				for k := 0; k < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; k++ {
					v = v*8 + int(s[i]-'0')
					i++
				}
				i--
				b.WriteRune(rune(v))
			default:
				b.WriteByte(e)
			}
		case c == '(':
			if depth > 0 {
				b.WriteByte(c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return b.String(), i
			}
			b.WriteByte(c)
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String(), len(s)
}

func TestPDFTextReadsShownStrings(t *testing.T) {
	pdf := []byte("%PDF-1.3\n1 0 obj <</Title (not shown)>> endobj\n2 0 obj <<>>\nstream\nBT /F1 9 Tf 10 20 Td (Privacy case) Tj ET\nBT [(To) -20 (tals \\(K\\))] TJ ET\n(dropped) re\nendstream\nendobj\n")
	got := pdfText(t, pdf)
	want := "Privacy case\nTotals (K)"
	if got != want {
		t.Fatalf("pdfText = %q, want %q", got, want)
	}
}
