package http

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"

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
