package pdf_test

import (
	"bytes"
	"testing"

	"github.com/setsafe/setsafe/pdf"
)

// BenchmarkDoc makes a one-page document with a line in each weight: the
// cost every PDF pays for its fonts.
func BenchmarkDoc(b *testing.B) {
	for b.Loop() {
		d := pdf.New(pdf.Options{})
		d.AddPage()
		d.Font(pdf.Bold, 10)
		d.Cell(10, 10, 100, 5, "Nguyễn ŁÓDŹ", pdf.Left, pdf.NoFrame)
		d.Font(pdf.Regular, 10)
		d.Cell(10, 20, 100, 5, "Ω-42", pdf.Left, pdf.NoFrame)
		var buf bytes.Buffer
		if err := d.Write(&buf, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
