package dailyreport

import (
	"fmt"
	"io"
	"time"

	"github.com/setsafe/setsafe/pdf"
)

// The report's pages: US Letter, portrait, in millimetres. A line that
// would end below foot starts a new page.
const (
	left    = 15.0
	width   = 186.0
	top     = 15.0
	foot    = 262.0
	lineH   = 4.6
	labelW  = 34.0
	bodyPt  = 9.0
	smallPt = 7.5
)

// sheet is a PDF being written from the top down: y is where the next
// line goes.
type sheet struct {
	*pdf.Doc
	y float64
}

// newSheet starts a report's PDF, uncompressed so that its words can be
// searched and checked, with footer on every page; made is when the
// report was generated.
func newSheet(made time.Time, title, footer string) *sheet {
	d := pdf.New(pdf.Options{Page: pdf.Page{Paper: pdf.Letter}, Title: title, Made: made})
	s := &sheet{Doc: d}
	d.Footer(func() {
		d.Font(pdf.Regular, smallPt)
		d.Cell(left, 270, width, 4, footer+fmt.Sprintf(" - page %d of %s", d.PageNo(), pdf.TotalPages), pdf.Center, pdf.NoFrame)
	})
	d.AddPage()
	s.y = top
	return s
}

// font sets the type: bold or not, at a size in points.
func (s *sheet) font(style pdf.Style, size float64) { s.Font(style, size) }

// room starts a new page unless h more millimetres fit on this one.
func (s *sheet) room(h float64) {
	if s.y+h > foot {
		s.AddPage()
		s.y = top
	}
}

// heading starts a section: a title in bold over a rule, kept on the
// page with the line after it.
func (s *sheet) heading(text string) {
	s.y += 2
	s.room(7 + 2*lineH)
	s.font(pdf.Bold, 11.5)
	s.Cell(left, s.y, width, 6, text, pdf.Left, pdf.NoFrame)
	s.y += 6.5
	s.Gray(120)
	s.Line(left, s.y, left+width, s.y)
	s.Gray(0)
	s.y += 1.5
}

// sub writes a line in bold: the head of an item, such as a set-up.
func (s *sheet) sub(text string) {
	s.y += 1
	s.room(2 * lineH)
	s.text(0, pdf.Bold, bodyPt, text)
}

// text writes text wrapped from an indent, in a style and size, and moves
// below it.
func (s *sheet) text(indent float64, style pdf.Style, size float64, text string) {
	s.font(style, size)
	for _, l := range s.Lines(text, width-indent) {
		s.room(lineH)
		s.Cell(left+indent, s.y, width-indent, lineH, l, pdf.Left, pdf.NoFrame)
		s.y += lineH
	}
}

// field writes a label in bold and its text beside it, wrapped in the
// column after the label.
func (s *sheet) field(indent float64, label, text string) {
	s.font(pdf.Regular, bodyPt)
	ls := s.Lines(text, width-indent-labelW)
	for i, l := range ls {
		s.room(lineH)
		if i == 0 {
			s.font(pdf.Bold, bodyPt)
			s.Cell(left+indent, s.y, labelW, lineH, label, pdf.Left, pdf.NoFrame)
			s.font(pdf.Regular, bodyPt)
		}
		s.Cell(left+indent+labelW, s.y, width-indent-labelW, lineH, l, pdf.Left, pdf.NoFrame)
		s.y += lineH
	}
}

// item writes a line of a list: a dash, then the text wrapped under
// itself.
func (s *sheet) item(indent float64, text string) {
	s.font(pdf.Regular, bodyPt)
	for i, l := range s.Lines(text, width-indent-4) {
		s.room(lineH)
		if i == 0 {
			s.Cell(left+indent, s.y, 4, lineH, "-", pdf.Left, pdf.NoFrame)
		}
		s.Cell(left+indent+4, s.y, width-indent-4, lineH, l, pdf.Left, pdf.NoFrame)
		s.y += lineH
	}
}

// none says a section has nothing to show.
func (s *sheet) none(text string) { s.text(0, pdf.Regular, bodyPt, text) }

// finish writes the PDF out, or the first error of making it.
func (s *sheet) finish(w io.Writer) error { return s.Write(w, "daily report PDF") }
