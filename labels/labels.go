// Package labels prints sheets of labels for firearms and ammunition lots:
// each with a QR code that opens the item's page, and the words a person
// checks against the item itself (make, model and serial number; lot,
// kind, calibre and headstamp). Sheets come on the common US Letter and
// A4 stocks of self-adhesive labels (see [Stock] and
// setsafe.LabelStocks).
package labels

import (
	"fmt"
	"io"

	"github.com/setsafe/setsafe/pdf"
	"github.com/skip2/go-qrcode"
)

// Label is one label: the address its QR code opens, a title in bold, a
// serial number and lines of detail. The serial number is never cut: it
// is set smaller until it fits. Other text that does not fit is set a
// little smaller, then cut with an ellipsis.
type Label struct {
	URL    string
	Title  string
	Serial string // printed as "SN <serial>" under the title; may be empty
	Lines  []string
}

// inset is the blank edge kept inside each label, in millimetres: labels
// sit on the sheet within a printer's tolerance.
const inset = 1.5

// pt is a point in millimetres.
const pt = 25.4 / 72

// Write renders labels onto as many sheets of a stock as they need.
func Write(w io.Writer, title, stock string, labels []Label) error {
	s, err := StockByID(stock)
	if err != nil {
		return err
	}
	if len(labels) == 0 {
		return fmt.Errorf("labels: nothing to print")
	}
	d := pdf.New(pdf.Options{Page: pdf.Page{Paper: s.Paper}, Title: title, Compress: true})
	for i, l := range labels {
		if i%s.PerSheet() == 0 {
			d.AddPage()
		}
		x, y := s.Cell(i)
		if err := s.draw(d, x, y, l); err != nil {
			return err
		}
	}
	return d.Write(w, "labels")
}

// QR is the box the QR code of the label at x, y takes: a square at its
// left as tall as the label less its edges, and no wider than 42% of the
// label, to leave the words room. The code's image keeps its own quiet
// zone of four modules.
func (s Stock) QR(x, y float64) (qx, qy, side float64) {
	side = min(s.Height-2*inset, s.Width*0.42)
	return x + inset, y + (s.Height-side)/2, side
}

// draw draws one label with its top left corner at x, y.
func (s Stock) draw(d *pdf.Doc, x, y float64, l Label) error {
	png, err := qrcode.Encode(l.URL, qrcode.Medium, 512)
	if err != nil {
		return fmt.Errorf("labels: QR code for %s: %w", l.URL, err)
	}
	qx, qy, side := s.QR(x, y)
	d.Image(png, qx, qy, side, side)

	// The words go right of the code, in type sized to the label: as
	// large as fits its lines in its height, and no larger than a fifth
	// of the text's width in points, between 5 and 10 points.
	// The image's quiet zone is the gap between code and text.
	tx := qx + side
	tw := x + s.Width - inset - tx
	var lines []line
	lines = append(lines, line{text: l.Title, style: pdf.Bold, scale: 1.2})
	if l.Serial != "" {
		lines = append(lines, line{text: "SN " + l.Serial, whole: true, style: pdf.Bold, scale: 1})
	}
	for _, t := range l.Lines {
		lines = append(lines, line{text: t, style: pdf.Regular, scale: 1})
	}
	room := s.Height - 2*inset
	var ems float64 // the height of the lines, in multiples of the body size
	for _, ln := range lines {
		ems += ln.scale * lineGap
	}
	body := max(5, min(10, tw/5, room/(ems*pt)))
	// Lines that do not fit even at 5 points are left off, from the last.
	for len(lines) > 1 && ems*body*pt > room {
		ems -= lines[len(lines)-1].scale * lineGap
		lines = lines[:len(lines)-1]
	}
	ty := y + (s.Height-ems*body*pt)/2
	for _, ln := range lines {
		size := ln.scale * body
		h := size * pt * lineGap
		d.Font(ln.style, size)
		smallest := size * 0.75
		if ln.whole {
			smallest = 1 // a serial number is never cut
		}
		d.Shrink(ln.text, tw, smallest)
		d.Cell(tx, ty, tw, h, ln.text, pdf.Left, pdf.NoFrame)
		ty += h
	}
	return d.Err()
}

// line is a line of a label's text: its size relative to the body's, and
// whether it may be cut.
type line struct {
	text  string
	style pdf.Style
	scale float64
	whole bool
}

// lineGap is the height of a line as a multiple of its type's size.
const lineGap = 1.2
