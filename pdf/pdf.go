// Package pdf writes the PDFs setsafe prints: label sheets, injury logs
// and daily safety reports. It is the one package that knows the PDF
// library; the others draw through a small document in millimetres.
//
// Text is set in DejaVu Sans, embedded in the program and subset into
// each PDF, so that any name or serial number prints as written: Polish,
// Vietnamese, Greek and Cyrillic letters as well as English. The fonts
// are the ones Debian ships in fonts-dejavu-core, under the Bitstream
// Vera licence (fonts/LICENSE).
package pdf

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

var (
	//go:embed fonts/DejaVuSans.ttf
	regularFont []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	boldFont []byte
)

// family is the name the embedded fonts go by inside a document.
const family = "DejaVuSans"

// Paper is a size of sheet.
type Paper string

// The papers setsafe prints on.
const (
	Letter Paper = "Letter" // US Letter, 8.5 by 11 inches
	A4     Paper = "A4"     // ISO A4, 210 by 297 mm
)

// Size is the paper's width and height in millimetres, upright.
func (p Paper) Size() (w, h float64) {
	if p == A4 {
		return 210, 297
	}
	return 215.9, 279.4
}

// Style is the weight of type.
type Style int

// The weights of type.
const (
	Regular Style = iota
	Bold
)

// Align is where text sits in its cell.
type Align string

// The alignments.
const (
	Left   Align = "L"
	Center Align = "C"
	Right  Align = "R"
)

// Frame is the rule drawn around a cell.
type Frame string

// The frames of a cell.
const (
	NoFrame   Frame = ""
	Box       Frame = "1" // all four sides
	Underline Frame = "B" // the bottom side
)

// TotalPages, in text, prints as the number of pages of the document.
const TotalPages = "{nb}"

// Ellipsis ends text that was cut to fit.
const Ellipsis = "…"

// Page says how a document's pages are laid out.
type Page struct {
	Paper     Paper
	Landscape bool
}

// Options are a document's page, title and date.
type Options struct {
	Page
	// Title is the document's title, as a PDF reader shows it.
	Title string
	// Made is the date the document says it was made; by default a fixed
	// date, so that the same content makes the same bytes.
	Made time.Time
	// Compress squeezes the page contents. Leave it off for documents
	// whose words are searched in their bytes.
	Compress bool
}

// fixedDate is the date of a document made without one.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Doc is a PDF being drawn, in millimetres from the top left of the page.
// The first error stops drawing and comes back from Write and Err.
type Doc struct {
	f      *fpdf.Fpdf
	images int
}

// New starts a document with no pages.
func New(o Options) *Doc {
	if o.Paper == "" {
		o.Paper = A4
	}
	orientation := "P"
	if o.Landscape {
		orientation = "L"
	}
	f := fpdf.New(orientation, "mm", string(o.Paper), "")
	// The page alias is set before the fonts are added, so that their
	// subsets keep the digits it becomes.
	f.AliasNbPages(TotalPages)
	f.AddUTF8FontFromBytes(family, "", regularFont)
	f.AddUTF8FontFromBytes(family, "B", boldFont)
	f.SetCompression(o.Compress)
	f.SetTitle(o.Title, true)
	f.SetCreator("setsafe", true)
	f.SetProducer("setsafe", true)
	made := o.Made
	if made.IsZero() {
		made = fixedDate
	}
	f.SetCreationDate(made.UTC())
	f.SetModificationDate(made.UTC())
	f.SetCatalogSort(true)
	f.SetMargins(0, 0, 0)
	f.SetAutoPageBreak(false, 0)
	f.SetFont(family, "", 10)
	return &Doc{f: f}
}

// AddPage starts a new page; the footer, if any, is drawn on the page
// before.
func (d *Doc) AddPage() { d.f.AddPage() }

// PageNo is the number of the page being drawn, from 1.
func (d *Doc) PageNo() int { return d.f.PageNo() }

// Footer draws on every page as it is finished.
func (d *Doc) Footer(draw func()) { d.f.SetFooterFunc(draw) }

// Font sets the type for the text that follows: a style at a size in
// points.
func (d *Doc) Font(s Style, size float64) {
	style := ""
	if s == Bold {
		style = "B"
	}
	d.f.SetFont(family, style, size)
}

// FontSize is the size of the type, in points.
func (d *Doc) FontSize() float64 {
	pt, _ := d.f.GetFontSize()
	return pt
}

// Width is how wide text is in the current type, in millimetres.
func (d *Doc) Width(text string) float64 { return d.f.GetStringWidth(text) }

// margin is the space a cell keeps on each side of its text.
func (d *Doc) margin() float64 { return d.f.GetCellMargin() }

// Lines wraps text into lines that fit a cell w wide in the current
// type; there is always at least one line.
func (d *Doc) Lines(text string, w float64) []string {
	var out []string
	if w > 2*d.margin() {
		out = d.f.SplitText(text, w)
	} else {
		out = []string{text}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// Fits says whether text fits on one line of a cell w wide: by the
// measure Lines wraps by, so that what fits is never wrapped.
func (d *Doc) Fits(text string, w float64) bool {
	_, size := d.f.GetFontSize() // in millimetres, as widths are
	if size <= 0 {
		return false
	}
	room := math.Ceil((w - 2*d.margin()) * 1000 / size)
	return d.Width(text)*1000/size <= room+1e-6
}

// Shrink sets the type, if it must, to a smaller size at which text fits
// on one line of a cell w wide, but no smaller than smallest points; it
// returns the size set.
func (d *Doc) Shrink(text string, w, smallest float64) float64 {
	size := d.FontSize()
	if d.Fits(text, w) || size <= smallest {
		return size
	}
	d.f.SetFontSize(smallest)
	if !d.Fits(text, w) {
		return smallest
	}
	lo, hi := smallest, size
	for hi-lo > 0.05 { // the largest size that fits, to a twentieth of a point
		mid := (lo + hi) / 2
		d.f.SetFontSize(mid)
		if d.Fits(text, w) {
			lo = mid
		} else {
			hi = mid
		}
	}
	d.f.SetFontSize(lo)
	return lo
}

// Fit is text cut, if it must be, to fit on one line of a cell w wide,
// ending in an ellipsis when cut.
func (d *Doc) Fit(text string, w float64) string {
	if d.Fits(text, w) {
		return text
	}
	rs := []rune(text)
	lo, hi := 0, len(rs)
	for lo < hi { // the longest start that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if d.Fits(strings.TrimRight(string(rs[:mid]), " ")+Ellipsis, w) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(rs[:lo]), " ") + Ellipsis
}

// Cell writes text on one line in a box w by h at x, y, cut with an
// ellipsis when it does not fit, in a frame.
func (d *Doc) Cell(x, y, w, h float64, text string, align Align, frame Frame) {
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, d.Fit(text, w), string(frame), 0, string(align), false, 0, "")
}

// Para writes text wrapped to a width from x, y, lh apart, at most max
// lines (all when max is 0, the last ending in an ellipsis when the text
// is cut), and returns the y below it.
func (d *Doc) Para(x, y, w, lh float64, text string, max int) float64 {
	ls := d.Lines(text, w)
	if max > 0 && len(ls) > max {
		ls = ls[:max]
		ls[max-1] = d.Fit(ls[max-1]+Ellipsis, w)
	}
	for _, l := range ls {
		d.f.SetXY(x, y)
		d.f.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		y += lh
	}
	return y
}

// Text writes text with its baseline starting at x, y.
func (d *Doc) Text(x, y float64, text string) { d.f.Text(x, y, text) }

// Turned draws what draw draws turned by angle degrees anticlockwise
// about x, y.
func (d *Doc) Turned(angle, x, y float64, draw func()) {
	d.f.TransformBegin()
	d.f.TransformRotate(angle, x, y)
	draw()
	d.f.TransformEnd()
}

// Gray sets the shade of the lines that follow: 0 black, 255 white.
func (d *Doc) Gray(level int) { d.f.SetDrawColor(level, level, level) }

// Line draws a line from x1, y1 to x2, y2.
func (d *Doc) Line(x1, y1, x2, y2 float64) { d.f.Line(x1, y1, x2, y2) }

// Rect draws the outline of a box.
func (d *Doc) Rect(x, y, w, h float64) { d.f.Rect(x, y, w, h, "D") }

// Image draws a PNG image in a box w by h at x, y.
func (d *Doc) Image(png []byte, x, y, w, h float64) {
	d.images++
	name := fmt.Sprintf("image%d", d.images)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	if info := d.f.RegisterImageOptionsReader(name, opt, bytes.NewReader(png)); info == nil && d.f.Err() {
		return
	}
	d.f.ImageOptions(name, x, y, w, h, false, opt, 0, "")
}

// Fail stops drawing with an error; the first one stays.
func (d *Doc) Fail(err error) {
	if err != nil {
		d.f.SetError(err)
	}
}

// Err is the first error of drawing, if any.
func (d *Doc) Err() error { return d.f.Error() }

// Write finishes the document and writes it out; what is the name of the
// document in an error.
func (d *Doc) Write(w io.Writer, what string) error {
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if d.f.PageNo() == 0 {
		return fmt.Errorf("%s: %w", what, errors.New("no pages"))
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
