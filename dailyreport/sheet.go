package dailyreport

import (
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"
)

// The report's pages: US Letter, portrait, in millimetres, text in
// Helvetica encoded as Windows-1252. A line that would end below foot
// starts a new page.
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
	*fpdf.Fpdf
	tr func(string) string
	y  float64
}

// newSheet starts a report's PDF, uncompressed so that its words can be
// searched and checked, with footer on every page.
func newSheet(title, footer string) *sheet {
	p := fpdf.New("P", "mm", "Letter", "")
	p.SetCompression(false)
	p.SetTitle(title, true)
	p.SetCreator("setsafe", true)
	p.SetMargins(left, top, left)
	p.SetAutoPageBreak(false, 10)
	p.AliasNbPages("{nb}")
	s := &sheet{Fpdf: p, tr: p.UnicodeTranslatorFromDescriptor("")}
	p.SetFooterFunc(func() {
		s.font("", smallPt)
		s.SetXY(left, 270)
		s.CellFormat(width, 4, s.tr(footer)+fmt.Sprintf(" - page %d of {nb}", p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	s.y = top
	return s
}

// font sets Helvetica in a style ("", "B", "I") and size in points.
func (s *sheet) font(style string, size float64) { s.SetFont("Helvetica", style, size) }

// room starts a new page unless h more millimetres fit on this one.
func (s *sheet) room(h float64) {
	if s.y+h > foot {
		s.AddPage()
		s.y = top
	}
}

// lines wraps text to a width in the current font. The lines come back
// encoded for the PDF: text is first encoded as Windows-1252, the core
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

// heading starts a section: a title in bold over a rule, kept on the
// page with the line after it.
func (s *sheet) heading(text string) {
	s.y += 2
	s.room(7 + 2*lineH)
	s.font("B", 11.5)
	s.SetXY(left, s.y)
	s.CellFormat(width, 6, s.tr(text), "", 0, "L", false, 0, "")
	s.y += 6.5
	s.SetDrawColor(120, 120, 120)
	s.Line(left, s.y, left+width, s.y)
	s.SetDrawColor(0, 0, 0)
	s.y += 1.5
}

// sub writes a line in bold: the head of an item, such as a set-up.
func (s *sheet) sub(text string) {
	s.y += 1
	s.room(2 * lineH)
	s.text(0, "B", bodyPt, text)
}

// text writes text wrapped from an indent, in a style and size, and moves
// below it.
func (s *sheet) text(indent float64, style string, size float64, text string) {
	s.font(style, size)
	for _, l := range s.lines(text, width-indent) {
		s.room(lineH)
		s.SetXY(left+indent, s.y)
		s.CellFormat(width-indent, lineH, l, "", 0, "L", false, 0, "")
		s.y += lineH
	}
}

// field writes a label in bold and its text beside it, wrapped in the
// column after the label.
func (s *sheet) field(indent float64, label, text string) {
	s.font("", bodyPt)
	ls := s.lines(text, width-indent-labelW)
	for i, l := range ls {
		s.room(lineH)
		if i == 0 {
			s.font("B", bodyPt)
			s.SetXY(left+indent, s.y)
			s.CellFormat(labelW, lineH, s.tr(label), "", 0, "L", false, 0, "")
			s.font("", bodyPt)
		}
		s.SetXY(left+indent+labelW, s.y)
		s.CellFormat(width-indent-labelW, lineH, l, "", 0, "L", false, 0, "")
		s.y += lineH
	}
}

// item writes a line of a list: a dash, then the text wrapped under
// itself.
func (s *sheet) item(indent float64, text string) {
	s.font("", bodyPt)
	for i, l := range s.lines(text, width-indent-4) {
		s.room(lineH)
		if i == 0 {
			s.SetXY(left+indent, s.y)
			s.CellFormat(4, lineH, "-", "", 0, "L", false, 0, "")
		}
		s.SetXY(left+indent+4, s.y)
		s.CellFormat(width-indent-4, lineH, l, "", 0, "L", false, 0, "")
		s.y += lineH
	}
}

// none says a section has nothing to show.
func (s *sheet) none(text string) { s.text(0, "I", bodyPt, text) }

// finish writes the PDF out, or the first error of making it.
func (s *sheet) finish(w io.Writer) error {
	if err := s.Error(); err != nil {
		return fmt.Errorf("daily report PDF: %w", err)
	}
	if err := s.Output(w); err != nil {
		return fmt.Errorf("daily report PDF: %w", err)
	}
	return nil
}
