package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"slices"
	"testing"

	"github.com/setsafe/setsafe/photo/phototest"
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
	return phototest.WithEXIF(j.Bytes(), orientation, order)
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
			if got := orientationOf(data); got != int(tt.orientation) {
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
		if got := orientationOf(data); got != 1 {
			t.Errorf("%s: orientation %d", name, got)
		}
	}
}

// orientationOf is the EXIF orientation of a JPEG.
func orientationOf(data []byte) int {
	f, _ := jpegMarkers(data)
	return f.orientation
}

func FuzzJPEGMarkers(f *testing.F) {
	f.Add(withOrientation(f, 6, binary.BigEndian))
	f.Add(withOrientation(f, 8, binary.LittleEndian))
	f.Add([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x02})
	f.Add(phototest.JPEG(phototest.JPEGHeader{Width: 640, Height: 480, Progressive: true, Sampling: []byte{0x22, 0x11, 0x11}}, false, []byte{0xff, 0x00, 0xff, 0xd0, 0xff, 0xda, 0, 2}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, ok := jpegMarkers(data)
		if fr.orientation < 1 || fr.orientation > 8 {
			t.Fatalf("orientation %d", fr.orientation)
		}
		if ok && (len(fr.h) != len(fr.v) || fr.scans < 0 || slices.Contains(fr.h, 0) || slices.Contains(fr.v, 0)) {
			t.Fatalf("frame %+v", fr)
		}
	})
}

// TestUprightTurnsEveryKind turns every kind of image image/jpeg decodes,
// of an odd size, each way, and checks where its red corner ends up and
// that the encoder gets a kind it writes quickly.
func TestUprightTurnsEveryKind(t *testing.T) {
	const w, h = 33, 17
	red, blue := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	paint := func(set func(x, y int, c color.RGBA)) {
		for y := range h {
			for x := range w {
				if x < 8 && y < 8 {
					set(x, y, red)
				} else {
					set(x, y, blue)
				}
			}
		}
	}
	kinds := map[string]image.Image{}
	gray := image.NewGray(image.Rect(0, 0, w, h))
	paint(func(x, y int, c color.RGBA) { gray.Set(x, y, c) })
	kinds["grey"] = gray
	for name, r := range map[string]image.YCbCrSubsampleRatio{"4:4:4": image.YCbCrSubsampleRatio444, "4:2:2": image.YCbCrSubsampleRatio422,
		"4:2:0": image.YCbCrSubsampleRatio420, "4:4:0": image.YCbCrSubsampleRatio440, "4:1:1": image.YCbCrSubsampleRatio411, "4:1:0": image.YCbCrSubsampleRatio410} {
		m := image.NewYCbCr(image.Rect(0, 0, w, h), r)
		paint(func(x, y int, c color.RGBA) {
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			m.Y[m.YOffset(x, y)] = yy
			i := m.COffset(x, y)
			m.Cb[i], m.Cr[i] = cb, cr
		})
		kinds[name] = m
	}
	rgbaImage := image.NewRGBA(image.Rect(0, 0, w, h))
	paint(func(x, y int, c color.RGBA) { rgbaImage.Set(x, y, c) })
	kinds["RGB"] = rgbaImage
	cmyk := image.NewCMYK(image.Rect(0, 0, w, h))
	paint(func(x, y int, c color.RGBA) { cmyk.Set(x, y, c) })
	kinds["CMYK"] = cmyk
	for name, img := range kinds {
		for o := 1; o <= 8; o++ {
			got := upright(img, o)
			switch got.(type) {
			case *image.Gray, *image.YCbCr, *image.RGBA:
			default:
				t.Errorf("%s, orientation %d: turned into a %T", name, o, got)
			}
			gw, gh := got.Bounds().Dx(), got.Bounds().Dy()
			if (gw == h && gh == w) != (o >= 5) {
				t.Errorf("%s, orientation %d: %d×%d", name, o, gw, gh)
				continue
			}
			// The red corner: top-left, top-right, bottom-right,
			// bottom-left, as in TestPhotosTurnedUpright.
			want := []int{0, 0, 1, 2, 3, 0, 1, 2, 3}[o]
			corners := [4]image.Point{{3, 3}, {gw - 4, 3}, {gw - 4, gh - 4}, {3, gh - 4}}
			for i, p := range corners {
				r, _, b, _ := got.At(got.Bounds().Min.X+p.X, got.Bounds().Min.Y+p.Y).RGBA()
				bright := r > 0x3000 // red is lighter grey than blue
				if name != "grey" {
					bright = r > b
				}
				if bright != (i == want) {
					t.Errorf("%s, orientation %d: corner %d red=%v", name, o, i, bright)
				}
			}
		}
	}
}
