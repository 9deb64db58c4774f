package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/photo/phototest"
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
		{"cut short", "image/png", pngPhoto.Bytes()[:pngPhoto.Len()-20], false},
	}
	for _, tt := range tests {
		f, err := Default().Strip(t.Context(), "photos", tt.contentType, tt.data)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !tt.ok {
			if e, ok := err.(*setsafe.Error); !ok || e.Code != setsafe.EInvalid || e.Fields["photos"] == "" {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err := checkStripped(tt.contentType, f.Data); err != nil {
			t.Errorf("%s: %v", tt.name, err)
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

// TestStripKeepsNothingButThePicture sends photos that tell where they
// were taken in every place a JPEG or a PNG can: the stripped photo holds
// nothing but the picture, and no word of the position.
func TestStripKeepsNothingButThePicture(t *testing.T) {
	gps, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var small bytes.Buffer
	jpeg.Encode(&small, image.NewRGBA(image.Rect(0, 0, 64, 48)), nil)
	segment := func(marker byte, data string) string {
		return string([]byte{0xff, marker, byte((len(data) + 2) >> 8), byte(len(data) + 2)}) + data
	}
	exif := string(gps[2 : 4+int(binary.BigEndian.Uint16(gps[4:]))]) // the fixture's APP1 segment, GPS and all
	everywhere := "\xff\xd8" + segment(0xe0, "JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00") + exif +
		segment(0xe1, "http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>35,40.87N</exif:GPSLatitude></x:xmpmeta>") +
		segment(0xe2, "ICC_PROFILE\x00\x01\x01GPS 35.68N") + segment(0xed, "Photoshop 3.0\x008BIM GPS 35.68N") +
		segment(0xfe, "taken at GPS 35.68N 105.94W") + string(small.Bytes()[2:]) + "GPS 35.68N after the end"
	tiff := "MM\x00\x2a\x00\x00\x00\x08\x00\x01\x88\x25\x00\x02\x00\x00\x00\x0aGPS 35.68N"
	tests := []struct {
		name, contentType string
		data              []byte
	}{
		{"JPEG with EXIF GPS", "image/jpeg", gps},
		{"JPEG with EXIF, XMP, ICC, IPTC, a comment and data after its end", "image/jpeg", []byte(everywhere)},
		{"PNG with GPS in tEXt, iTXt, zTXt and eXIf chunks", "image/png", phototest.PNG(phototest.PNGHeader{Width: 8, Height: 8, Depth: 8, ColorType: 6}, true,
			"tEXt", "GPSLatitude\x0035.6812 N", "iTXt", "XML:com.adobe.xmp\x00\x00\x00\x00\x00<exif:GPSLatitude>35,40.87N</exif:GPSLatitude>",
			"zTXt", "GPS\x00\x00x\x9c\x33\x36\xd5\x33\x33\xf0\x03\x00\x03\x9c\x01\x38", "eXIf", tiff, "tIME", "\x07\xe5\x0a\x15\x07\x00\x00")},
		{"paletted PNG with GPS text", "image/png", phototest.PNG(phototest.PNGHeader{Width: 8, Height: 8, Depth: 2, ColorType: 3}, true, "tEXt", "GPS\x0035.68N")},
		{"interlaced 16-bit PNG with GPS text", "image/png", phototest.PNG(phototest.PNGHeader{Width: 8, Height: 8, Depth: 16, ColorType: 2, Interlaced: true}, true, "tEXt", "GPS\x0035.68N")},
	}
	for _, tt := range tests {
		if !bytes.Contains(tt.data, []byte("GPS")) {
			t.Fatalf("%s: the photo tells no position; this test would see nothing", tt.name)
		}
		f, err := Default().Strip(t.Context(), "photos", tt.contentType, tt.data)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if err := checkStripped(tt.contentType, f.Data); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if bytes.Contains(f.Data, []byte("GPS")) || bytes.Contains(f.Data, []byte("35.68")) {
			t.Errorf("%s: the position is kept", tt.name)
		}
	}
}

// TestStripEncodesAgainSmaller sends a photo whose encoding at the first
// quality is larger than a stripped photo may be: it is encoded at the next
// quality, and refused as too large when that is too large too.
func TestStripEncodesAgainSmaller(t *testing.T) {
	data := phototest.Phone(400, 300, 1)
	first, err := Default().Strip(t.Context(), "photos", "image/jpeg", data)
	if err != nil {
		t.Fatal(err)
	}
	defer func(was int64) { maxOutput = was }(maxOutput)
	maxOutput = int64(len(first.Data)) - 1
	f, err := Default().Strip(t.Context(), "photos", "image/jpeg", data)
	if err != nil || int64(len(f.Data)) > maxOutput || checkStripped("image/jpeg", f.Data) != nil {
		t.Fatalf("a photo too large at quality %d: %d bytes, %v", qualities[0], len(f.Data), err)
	}
	maxOutput = int64(len(f.Data)) - 1
	if _, err := Default().Strip(t.Context(), "photos", "image/jpeg", data); setsafe.ErrorCode(err) != setsafe.ETooLarge {
		t.Fatalf("a photo too large at every quality: %v", err)
	}
}

// TestStripRefusesScanFloods sends JPEGs with more scans than they need:
// each scan is decoded over the whole picture again.
func TestStripRefusesScanFloods(t *testing.T) {
	scan := []byte{0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00} // a DC scan of the first component
	tests := []struct {
		name string
		h    phototest.JPEGHeader
		more int
		ok   bool
	}{
		{"progressive, 32 scans", phototest.JPEGHeader{Width: 64, Height: 64, Progressive: true, Sampling: []byte{0x11}}, 31, true},
		{"progressive, 33 scans", phototest.JPEGHeader{Width: 64, Height: 64, Progressive: true, Sampling: []byte{0x11}}, 32, false},
		{"sequential, 2 scans of one component", phototest.JPEGHeader{Width: 64, Height: 64, Sampling: []byte{0x11}}, 1, false},
	}
	for _, tt := range tests {
		data := phototest.JPEG(tt.h, true, bytes.Repeat(scan, tt.more))
		_, err := Default().Strip(t.Context(), "photos", "image/jpeg", data)
		if tt.ok {
			if err != nil && strings.Contains(setsafe.ErrorMessage(err), "scans") {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if e, ok := err.(*setsafe.Error); !ok || e.Code != setsafe.EInvalid || !strings.Contains(e.Message, "scans") || e.Fields["photos"] == "" {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// TestStripRefusesBeforeDecoding sends photos whose pixels would take far
// more memory than a photo may: each is refused as too large, naming the
// field and saying what to send instead, after reading no more than its
// header.
func TestStripRefusesBeforeDecoding(t *testing.T) {
	tests := []struct {
		name, contentType string
		data              []byte
	}{
		{"7000×7000 16-bit RGBA PNG", "image/png", phototest.Huge16BitPNG()},
		{"20000×20000 decompression bomb", "image/png", phototest.Bomb()},
		{"interlaced 16-bit grey PNG with transparency", "image/png",
			phototest.PNG(phototest.PNGHeader{Width: 9000, Height: 9000, Depth: 16, ColorType: 0, Interlaced: true}, false, "tRNS", "\x00\x00")},
		{"65535×65535 JPEG", "image/jpeg", phototest.JPEG(phototest.JPEGHeader{Width: 65535, Height: 65535, Sampling: []byte{0x22, 0x11, 0x11}}, false, nil)},
		{"progressive 48 MP JPEG", "image/jpeg", phototest.JPEG(phototest.JPEGHeader{Width: 8000, Height: 6000, Progressive: true, Sampling: []byte{0x22, 0x11, 0x11}}, false, nil)},
	}
	for _, tt := range tests {
		var err error
		used := allocated(func() { _, err = Default().Strip(t.Context(), "photos", tt.contentType, tt.data) })
		e, ok := err.(*setsafe.Error)
		if !ok || e.Code != setsafe.ETooLarge || e.Fields["photos"] == "" || !strings.Contains(e.Message, "Send") {
			t.Errorf("%s: %v", tt.name, err)
		}
		if used > 1<<20 {
			t.Errorf("%s: %d MiB allocated to refuse it", tt.name, used>>20)
		}
	}
}

// fuzzLimits bound the photos the fuzz targets read, so that a run takes
// little memory.
var fuzzLimits = Limits{Photo: 48 << 20, Server: 48 << 20, Readers: 1, Waiting: 1, Wait: time.Second}

// inspectSlack is the memory reading a photo's header may take, before its
// cost is known.
const inspectSlack = 256 << 10

// checkStrip strips a photo with the fuzz limits, and fails t if the photo
// took more memory than its header said or the budget allows, or if the
// answer is neither a photo holding nothing but the picture nor a clear
// error.
func checkStrip(t *testing.T, contentType string, data []byte) {
	t.Helper()
	b := NewBudget(fuzzLimits)
	var p plan
	planned := false
	switch contentType {
	case "image/png":
		p, planned = pngPlan(data)
	case "image/jpeg":
		p, planned = jpegPlan(data)
	}
	var out setsafe.File
	var err error
	used := allocated(func() { out, err = b.Strip(t.Context(), "photos", contentType, data) })
	limit := int64(inspectSlack)
	if planned && p.cost <= fuzzLimits.Photo {
		limit += p.cost
	}
	if err == nil {
		limit -= min(p.output, maxOutput) - int64(len(out.Data)) // the copy kept is as large as the photo
	}
	if int64(used) > limit {
		t.Fatalf("%d bytes allocated, more than %d (%+v)", used, limit, p)
	}
	if err != nil {
		e, ok := err.(*setsafe.Error)
		if !ok || (e.Code != setsafe.EInvalid && e.Code != setsafe.ETooLarge) || e.Fields["photos"] == "" || e.Message == "" {
			t.Fatalf("error %#v", err)
		}
		return
	}
	if err := checkStripped(contentType, out.Data); err != nil {
		t.Fatal(err)
	}
}

// FuzzStrip sends arbitrary bytes as a photo.
func FuzzStrip(f *testing.F) {
	withGPS, _ := os.ReadFile("testdata/gps.jpg")
	f.Add("image/jpeg", withGPS)
	var p bytes.Buffer
	png.Encode(&p, image.NewGray(image.Rect(0, 0, 4, 4)))
	f.Add("image/png", p.Bytes())
	f.Add("image/png", []byte("\x89PNG\r\n\x1a\n"))
	f.Add("image/png", phototest.PNG(phototest.PNGHeader{Width: 5, Height: 3, Depth: 16, ColorType: 4, Interlaced: true}, true, "tEXt", "GPS\x0035N"))
	f.Add("image/jpeg", phototest.JPEG(phototest.JPEGHeader{Width: 24, Height: 8, Sampling: []byte{0x21, 0x11, 0x11}, Orientation: 6}, true, nil))
	f.Fuzz(func(t *testing.T, contentType string, data []byte) {
		checkStrip(t, contentType, data)
	})
}

// FuzzBudget sends photos whose headers claim any size, colour type,
// sampling and orientation, followed by their pixels or by arbitrary bytes.
func FuzzBudget(f *testing.F) {
	// Huge ones, refused from their headers.
	f.Add(true, uint16(7000), uint16(7000), byte(16), byte(6), byte(0), []byte{})
	f.Add(false, uint16(8000), uint16(6000), byte(0x22), byte(0x11), byte(0x21), []byte{})
	// Photos that decode, one for each way of counting the memory:
	// interlaced, transparent, 16-bit and paletted PNGs; progressive,
	// grey, 4:1:1, 4:4:0, RGB and CMYK JPEGs, turned.
	f.Add(true, uint16(800), uint16(600), byte(16), byte(6), byte(1), []byte{})
	f.Add(true, uint16(1000), uint16(1000), byte(8), byte(0), byte(2), []byte{})
	f.Add(true, uint16(900), uint16(900), byte(16), byte(0), byte(3), []byte{})
	f.Add(true, uint16(1000), uint16(1000), byte(1), byte(3), byte(0), []byte{})
	f.Add(false, uint16(1024), uint16(768), byte(0x22), byte(0x11), byte(0x25), []byte{})
	f.Add(false, uint16(1024), uint16(768), byte(0x11), byte(0x11), byte(0x34), []byte{})
	f.Add(false, uint16(1024), uint16(768), byte(0x41), byte(0x11), byte(0x21), []byte{})
	f.Add(false, uint16(1000), uint16(700), byte(0x12), byte(0x11), byte(0x21), []byte{})
	f.Add(false, uint16(1000), uint16(700), byte(0x11), byte(0x11), byte(0x51), []byte{})
	f.Add(false, uint16(2000), uint16(2000), byte(0x11), byte(0x11), byte(0x01), []byte{})
	f.Add(false, uint16(1024), uint16(768), byte(0x22), byte(0x11), byte(0x62), []byte{})
	f.Add(false, uint16(1000), uint16(700), byte(0x11), byte(0x11), byte(0xc2), []byte{})
	// Pixels cut short, or arbitrary bytes for them.
	f.Add(true, uint16(20), uint16(10), byte(1), byte(3), byte(5), []byte("x\x9c"))
	f.Add(false, uint16(640), uint16(480), byte(0x41), byte(0x11), byte(0x09), []byte{0xff, 0xda})
	f.Fuzz(func(t *testing.T, isPNG bool, w, h uint16, a, b, c byte, tail []byte) {
		if isPNG {
			// a is the bit depth and b the colour type; c's bits say
			// whether the pixels are interlaced, whether a tRNS chunk
			// makes them transparent, and whether tail stands for them.
			hd := phototest.PNGHeader{Width: int(w), Height: int(h), Depth: a, ColorType: b, Interlaced: c&1 != 0}
			var extra []string
			if c&2 != 0 {
				extra = []string{"tRNS", string(make([]byte, 2+4*int(b&2>>1)))}
			}
			junk := c&4 != 0
			data := phototest.PNG(hd, !junk && int(w)*int(h) <= 1<<20, extra...)
			if junk {
				i := bytes.LastIndex(data, []byte("IDAT")) - 4
				data = append(data[:i:i], tail...)
			}
			checkStrip(t, "image/png", data)
			return
		}
		// a and b are the luma's and the chroma's sampling factors. c's
		// two low bits are the components (one, three, four, two); its
		// third whether the JPEG is progressive; its fourth whether tail
		// stands for the pixels; the next two the orientation (none, 3,
		// 6, 8); the last two the Adobe transform (none, 0, 1, 2).
		sampling := [][]byte{{a}, {a, b, b}, {a, b, b, a}, {a, b}}[c&3]
		hd := phototest.JPEGHeader{Width: int(w), Height: int(h), Sampling: sampling, Progressive: c&4 != 0,
			Orientation: []uint16{0, 3, 6, 8}[c>>4&3], Adobe: c >> 6}
		checkStrip(t, "image/jpeg", phototest.JPEG(hd, c&8 == 0, tail))
	})
}
