package labels_test

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"math"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/labels"
	"github.com/setsafe/setsafe/pdf/pdftest"
)

// serial and owner are written in letters outside Latin-1.
const (
	serial = "ŁÓDŹ-Ω-42"
	owner  = "Nguyễn Thị Hương"
)

// firearms are n labels of firearms, each with its own address.
func firearms(n int) []labels.Label {
	var ls []labels.Label
	for i := range n {
		ls = append(ls, labels.Label{URL: fmt.Sprintf("https://setsafe.example/productions/red-mesa/firearms/f%02d", i),
			Title: "Colt Single Action Army", Serial: serial,
			Lines: []string{"blank-firing · .45 Colt", "Owner: " + owner, fmt.Sprintf("ID f%02d", i)}})
	}
	return ls
}

func write(t *testing.T, stock string, ls []labels.Label) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := labels.Write(&buf, "Firearms of Red Mesa", stock, ls); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name   string
		stock  string
		count  int
		pages  int
		errors string
	}{
		{"none", "a4-3x8", 0, 0, "nothing to print"},
		{"an unknown stock", "avery-9999", 1, 0, "use one of a4-3x8, avery-l7160, avery-l7163, avery-5160, avery-5163"},
		{"one", "a4-3x8", 1, 1, ""},
		{"a full sheet", "a4-3x8", 24, 1, ""},
		{"a second sheet", "a4-3x8", 25, 2, ""},
		{"a full Letter sheet", "avery-5160", 30, 1, ""},
		{"a second Letter sheet", "avery-5163", 11, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := labels.Write(&buf, "Firearms of Red Mesa", tc.stock, firearms(tc.count))
			if tc.errors != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errors) {
					t.Fatalf("error %v, want one saying %q", err, tc.errors)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(pdftest.Pages(t, buf.Bytes(), 10)); got != tc.pages {
				t.Fatalf("%d pages, want %d", got, tc.pages)
			}
		})
	}
}

// TestStocksAreTheDomainsStocks: every stock a production may choose has
// a geometry, and every geometry is a stock a production may choose; each
// fits its paper.
func TestStocksAreTheDomainsStocks(t *testing.T) {
	for _, ls := range setsafe.LabelStocks {
		s, err := labels.StockByID(ls.ID)
		if err != nil {
			t.Errorf("%s: %v", ls.ID, err)
			continue
		}
		w, h := s.Paper.Size()
		lastX, lastY := s.Cell(s.PerSheet() - 1)
		if s.Left < 0 || s.Top < 0 || lastX+s.Width > w+0.01 || lastY+s.Height > h+0.01 {
			t.Errorf("%s: the labels run off the %s sheet", s.ID, s.Paper)
		}
		if s.Across < s.Width || s.Down < s.Height {
			t.Errorf("%s: the labels overlap", s.ID)
		}
	}
	if got, want := len(labels.Stocks()), len(setsafe.LabelStocks); got != want {
		t.Errorf("%d geometries, %d stocks", got, want)
	}
	if !setsafe.KnownLabelStock(setsafe.DefaultLabelStock) {
		t.Errorf("the default stock %q is not a stock", setsafe.DefaultLabelStock)
	}
}

// TestSheetsProof prints a sheet of each common stock and reads it back:
// the words as written, the paper's size, and each label's QR code
// decoded from its own place on the sheet to its own address.
func TestSheetsProof(t *testing.T) {
	const dpi = 300
	for _, tc := range []struct {
		stock      string
		wPt, hPt   float64
		paperWords string
	}{
		{"avery-5160", 612, 792, "Letter"},
		{"avery-5163", 612, 792, "Letter"},
		{"a4-3x8", 595.28, 841.89, "A4"},
		{"avery-l7163", 595.28, 841.89, "A4"},
		{"avery-l7160", 595.28, 841.89, "A4"},
	} {
		t.Run(tc.stock, func(t *testing.T) {
			t.Parallel()
			s, err := labels.StockByID(tc.stock)
			if err != nil {
				t.Fatal(err)
			}
			ls := firearms(s.PerSheet())
			doc := write(t, tc.stock, ls)

			text := pdftest.Text(t, doc)
			if got := strings.Count(text, "SN "+serial); got != len(ls) {
				t.Errorf("%q shows %d times, want %d:\n%s", "SN "+serial, got, len(ls), text)
			}
			if got := strings.Count(text, "Nguyễn"); got != len(ls) {
				t.Errorf("%q shows %d times, want %d:\n%s", "Nguyễn", got, len(ls), text)
			}
			if w, h := pdftest.PageSize(t, doc); math.Abs(w-tc.wPt) > 1 || math.Abs(h-tc.hPt) > 1 {
				t.Errorf("page %.2f x %.2f pt, want %s, %.2f x %.2f", w, h, tc.paperWords, tc.wPt, tc.hPt)
			}

			pages := pdftest.Pages(t, doc, dpi)
			if len(pages) != 1 {
				t.Fatalf("%d pages, want 1", len(pages))
			}
			page := pages[0]
			px := func(mm float64) int { return int(math.Round(mm / 25.4 * dpi)) }
			reader := qrcode.NewQRCodeReader()
			for n, l := range ls {
				// The QR code's box, quiet zone and all, which must lie in
				// the label's own cell.
				x, y := s.Cell(n)
				qx, qy, side := s.QR(x, y)
				if qx < x || qy < y || qx+side > x+s.Width || qy+side > y+s.Height {
					t.Fatalf("label %d: the QR code's box leaves its cell", n)
				}
				r := image.Rect(px(qx), px(qy), px(qx+side), px(qy+side))
				crop := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
				draw.Draw(crop, crop.Bounds(), page, r.Min, draw.Src)
				bmp, err := gozxing.NewBinaryBitmapFromImage(crop)
				if err != nil {
					t.Fatal(err)
				}
				got, err := reader.Decode(bmp, nil)
				if err != nil {
					t.Errorf("label %d: no QR code in its cell: %v", n, err)
					continue
				}
				if got.GetText() != l.URL {
					t.Errorf("label %d: the QR code opens %q, want %q", n, got.GetText(), l.URL)
				}
			}
		})
	}
}

// TestSerialIsNeverCut: a serial number too long for the label is set
// smaller, whole; other text is cut with an ellipsis.
func TestSerialIsNeverCut(t *testing.T) {
	long := "ŁÓDŹ-Ω-42-0123456789-ABCDEFGHIJ-KLMNOP"
	title := "Colt Single Action Army Cavalry Model with a very long name indeed"
	doc := write(t, "avery-5160", []labels.Label{{URL: "https://setsafe.example/f/1", Title: title, Serial: long, Lines: []string{"Owner: " + owner}}})
	text := pdftest.Text(t, doc)
	if !strings.Contains(text, "SN "+long) {
		t.Errorf("the serial number is not whole:\n%s", text)
	}
	if strings.Contains(text, title) || !strings.Contains(text, "Colt Single Action") || !strings.Contains(text, "…") {
		t.Errorf("the long title is not cut with an ellipsis:\n%s", text)
	}
}
