package recordkeeping

import (
	"fmt"
	"io"
	"strconv"

	"github.com/go-pdf/fpdf"
)

// The PDFs render the forms' fields and columns in their order and words
// (OSHA's Forms 300, 300A and 301, Rev. 04/2004), not OSHA's artwork. They
// are written without compression so that their words can be searched and
// checked.

// Portrait pages: a field whose answer would end below portraitFoot
// starts a new page, and an answer is cut after maxAnswerLines lines, so
// that no answer runs off the page.
const (
	portraitFoot   = 268.0
	maxAnswerLines = 30
)

// sheet is a PDF being written, in millimetres on US Letter paper, with
// text in Helvetica encoded as Windows-1252.
type sheet struct {
	*fpdf.Fpdf
	tr func(string) string
}

func newSheet(orientation, title string) *sheet {
	p := fpdf.New(orientation, "mm", "Letter", "")
	p.SetCompression(false)
	p.SetTitle(title, true)
	p.SetCreator("setsafe", true)
	p.SetMargins(10, 10, 10)
	p.SetAutoPageBreak(false, 10)
	p.AliasNbPages("{nb}")
	return &sheet{Fpdf: p, tr: p.UnicodeTranslatorFromDescriptor("")}
}

// font sets Helvetica in a style ("", "B", "I") and size in points.
func (s *sheet) font(style string, size float64) { s.SetFont("Helvetica", style, size) }

// lines wraps text to a width in the current font. The lines come back
// encoded for the PDF. Text is first encoded as Windows-1252, the core
// fonts' encoding, and wrapped byte by byte, so that no character outside
// it reaches fpdf's width tables.
func (s *sheet) lines(text string, w float64) []string {
	enc := s.tr(text)
	runes := make([]rune, len(enc))
	for i := 0; i < len(enc); i++ {
		runes[i] = rune(enc[i])
	}
	var out []string
	for _, l := range s.SplitText(string(runes), w) {
		b := make([]byte, 0, len(l))
		for _, r := range l {
			b = append(b, byte(r))
		}
		out = append(out, string(b))
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// cell writes text on one line in a box at x, y; text that does not fit
// is cut and ends in "...".
func (s *sheet) cell(x, y, w, h float64, text, border, align string) {
	ls := s.lines(text, w)
	if len(ls) > 1 {
		ls = s.lines(text, w-s.GetStringWidth("..."))
		ls[0] += "..."
	}
	s.SetXY(x, y)
	s.CellFormat(w, h, ls[0], border, 0, align, false, 0, "")
}

// para writes text wrapped to a width from x, y with a line height and
// returns the y below it.
func (s *sheet) para(x, y, w, lh float64, text string) float64 {
	return s.paraMax(x, y, w, lh, text, 0)
}

// paraMax is para writing at most max lines (all when max is 0), the
// last ending in "..." when the text is cut.
func (s *sheet) paraMax(x, y, w, lh float64, text string, max int) float64 {
	ls := s.lines(text, w)
	if max > 0 && len(ls) > max {
		ls = ls[:max]
		ls[max-1] += "..."
	}
	for _, l := range ls {
		s.SetXY(x, y)
		s.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		y += lh
	}
	return y
}

// field writes a numbered label and its answer: the label in bold, the
// answer after it on the same line, or under it when the label takes more
// than half the width; it returns the y below.
func (s *sheet) field(x, y, w float64, label, answer string) float64 {
	s.font("B", 8)
	labelLines := s.lines(label, w)
	lw := s.GetStringWidth(s.tr(label)) + 2
	under := lw > w/2
	ax, aw := x+lw, w-lw
	if under {
		ax, aw = x, w
	}
	s.font("", 9)
	n := min(len(s.lines(answer, aw)), maxAnswerLines)
	if under {
		n += len(labelLines)
	}
	if y+float64(n)*4.5 > portraitFoot {
		s.AddPage()
		y = 15
	}
	s.font("B", 8)
	if under {
		for _, l := range labelLines {
			s.SetXY(x, y)
			s.CellFormat(w, 4.5, l, "", 0, "L", false, 0, "")
			y += 4.5
		}
	} else {
		s.SetXY(x, y)
		s.CellFormat(lw, 4.5, s.tr(label), "", 0, "L", false, 0, "")
	}
	s.font("", 9)
	end := s.paraMax(ax, y, aw, 4.5, answer, maxAnswerLines)
	s.SetDrawColor(160, 160, 160)
	s.Line(ax, end-0.5, x+w, end-0.5)
	s.SetDrawColor(0, 0, 0)
	return end + 1.5
}

// pair writes two fields side by side on a portrait page and returns
// the y below the taller.
func (s *sheet) pair(y float64, leftLabel, left, rightLabel, right string) float64 {
	if y+4.5 > portraitFoot {
		s.AddPage()
		y = 15
	}
	return max(s.field(15, y, 92, leftLabel, left), s.field(109, y, 92, rightLabel, right))
}

// finish writes the PDF out, or the first error of making it.
func (s *sheet) finish(w io.Writer, what string) error {
	if err := s.Error(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := s.Output(w); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// count writes a count of days.
func count(n int) string { return strconv.Itoa(n) }

// check is the mark in a checked box.
func check(b bool) string {
	if b {
		return "X"
	}
	return ""
}
