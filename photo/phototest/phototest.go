// Package phototest makes photos for tests: PNGs and JPEGs whose headers
// claim any size, colour type and sampling (decompression bombs among
// them), photos that carry metadata, and photos like a phone's.
package phototest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"strings"
	"sync"
)

// PNGHeader is what a crafted PNG says of itself.
type PNGHeader struct {
	Width, Height    int
	Depth, ColorType byte // ColorType as PNG numbers it: 0 grey, 2 colour, 3 palette, 4 grey and alpha, 6 colour and alpha
	Interlaced       bool
}

// chunk appends one PNG chunk to b.
func chunk(b *bytes.Buffer, kind string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(kind)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}

// channels is how many samples a pixel of a PNG colour type has.
func channels(colorType byte) int {
	switch colorType {
	case 2:
		return 3
	case 4:
		return 2
	case 6:
		return 4
	}
	return 1
}

// PNG returns a PNG of h's size and colour, every pixel zero, with the
// extra chunks (name, data, name, data...) before its pixels. The rows
// are compressed as they are made, so that a huge image costs little
// memory to make (a 7000×7000 one of 16-bit colour is 0.5 MB); without
// pixels it stops after the first row.
func PNG(h PNGHeader, pixels bool, extra ...string) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(h.Width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h.Height))
	ihdr[8], ihdr[9] = h.Depth, h.ColorType
	if h.Interlaced {
		ihdr[12] = 1
	}
	chunk(&b, "IHDR", ihdr)
	if h.ColorType == 3 {
		chunk(&b, "PLTE", []byte{0, 0, 0, 255, 255, 255})
	}
	for i := 0; i+1 < len(extra); i += 2 {
		chunk(&b, extra[i], []byte(extra[i+1]))
	}
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	bits := int(h.Depth) * channels(h.ColorType)
	passes := []struct{ x0, y0, dx, dy int }{{0, 0, 1, 1}}
	if h.Interlaced {
		passes = []struct{ x0, y0, dx, dy int }{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	}
	var row []byte
	for _, p := range passes {
		w, rows := (h.Width-p.x0+p.dx-1)/p.dx, (h.Height-p.y0+p.dy-1)/p.dy
		if w <= 0 || rows <= 0 {
			continue
		}
		if n := 1 + (bits*w+7)/8; len(row) < n {
			row = make([]byte, n)
		}
		for range rows {
			z.Write(row[:1+(bits*w+7)/8])
			if !pixels {
				break
			}
		}
	}
	z.Close()
	chunk(&b, "IDAT", idat.Bytes())
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

// JPEGHeader is what a crafted JPEG says of itself: its size, whether it
// is progressive, each component's sampling factors (0x22 is two by two),
// its EXIF orientation (none when 0), and its Adobe colour transform plus
// one (no Adobe segment when 0: 1 is RGB or CMYK, 2 YCbCr, 3 YCbCrK).
type JPEGHeader struct {
	Width, Height int
	Progressive   bool
	Sampling      []byte
	Orientation   uint16
	Adobe         byte
}

// standardTables are the Huffman tables image/jpeg encodes with.
var standardTables = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil)
	j := b.Bytes()
	for i := 2; i+4 <= len(j); i += 2 + int(binary.BigEndian.Uint16(j[i+2:])) {
		if j[i+1] == 0xc4 {
			return j[i : i+2+int(binary.BigEndian.Uint16(j[i+2:]))]
		}
	}
	panic("no DHT")
})

// JPEG returns a JPEG that says what h says, with image/jpeg's
// Huffman tables. With pixels (and a size of at most 4 megapixels) every
// block is there, all zero, so that it decodes; without, a few bytes of
// scan stand for them, so that image/jpeg reads it far enough to allocate
// what its header asks for. Tail goes before its end.
func JPEG(h JPEGHeader, pixels bool, tail []byte) []byte {
	var b bytes.Buffer
	segment := func(marker byte, data []byte) {
		b.Write([]byte{0xff, marker})
		binary.Write(&b, binary.BigEndian, uint16(len(data)+2))
		b.Write(data)
	}
	b.Write([]byte{0xff, 0xd8})
	if h.Orientation != 0 {
		b.Write(WithEXIF([]byte{0xff, 0xd8}, h.Orientation, binary.BigEndian)[2:])
	}
	if h.Adobe != 0 {
		segment(0xee, []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, h.Adobe - 1})
	}
	segment(0xdb, append(append([]byte{0}, bytes.Repeat([]byte{1}, 64)...), append([]byte{1}, bytes.Repeat([]byte{1}, 64)...)...))
	b.Write(standardTables())
	sof := []byte{8, byte(h.Height >> 8), byte(h.Height), byte(h.Width >> 8), byte(h.Width), byte(len(h.Sampling))}
	sos := []byte{byte(len(h.Sampling))}
	for c, s := range h.Sampling {
		table := byte(min(c, 1))
		if c == 3 {
			table = 0
		}
		sof = append(sof, byte(c+1), s, table)
		sos = append(sos, byte(c+1), table<<4|table)
	}
	marker := byte(0xc0)
	if h.Progressive {
		marker = 0xc2
		sos = append(sos, 0, 0, 0) // a first scan of DC coefficients only
	} else {
		sos = append(sos, 0, 63, 0)
	}
	segment(marker, sof)
	segment(0xda, sos)
	if blocks := zeroBlocks(h); pixels && blocks != nil {
		b.Write(blocks)
	} else {
		b.Write([]byte{0x00, 0x3f, 0x0f})
	}
	b.Write(tail)
	b.Write([]byte{0xff, 0xd9})
	return b.Bytes()
}

// zeroBlocks is the scan of a JPEG as h says whose coefficients are all
// zero, with image/jpeg's Huffman tables; nil when h is not one
// image/jpeg would decode, or is larger than 4 megapixels.
func zeroBlocks(h JPEGHeader) []byte {
	if h.Width*h.Height > 1<<22 || h.Width == 0 || h.Height == 0 || len(h.Sampling) == 0 {
		return nil
	}
	// Bits of a zero block: the DC difference 0, then end of block.
	luma, chroma := "001010", "0000"
	if h.Progressive {
		luma, chroma = "00", "00"
	}
	hmax, vmax := 1, 1
	for _, s := range h.Sampling {
		if s>>4 == 0 || s&15 == 0 || s>>4 > 4 || s&15 > 4 {
			return nil
		}
		hmax, vmax = max(hmax, int(s>>4)), max(vmax, int(s&15))
	}
	var bits strings.Builder
	mcu := func() {
		for c, s := range h.Sampling {
			n := int(s>>4) * int(s&15)
			if len(h.Sampling) == 1 {
				n = 1
			}
			for range n {
				if c == 0 || c == 3 {
					bits.WriteString(luma)
				} else {
					bits.WriteString(chroma)
				}
			}
		}
	}
	if len(h.Sampling) == 1 {
		hmax, vmax = 1, 1
	}
	for range ((h.Width + 8*hmax - 1) / (8 * hmax)) * ((h.Height + 8*vmax - 1) / (8 * vmax)) {
		mcu()
	}
	for bits.Len()%8 != 0 {
		bits.WriteByte('1')
	}
	out := make([]byte, bits.Len()/8)
	for i := range out {
		for k := range 8 {
			out[i] = out[i]<<1 | (bits.String()[8*i+k] - '0')
		}
	}
	return out
}

// WithEXIF returns a JPEG with an EXIF segment after its SOI that holds an
// orientation (1 to 8), in the given byte order.
func WithEXIF(j []byte, orientation uint16, order binary.ByteOrder) []byte {
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
	out.Write(j[:2])
	out.Write([]byte{0xff, 0xe1})
	binary.Write(&out, binary.BigEndian, uint16(len(exif)+2))
	out.Write(exif)
	out.Write(j[2:])
	return out.Bytes()
}

// Phone returns a JPEG of w×h pixels that compresses about as a photo
// does, with its colour at half resolution as phones save it and an EXIF
// orientation: 6 for a phone held upright.
func Phone(w, h int, orientation uint16) []byte {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for i := range m.Y {
		m.Y[i] = uint8(i%w*200/w + r.IntN(24))
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(100+r.IntN(16)), uint8(140+r.IntN(16))
	}
	var b bytes.Buffer
	jpeg.Encode(&b, m, &jpeg.Options{Quality: 90})
	return WithEXIF(b.Bytes(), orientation, binary.LittleEndian)
}

// Huge16BitPNG is a PNG of 7000×7000 pixels of 16-bit colour with alpha,
// 0.5 MB that decode to 392 MB; it is made once.
var Huge16BitPNG = sync.OnceValue(func() []byte {
	return PNG(PNGHeader{Width: 7000, Height: 7000, Depth: 16, ColorType: 6}, true)
})

// Bomb is a PNG of 20000×20000 grey pixels, 0.4 MB that decode to 400 MB;
// it is made once.
var Bomb = sync.OnceValue(func() []byte {
	return PNG(PNGHeader{Width: 20000, Height: 20000, Depth: 8, ColorType: 0}, true)
})
