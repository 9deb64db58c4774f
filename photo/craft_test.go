package photo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"runtime"
	"strings"
	"sync"
)

// pngHeader is what a crafted PNG says of itself.
type pngHeader struct {
	width, height    int
	depth, colorType byte
	interlaced       bool
}

// pngChunk appends one PNG chunk to b.
func pngChunk(b *bytes.Buffer, kind string, data []byte) {
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

// craftPNG returns a PNG of h's size and colour, every pixel zero, with
// the extra chunks (name, data, name, data...) before its pixels. The rows
// are compressed as they are made, so that a huge image costs little to
// make; pixels false stops after the header and a few bytes of pixels.
func craftPNG(h pngHeader, pixels bool, extra ...string) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(h.width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h.height))
	ihdr[8], ihdr[9] = h.depth, h.colorType
	if h.interlaced {
		ihdr[12] = 1
	}
	pngChunk(&b, "IHDR", ihdr)
	if h.colorType == 3 {
		pngChunk(&b, "PLTE", []byte{0, 0, 0, 255, 255, 255})
	}
	for i := 0; i+1 < len(extra); i += 2 {
		pngChunk(&b, extra[i], []byte(extra[i+1]))
	}
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	bits := int(h.depth) * channels(h.colorType)
	passes := []struct{ x0, y0, dx, dy int }{{0, 0, 1, 1}}
	if h.interlaced {
		passes = []struct{ x0, y0, dx, dy int }{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	}
	var row []byte
	for _, p := range passes {
		w, rows := (h.width-p.x0+p.dx-1)/p.dx, (h.height-p.y0+p.dy-1)/p.dy
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
	pngChunk(&b, "IDAT", idat.Bytes())
	pngChunk(&b, "IEND", nil)
	return b.Bytes()
}

// jpegHeader is what a crafted JPEG says of itself: its size, whether it
// is progressive, each component's sampling factors (0x22 is two by two),
// its EXIF orientation (none when 0), and its Adobe colour transform plus
// one (no Adobe segment when 0: 1 is RGB or CMYK, 2 YCbCr, 3 YCbCrK).
type jpegHeader struct {
	width, height int
	progressive   bool
	sampling      []byte
	orientation   uint16
	adobe         byte
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

// craftJPEG returns a JPEG that says what h says, with image/jpeg's
// Huffman tables. With pixels (and a size of at most 4 megapixels) every
// block is there, all zero, so that it decodes; without, a few bytes of
// scan stand for them, so that image/jpeg reads it far enough to allocate
// what its header asks for. Tail goes before its end.
func craftJPEG(h jpegHeader, pixels bool, tail []byte) []byte {
	var b bytes.Buffer
	segment := func(marker byte, data []byte) {
		b.Write([]byte{0xff, marker})
		binary.Write(&b, binary.BigEndian, uint16(len(data)+2))
		b.Write(data)
	}
	b.Write([]byte{0xff, 0xd8})
	if h.orientation != 0 {
		b.Write(withEXIF([]byte{0xff, 0xd8}, h.orientation, binary.BigEndian)[2:])
	}
	if h.adobe != 0 {
		segment(0xee, []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, h.adobe - 1})
	}
	segment(0xdb, append(append([]byte{0}, bytes.Repeat([]byte{1}, 64)...), append([]byte{1}, bytes.Repeat([]byte{1}, 64)...)...))
	b.Write(standardTables())
	sof := []byte{8, byte(h.height >> 8), byte(h.height), byte(h.width >> 8), byte(h.width), byte(len(h.sampling))}
	sos := []byte{byte(len(h.sampling))}
	for c, s := range h.sampling {
		table := byte(min(c, 1))
		if c == 3 {
			table = 0
		}
		sof = append(sof, byte(c+1), s, table)
		sos = append(sos, byte(c+1), table<<4|table)
	}
	marker := byte(0xc0)
	if h.progressive {
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
func zeroBlocks(h jpegHeader) []byte {
	if h.width*h.height > 1<<22 || h.width == 0 || h.height == 0 || len(h.sampling) == 0 {
		return nil
	}
	// Bits of a zero block: the DC difference 0, then end of block.
	luma, chroma := "001010", "0000"
	if h.progressive {
		luma, chroma = "00", "00"
	}
	hmax, vmax := 1, 1
	for _, s := range h.sampling {
		if s>>4 == 0 || s&15 == 0 || s>>4 > 4 || s&15 > 4 {
			return nil
		}
		hmax, vmax = max(hmax, int(s>>4)), max(vmax, int(s&15))
	}
	var bits strings.Builder
	mcu := func() {
		for c, s := range h.sampling {
			n := int(s>>4) * int(s&15)
			if len(h.sampling) == 1 {
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
	if len(h.sampling) == 1 {
		hmax, vmax = 1, 1
	}
	for range ((h.width + 8*hmax - 1) / (8 * hmax)) * ((h.height + 8*vmax - 1) / (8 * vmax)) {
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

// allocated returns how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Photos that take too much memory to read, made once.
var (
	huge16BitPNG = sync.OnceValue(func() []byte {
		return craftPNG(pngHeader{width: 7000, height: 7000, depth: 16, colorType: 6}, true)
	})
	bombPNG = sync.OnceValue(func() []byte {
		return craftPNG(pngHeader{width: 20000, height: 20000, depth: 8, colorType: 0}, true)
	})
)
