package recordkeeping

import (
	"io"
	"strconv"

	"github.com/setsafe/setsafe/pdf"
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

// sheet is a PDF being written, in millimetres on US Letter paper.
type sheet struct {
	*pdf.Doc
	style pdf.Style // of the type set last
}

func newSheet(orientation, title string) *sheet {
	return &sheet{Doc: pdf.New(pdf.Options{Page: pdf.Page{Paper: pdf.Letter, Landscape: orientation == "L"}, Title: title})}
}

// font sets the type: bold ("B") or regular (any other style), at a
// size in points.
func (s *sheet) font(style string, size float64) {
	s.style = pdf.Regular
	if style == "B" {
		s.style = pdf.Bold
	}
	s.Font(s.style, size)
}

// lines wraps text to a width in the current font.
func (s *sheet) lines(text string, w float64) []string { return s.Lines(text, w) }

// cell writes text on one line in a box at x, y; text that does not fit
// is set a little smaller, and if it still does not fit, cut to end in an
// ellipsis. border is "" for none, "1" for a box, "B" for a rule under
// it; align is "L", "C" or "R".
func (s *sheet) cell(x, y, w, h float64, text, border, align string) {
	size := s.FontSize()
	s.Shrink(text, w, size*0.8)
	s.Cell(x, y, w, h, text, pdf.Align(align), pdf.Frame(border))
	s.Font(s.style, size)
}

// para writes text wrapped to a width from x, y with a line height and
// returns the y below it.
func (s *sheet) para(x, y, w, lh float64, text string) float64 {
	return s.Para(x, y, w, lh, text, 0)
}

// paraMax is para writing at most max lines (all when max is 0), the
// last ending in an ellipsis when the text is cut.
func (s *sheet) paraMax(x, y, w, lh float64, text string, max int) float64 {
	return s.Para(x, y, w, lh, text, max)
}

// field writes a numbered label and its answer: the label in bold, the
// answer after it on the same line, or under it when the label takes more
// than half the width; it returns the y below.
func (s *sheet) field(x, y, w float64, label, answer string) float64 {
	s.font("B", 8)
	labelLines := s.lines(label, w)
	lw := s.Width(label) + 2
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
			s.Cell(x, y, w, 4.5, l, pdf.Left, pdf.NoFrame)
			y += 4.5
		}
	} else {
		s.Cell(x, y, lw, 4.5, label, pdf.Left, pdf.NoFrame)
	}
	s.font("", 9)
	end := s.paraMax(ax, y, aw, 4.5, answer, maxAnswerLines)
	s.Gray(160)
	s.Line(ax, end-0.5, x+w, end-0.5)
	s.Gray(0)
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
func (s *sheet) finish(w io.Writer, what string) error { return s.Write(w, what) }

// count writes a count of days.
func count(n int) string { return strconv.Itoa(n) }

// check is the mark in a checked box.
func check(b bool) string {
	if b {
		return "X"
	}
	return ""
}
