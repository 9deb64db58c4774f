package pdf_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/setsafe/setsafe/pdf"
	"github.com/setsafe/setsafe/pdf/pdftest"
)

// write draws lines of text on one page and returns the PDF.
func write(t *testing.T, o pdf.Options, lines ...string) []byte {
	t.Helper()
	d := pdf.New(o)
	d.AddPage()
	for i, l := range lines {
		style := pdf.Regular
		if i == 0 {
			style = pdf.Bold
		}
		d.Font(style, 11)
		d.Cell(15, 15+float64(i)*8, 180, 6, l, pdf.Left, pdf.NoFrame)
	}
	var b bytes.Buffer
	if err := d.Write(&b, "test PDF"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDocPrintsAnyScript(t *testing.T) {
	words := []string{"ŁÓDŹ-Ω-42", "Nguyễn Thị Hương", "Ñandú props · Ærø", "Жуковский", "Ελένη", "Şükrü Ğ"}
	for _, compress := range []bool{false, true} {
		text := pdftest.Text(t, write(t, pdf.Options{Page: pdf.Page{Paper: pdf.A4}, Compress: compress}, words...))
		for _, w := range words {
			if !strings.Contains(text, w) {
				t.Errorf("compress %v: the PDF does not say %q; it says:\n%s", compress, w, text)
			}
		}
	}
}

func TestDocPaper(t *testing.T) {
	tests := []struct {
		page pdf.Page
		w, h float64 // points
	}{
		{pdf.Page{Paper: pdf.Letter}, 612, 792},
		{pdf.Page{Paper: pdf.Letter, Landscape: true}, 792, 612},
		{pdf.Page{Paper: pdf.A4}, 595.28, 841.89},
	}
	for _, tt := range tests {
		w, h := pdftest.PageSize(t, write(t, pdf.Options{Page: tt.page}, "x"))
		if math.Abs(w-tt.w) > 1 || math.Abs(h-tt.h) > 1 {
			t.Errorf("%+v: page %.2f x %.2f pt, want %.2f x %.2f", tt.page, w, h, tt.w, tt.h)
		}
		pw, ph := tt.page.Paper.Size()
		if tt.page.Landscape {
			pw, ph = ph, pw
		}
		if math.Abs(pw/25.4*72-tt.w) > 1 || math.Abs(ph/25.4*72-tt.h) > 1 {
			t.Errorf("%s: Size %.1f x %.1f mm does not match", tt.page.Paper, pw, ph)
		}
	}
}

func TestDocIsTheSameEachTime(t *testing.T) {
	o := pdf.Options{Page: pdf.Page{Paper: pdf.Letter}, Title: "Łódź", Compress: true}
	a, b := write(t, o, "Nguyễn", "ŁÓDŹ"), write(t, o, "Nguyễn", "ŁÓDŹ")
	if !bytes.Equal(a, b) {
		t.Error("the same document made twice differs")
	}
	if bytes.Contains(a, []byte("DejaVuSans-Bold.ttf")) || len(a) > 100_000 {
		t.Errorf("the PDF is %d bytes: are the fonts subset?", len(a))
	}
}

func TestDocFit(t *testing.T) {
	d := pdf.New(pdf.Options{})
	d.AddPage()
	d.Font(pdf.Regular, 10)
	long := "Nguyễn Thị Hương of the props department, second unit"
	tests := []struct {
		text string
		w    float64
		cut  bool
	}{
		{"Ana", 40, false},
		{long, 300, false},
		{long, 40, true},
		{long, 5, true},
	}
	for _, tt := range tests {
		got := d.Fit(tt.text, tt.w)
		if cut := strings.HasSuffix(got, pdf.Ellipsis); cut != tt.cut {
			t.Errorf("Fit(%q, %v) = %q, cut %v, want %v", tt.text, tt.w, got, cut, tt.cut)
		}
		if tt.cut && !strings.HasPrefix(tt.text, strings.TrimSuffix(got, pdf.Ellipsis)) {
			t.Errorf("Fit(%q, %v) = %q is not the start of the text", tt.text, tt.w, got)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Fit(%q, %v) = %q cut a letter in two", tt.text, tt.w, got)
		}
		if got != pdf.Ellipsis && !d.Fits(got, tt.w) {
			t.Errorf("Fit(%q, %v) = %q does not fit", tt.text, tt.w, got)
		}
	}
}

func TestDocWithoutPagesIsAnError(t *testing.T) {
	if err := pdf.New(pdf.Options{}).Write(new(bytes.Buffer), "empty"); err == nil {
		t.Error("a document without pages was written")
	}
}

// FuzzFit fits any text to any width: it never panics, and what it
// gives back is the text whole, or a start of it ending in an ellipsis
// that fits.
func FuzzFit(f *testing.F) {
	f.Add("Nguyễn Thị Hương", 30.0)
	f.Add("ŁÓDŹ-Ω-42", 2.0)
	f.Add("\xff\xfe tab\there\nnewline", 12.5)
	f.Add("", -4.0)
	d := pdf.New(pdf.Options{})
	d.AddPage()
	d.Font(pdf.Bold, 9)
	f.Fuzz(func(t *testing.T, text string, w float64) {
		if math.IsNaN(w) || math.IsInf(w, 0) || math.Abs(w) > 1e6 {
			return
		}
		got := d.Fit(text, w)
		if got == text {
			return
		}
		if !strings.HasSuffix(got, pdf.Ellipsis) {
			t.Fatalf("Fit(%q, %v) = %q: cut without an ellipsis", text, w, got)
		}
		if start := strings.TrimSuffix(got, pdf.Ellipsis); !strings.HasPrefix(string([]rune(text)), start) {
			t.Fatalf("Fit(%q, %v) = %q is not a start of the text", text, w, got)
		}
		if got != pdf.Ellipsis && !d.Fits(got, w) {
			t.Fatalf("Fit(%q, %v) = %q does not fit", text, w, got)
		}
		d.Lines(text, w)
	})
}
