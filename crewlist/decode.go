package crewlist

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Encoding is how the text of a crew list is written, as [Decode] found
// it.
type Encoding string

// The encodings a crew list is read in: what spreadsheets write when they
// save CSV ("CSV UTF-8", plain "CSV" on Windows, "Unicode text").
const (
	UTF8        Encoding = "UTF-8"
	UTF16       Encoding = "UTF-16"
	Windows1252 Encoding = "Windows-1252"
)

// Decode returns a crew list's text as UTF-8, without a byte order mark:
// UTF-16 when it starts with its byte order mark, UTF-8 when it is valid
// UTF-8 (with or without the mark), and otherwise Windows-1252, the
// encoding Excel writes "CSV" in on Windows in the Americas and western
// Europe. Every sequence of bytes is text in Windows-1252, so Decode
// never fails; a list in another encoding shows as names to correct.
func Decode(data []byte) ([]byte, Encoding) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err == nil {
			return bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")), UTF16
		}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return data, UTF8
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		// Not reached: every byte is a character of Windows-1252.
		return bytes.ToValidUTF8(data, []byte("\uFFFD")), Windows1252
	}
	return out, Windows1252
}

// separators are the separators a crew list's cells may be separated by.
var separators = []rune{',', ';', '\t'}

// linesLooked is how many rows of a crew list tell its separator.
const linesLooked = 10

// Separator finds what separates a crew list's cells: of comma, semicolon
// and tab, the one the heading row holds and that the first rows hold as
// often as the headings do; separators inside quoted cells do not count.
// A semicolon is what spreadsheets write where the comma is the decimal
// mark, a tab what they write as "text". A list of one column is read
// with commas.
func Separator(text []byte) rune {
	counts := map[rune][]int{}
	for _, sep := range separators {
		counts[sep] = countOutsideQuotes(text, sep, linesLooked)
	}
	best, bestSame, bestHead := ',', -1, 0
	for _, sep := range separators {
		c := counts[sep]
		if len(c) == 0 || c[0] == 0 {
			continue
		}
		same := 0
		for _, n := range c[1:] {
			if n == c[0] {
				same++
			}
		}
		if same > bestSame || (same == bestSame && c[0] > bestHead) {
			best, bestSame, bestHead = sep, same, c[0]
		}
	}
	return best
}

// countOutsideQuotes counts sep in each of the first rows of text that
// are not blank, outside double-quoted cells.
func countOutsideQuotes(text []byte, sep rune, rows int) []int {
	var out []int
	n, quoted, blank := 0, false, true
	for _, r := range string(text) {
		switch {
		case r == '"':
			quoted = !quoted
			blank = false
		case quoted:
		case r == '\n':
			if !blank {
				out = append(out, n)
				if len(out) == rows {
					return out
				}
			}
			n, blank = 0, true
		case r == sep:
			n++
			blank = false
		case r != '\r' && r != ' ':
			blank = false
		}
	}
	if !blank {
		out = append(out, n)
	}
	return out
}

// isZip says whether data is a zip archive, as an Excel workbook (.xlsx)
// is, whatever the file is named.
func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }
