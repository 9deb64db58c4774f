package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"github.com/setsafe/setsafe"
)

func TestStrip(t *testing.T) {
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
		f, err := Default().Strip(t.Context(), "photos", tt.contentType, tt.data)
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

func FuzzStrip(f *testing.F) {
	withGPS, _ := os.ReadFile("testdata/gps.jpg")
	f.Add("image/jpeg", withGPS)
	var p bytes.Buffer
	png.Encode(&p, image.NewGray(image.Rect(0, 0, 4, 4)))
	f.Add("image/png", p.Bytes())
	f.Add("image/png", []byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, contentType string, data []byte) {
		out, err := Default().Strip(t.Context(), "photos", contentType, data)
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
