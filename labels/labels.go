// Package labels prints sheets of labels for firearms and ammunition lots:
// each with a QR code that opens the item's page, and the words a person
// checks against the item itself (make, model and serial number; lot,
// kind, calibre and headstamp). Sheets are A4 PDF, 3 by 8 labels of 70 by
// 37 mm, a common stock of self-adhesive labels.
package labels

import (
	"bytes"
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
)

// Label is one label: the address its QR code opens, a title in bold and
// lines of detail.
type Label struct {
	URL   string
	Title string
	Lines []string
}

const (
	columns, rows    = 3, 8
	width, height    = 70.0, 37.0
	marginX, marginY = 0.0, 0.5
	qrSize           = 30.0
)

// Write renders labels onto as many sheets as they need.
func Write(w io.Writer, title string, labels []Label) error {
	if len(labels) == 0 {
		return fmt.Errorf("labels: nothing to print")
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetCreator("setsafe", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	for i, l := range labels {
		if i%(columns*rows) == 0 {
			pdf.AddPage()
		}
		n := i % (columns * rows)
		x := marginX + float64(n%columns)*width
		y := marginY + float64(n/columns)*height
		png, err := qrcode.Encode(l.URL, qrcode.Medium, 256)
		if err != nil {
			return fmt.Errorf("labels: QR code for %s: %w", l.URL, err)
		}
		name := fmt.Sprintf("qr%d", i)
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		pdf.ImageOptions(name, x+2, y+3.5, qrSize, qrSize, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetXY(x+qrSize+3, y+4)
		pdf.SetFont("Helvetica", "B", 9)
		pdf.MultiCell(width-qrSize-5, 4, tr(l.Title), "", "L", false)
		pdf.SetFont("Helvetica", "", 7.5)
		for _, line := range l.Lines {
			pdf.SetX(x + qrSize + 3)
			pdf.MultiCell(width-qrSize-5, 3.4, tr(line), "", "L", false)
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	return pdf.Output(w)
}
