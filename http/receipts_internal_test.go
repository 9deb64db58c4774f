package http

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

func TestReceiptCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		c := newReceiptCode()
		digits, ok := parseReceiptCode(c)
		if !ok || len(digits) != receiptDigits || len(c) != receiptDigits+4 || seen[c] {
			t.Fatalf("receipt code %q: %q %v (seen %v)", c, digits, ok, seen[c])
		}
		seen[c] = true
	}
	tests := []struct {
		typed, want string
		ok          bool
	}{
		{"1234 5678 9012 3456 7890", "12345678901234567890", true},
		{"1234-5678-9012-3456-7890", "12345678901234567890", true},
		{" 12345678901234567890 ", "12345678901234567890", true},
		{"1234 5678 9012 3456 789", "", false},
		{"1234 5678 9012 3456 78901", "", false},
		{"1234 5678 9012 3456 789O", "", false},
		{"١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := parseReceiptCode(tt.typed)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseReceiptCode(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseReceiptCode(f *testing.F) {
	for _, s := range []string{"1234 5678 9012 3456 7890", "12345678901234567890", "1234-", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		digits, ok := parseReceiptCode(typed)
		if ok && (len(digits) != receiptDigits || strings.Trim(digits, "0123456789") != "") {
			t.Fatalf("parseReceiptCode(%q) = %q", typed, digits)
		}
		if ok {
			if again, ok2 := parseReceiptCode(digits); !ok2 || again != digits {
				t.Fatalf("the digits of %q do not parse again", typed)
			}
		}
	})
}

func TestReceiptLimiter(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	l := newReceiptLimiter(clock)
	l.perLedger = 25
	for i := range l.perClient {
		if err := l.attempt("203.0.113.5", "red-mesa"); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if err := l.attempt("203.0.113.5", "red-mesa"); setsafe.ErrorCode(err) != setsafe.ERateLimited {
		t.Fatalf("beyond the client's limit: %v", err)
	}
	// The address is never a key: only its keyed hash is.
	for key := range l.tries.at {
		if strings.Contains(key, "203.0.113.5") {
			t.Fatalf("the limiter keeps the address: %q", key)
		}
	}
	// A right code forgets the client's attempts.
	l.succeeded("203.0.113.5", "red-mesa")
	if err := l.attempt("203.0.113.5", "red-mesa"); err != nil {
		t.Fatalf("after a right code: %v", err)
	}
	// Per production, for every client together and those behind a
	// proxy on this machine.
	for i := 0; ; i++ {
		err := l.attempt("127.0.0.1", "red-mesa")
		if err != nil {
			if setsafe.ErrorCode(err) != setsafe.ERateLimited || i > l.perLedger {
				t.Fatalf("attempt %d from loopback: %v", i, err)
			}
			break
		}
	}
	if err := l.attempt("127.0.0.1", "blue-ridge"); err != nil {
		t.Fatalf("another production limited: %v", err)
	}
	clock.Advance(receiptWindow + time.Second)
	if err := l.attempt("127.0.0.1", "red-mesa"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	clock.Advance(2 * receiptWindow)
	for i := range sweepEvery {
		l.attempt(fmt.Sprintf("192.0.2.%d", i%250), "red-mesa")
	}
	if len(l.tries.at) > 260 {
		t.Fatalf("%d keys remembered after a sweep", len(l.tries.at))
	}
}

func TestStrippedPhoto(t *testing.T) {
	withGPS, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var pngPhoto bytes.Buffer
	png.Encode(&pngPhoto, image.NewGray(image.Rect(0, 0, 8, 8)))
	tests := []struct {
		name, contentType string
		data              []byte
		ok                bool
	}{
		{"JPEG with EXIF GPS", "image/jpeg", withGPS, true},
		{"PNG", "image/png", pngPhoto.Bytes(), true},
		{"PNG said to be JPEG", "image/jpeg", pngPhoto.Bytes(), false},
		{"GIF", "image/gif", []byte("GIF89a"), false},
		{"empty", "image/jpeg", nil, false},
	}
	for _, tt := range tests {
		f, err := strippedPhoto(tt.contentType, tt.data)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !tt.ok {
			continue
		}
		if bytes.Contains(f.Data, []byte("Exif")) || bytes.Contains(f.Data, []byte("GPSCam")) || bytes.Contains(f.Data, []byte{0xff, 0xe1}) {
			t.Errorf("%s: metadata kept", tt.name)
		}
		if f.ContentType != tt.contentType || f.SHA256 != setsafe.NewFile(f.ContentType, f.Data).SHA256 {
			t.Errorf("%s: file %s %s", tt.name, f.ContentType, f.SHA256)
		}
		if tt.contentType == "image/jpeg" {
			img, err := jpeg.Decode(bytes.NewReader(f.Data))
			if err != nil || img.Bounds().Dx() != 64 || img.Bounds().Dy() != 48 {
				t.Errorf("%s: the picture changed: %v", tt.name, err)
			}
		}
	}
}

func FuzzStrippedPhoto(f *testing.F) {
	withGPS, _ := os.ReadFile("testdata/gps.jpg")
	f.Add("image/jpeg", withGPS)
	var p bytes.Buffer
	png.Encode(&p, image.NewGray(image.Rect(0, 0, 4, 4)))
	f.Add("image/png", p.Bytes())
	f.Add("image/png", []byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, contentType string, data []byte) {
		out, err := strippedPhoto(contentType, data)
		if err != nil {
			if c := setsafe.ErrorCode(err); c != setsafe.EInvalid && c != setsafe.ETooLarge {
				t.Fatalf("error code %s: %v", c, err)
			}
			return
		}
		if bytes.Contains(out.Data, []byte{0xff, 0xe1}) && contentType == "image/jpeg" {
			// An APP1 marker may occur inside entropy-coded data only
			// as a stuffed byte; a real segment would follow SOI.
			if len(out.Data) > 3 && out.Data[2] == 0xff && out.Data[3] == 0xe1 {
				t.Fatal("an APP1 segment survived")
			}
		}
	})
}

func TestReportLimiter(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	l := newReportLimiter(clock)
	for i := range maxReportsPerClient {
		if err := l.attempt("198.51.100.7", "red-mesa"); err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
	}
	err := l.attempt("198.51.100.7", "red-mesa")
	if setsafe.ErrorCode(err) != setsafe.ERateLimited || !strings.Contains(setsafe.ErrorMessage(err), "anonymous reports") {
		t.Fatalf("beyond the limit: %v", err)
	}
	if err := l.attempt("198.51.100.8", "red-mesa"); err != nil {
		t.Fatalf("another client: %v", err)
	}
}
