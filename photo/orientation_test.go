package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"testing"
)

// withOrientation returns a 32×16 JPEG whose top-left 8×8 corner is red,
// carrying an EXIF orientation in the given byte order.
func withOrientation(t testing.TB, orientation uint16, order binary.ByteOrder) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 16))
	for y := range 16 {
		for x := range 32 {
			c := color.RGBA{0, 0, 255, 255}
			if x < 8 && y < 8 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	var tiff bytes.Buffer
	if order == binary.LittleEndian {
		tiff.WriteString("II")
	} else {
		tiff.WriteString("MM")
	}
	for _, v := range []any{uint16(42), uint32(8), uint16(1), uint16(0x0112), uint16(3), uint32(1), orientation, uint16(0), uint32(0)} {
		binary.Write(&tiff, order, v)
	}
	exif := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(j.Bytes()[:2])
	out.Write([]byte{0xff, 0xe1})
	binary.Write(&out, binary.BigEndian, uint16(len(exif)+2))
	out.Write(exif)
	out.Write(j.Bytes()[2:])
	return out.Bytes()
}

func TestPhotosTurnedUpright(t *testing.T) {
	// Where the red corner ends up: 0 top-left, 1 top-right, 2
	// bottom-right, 3 bottom-left; and whether width and height swap.
	tests := []struct {
		orientation uint16
		corner      int
		swapped     bool
	}{
		{1, 0, false}, {2, 1, false}, {3, 2, false}, {4, 3, false},
		{5, 0, true}, {6, 1, true}, {7, 2, true}, {8, 3, true},
	}
	for _, tt := range tests {
		for _, order := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
			data := withOrientation(t, tt.orientation, order)
			if got := jpegOrientation(data); got != int(tt.orientation) {
				t.Fatalf("orientation %d (%v) read as %d", tt.orientation, order, got)
			}
			f, err := Default().Strip(t.Context(), "photos", "image/jpeg", data)
			if err != nil {
				t.Fatal(err)
			}
			img, err := jpeg.Decode(bytes.NewReader(f.Data))
			if err != nil {
				t.Fatal(err)
			}
			w, h := img.Bounds().Dx(), img.Bounds().Dy()
			if (w == 16) != tt.swapped {
				t.Errorf("orientation %d: %d×%d", tt.orientation, w, h)
				continue
			}
			corners := [4]image.Point{{3, 3}, {w - 4, 3}, {w - 4, h - 4}, {3, h - 4}}
			for i, p := range corners {
				r, _, b, _ := img.At(p.X, p.Y).RGBA()
				if red := r > b; red != (i == tt.corner) {
					t.Errorf("orientation %d: corner %d red=%v", tt.orientation, i, red)
				}
			}
		}
	}
	gps, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"no orientation tag": gps, "not a JPEG": []byte("GIF89a"), "cut short": gps[:30]} {
		if got := jpegOrientation(data); got != 1 {
			t.Errorf("%s: orientation %d", name, got)
		}
	}
}

func FuzzJPEGOrientation(f *testing.F) {
	f.Add(withOrientation(f, 6, binary.BigEndian))
	f.Add(withOrientation(f, 8, binary.LittleEndian))
	f.Add([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
