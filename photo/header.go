package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/color"
	"image/jpeg"
	"image/png"
)

// plan is what reading one photo will take, known from its header before
// a single pixel is decoded.
type plan struct {
	png           bool // a PNG; a JPEG otherwise
	width, height int
	// colour says what the photo is and how it stores its colours, in
	// words.
	colour string
	// orientation is the EXIF orientation of a JPEG (1 to 8): how its
	// pixels must turn to stand upright.
	orientation int
	// scans is how many scans a JPEG has, and scansAllowed how many it may
	// have: every scan is decoded over the whole picture again.
	scans, scansAllowed int
	// output is the most bytes the photo takes encoded again.
	output int64
	// cost is the most memory, in bytes, that decoding the photo, turning
	// it and encoding it again allocate.
	cost int64
}

// overhead is the memory the decoders and encoders take whatever the
// photo's size: Huffman tables, the deflate window and its hash chains.
const overhead = 2 << 20

// pngPlan reads a PNG's header: its size and colour type from
// image/png's DecodeConfig, and from the chunks before its pixels the two
// things that change how much memory image/png takes to decode it, which
// DecodeConfig does not say: whether the pixels are interlaced (image/png
// then decodes each of the seven passes into an image of its own before
// merging them) and whether a tRNS chunk makes grey or colour pixels
// transparent (decoded to 4 or 8 bytes a pixel instead of 1 or 2).
func pngPlan(data []byte) (plan, bool) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return plan{}, false
	}
	// DecodeConfig checked that the first chunk is a well-formed IHDR.
	depth, colorType, interlaced := int(data[24]), data[25], data[28] != 0
	transparent := false
	for i := 8; i+8 <= len(data); {
		n := int64(binary.BigEndian.Uint32(data[i:]))
		kind := string(data[i+4 : i+8])
		if kind == "IDAT" {
			break
		}
		transparent = transparent || kind == "tRNS"
		i += 12 + int(min(n, int64(len(data))))
	}
	samples := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colorType]
	// Bytes a decoded pixel takes: image.Gray, Gray16, Paletted, RGBA,
	// NRGBA, RGBA64 or NRGBA64, as image/png chooses.
	var perPixel int64
	switch {
	case colorType == 3:
		perPixel = 1
	case colorType == 0 && !transparent:
		perPixel = int64(max(depth, 8) / 8)
	case depth == 16:
		perPixel = 8
	default:
		perPixel = 4
	}
	w, h := int64(cfg.Width), int64(cfg.Height)
	decoded := w * h * perPixel
	if interlaced {
		decoded *= 2
	}
	// 16-bit pixels are copied to 8 bits for the encoder (see eightBit).
	converted := int64(0)
	if depth == 16 {
		converted = w * h * perPixel / 2
	}
	// The decoder keeps two rows of filtered bytes, the encoder six of at
	// most 4 bytes a pixel.
	rowIn := 1 + (int64(depth*samples)*w+7)/8
	rowOut := 1 + min(perPixel, 4)*w
	p := plan{png: true, width: cfg.Width, height: cfg.Height, orientation: 1, output: h*rowOut + h*rowOut/256 + 4096}
	p.cost = decoded + converted + 2*rowIn + 6*rowOut + p.outputCost() + overhead
	p.colour = fmt.Sprintf("PNG, %d-bit %s", depth, map[byte]string{0: "grey", 2: "colour", 3: "palette", 4: "grey with alpha", 6: "colour with alpha"}[colorType])
	return p, true
}

// outputCost is the memory the encoded photo takes: the buffer it is
// encoded into, and the copy of it that is kept.
func (p plan) outputCost() int64 {
	return 2 * min(p.output, maxOutput)
}

// jpegFrame is what the markers of a JPEG say of its pixels.
type jpegFrame struct {
	progressive bool
	// h and v are each component's sampling factors.
	h, v []int
	// maybeRGB: an Adobe marker or the components' names may make
	// image/jpeg decode the colours as RGB, which it then copies into an
	// image.RGBA.
	maybeRGB      bool
	width, height int
	orientation   int
	scans         int
}

// jpegPlan reads a JPEG's header: its size and colour model from
// image/jpeg's DecodeConfig, and from its markers the sampling, whether
// it is progressive, its orientation and its number of scans.
func jpegPlan(data []byte) (plan, bool) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return plan{}, false
	}
	f, ok := jpegMarkers(data)
	if !ok || len(f.h) == 0 {
		return plan{}, false
	}
	w, h := int64(cfg.Width), int64(cfg.Height)
	h0, v0 := int64(f.h[0]), int64(f.v[0])
	if len(f.h) == 1 {
		h0, v0 = 1, 1 // one component is never interleaved
	}
	// image/jpeg decodes whole MCUs: the image it allocates is padded to
	// a multiple of 8·h0 by 8·v0 pixels.
	mxx, myy := (w+8*h0-1)/(8*h0), (h+8*v0-1)/(8*v0)
	if int64(f.width) != w || int64(f.height) != h {
		return plan{}, false
	}
	pw, ph := 8*h0*mxx, 8*v0*myy
	p := plan{width: cfg.Width, height: cfg.Height, orientation: f.orientation, scans: f.scans, scansAllowed: len(f.h)}
	if f.progressive {
		p.scansAllowed = maxProgressiveScans
	}
	// The decoded image, and what upright copies it into to turn it.
	var decoded, turned int64
	chroma := int64(0)
	hr, vr := int64(1), int64(1)
	if len(f.h) > 1 {
		hr, vr = max(1, h0/int64(f.h[1])), max(1, v0/int64(f.v[1]))
		chroma = 2 * ((pw + hr - 1) / hr) * ((ph + vr - 1) / vr)
	}
	turn := p.orientation >= 2
	viaRGBA := 8 * w * h // copied into an image.RGBA, then turned into another
	switch {
	case len(f.h) == 1:
		p.colour = "JPEG, grey"
		decoded = pw * ph
		if turn {
			turned = w * h
		}
	case len(f.h) == 4:
		// image/jpeg keeps the K plane apart, then interleaves the four
		// into an image.CMYK, which upright copies into an image.RGBA.
		p.colour = "JPEG, CMYK colour"
		decoded = 2*pw*ph + chroma + 4*w*h
		turned = 4 * w * h
		if turn {
			turned = viaRGBA
		}
	default:
		p.colour = "JPEG, colour"
		decoded = pw*ph + chroma
		if f.maybeRGB || cfg.ColorModel == color.RGBAModel {
			decoded += 4 * w * h // image/jpeg copies RGB planes into an image.RGBA
		}
		switch {
		case !turn:
		case f.maybeRGB || cfg.ColorModel == color.RGBAModel || (p.orientation >= 5 && hr == 4):
			turned = viaRGBA // 4:1:1 and 4:1:0 have no turned YCbCr ratio
		default:
			turned = w*h + 2*((w+hr-1)/hr)*((h+vr-1)/vr)
		}
	}
	if f.progressive {
		// A progressive JPEG's coefficients are kept until the last
		// scan: a block of 64 int32 for every 8×8 samples.
		for i := range f.h {
			ch, cv := int64(f.h[i]), int64(f.v[i])
			if len(f.h) == 1 {
				ch, cv = 1, 1
			}
			decoded += 256 * mxx * myy * ch * cv
		}
		p.colour = "progressive " + p.colour
	}
	// image/jpeg encodes colour as 4:2:0, 1.5 samples a pixel. A block of
	// 64 samples takes at most 211 bytes of Huffman codes (a 16-bit code
	// and 11 bits for the DC, a 16-bit code and 10 bits for each of 63 AC
	// coefficients), twice that if every byte is 0xff and stuffed.
	samples := 3 * w * h / 2
	if len(f.h) == 1 {
		samples = w * h
	}
	p.output = samples*422/64 + 4096
	p.cost = decoded + turned + p.outputCost() + overhead
	return p, true
}

// maxProgressiveScans is how many scans a progressive JPEG may have:
// cameras and encoders write about ten, and each is decoded over the
// whole picture again. A sequential JPEG has one scan for each component
// at most.
const maxProgressiveScans = 32

// jpegMarkers walks a JPEG's markers as image/jpeg does (skipping stray
// bytes and fill bytes between them, and the entropy-coded data after a
// scan's header), so that it reads the same frame header image/jpeg
// decodes. It returns false for a JPEG that image/jpeg would refuse before
// allocating its image: one that does not start with SOI, or has more
// than one frame header.
func jpegMarkers(data []byte) (jpegFrame, bool) {
	f := jpegFrame{orientation: 1}
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xd8 {
		return f, false
	}
	frame := false
	for i := 2; i+2 <= len(data); {
		if data[i] != 0xff {
			i++
			continue
		}
		marker := data[i+1]
		i += 2
		for marker == 0xff && i < len(data) {
			marker = data[i]
			i++
		}
		if marker == 0 || marker == 0xff || (marker >= 0xd0 && marker <= 0xd7) {
			continue // a stuffed byte, the end of the data, or a restart
		}
		if marker == 0xd9 || i+2 > len(data) {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i:])) - 2
		if n < 0 {
			break
		}
		seg := data[i+2 : min(i+2+n, len(data))]
		i += 2 + len(seg)
		switch {
		case marker >= 0xc0 && marker <= 0xc2:
			if frame {
				return f, false
			}
			frame = true
			f.progressive = marker == 0xc2
			if len(seg) < 6 || len(seg) < 6+3*int(seg[5]) {
				return f, false
			}
			f.height, f.width = int(binary.BigEndian.Uint16(seg[1:])), int(binary.BigEndian.Uint16(seg[3:]))
			for c := range int(seg[5]) {
				f.h = append(f.h, int(seg[7+3*c]>>4))
				f.v = append(f.v, int(seg[7+3*c]&0x0f))
				if f.h[c] == 0 || f.v[c] == 0 {
					return f, false
				}
			}
			if int(seg[5]) == 3 && seg[6] == 'R' && seg[9] == 'G' && seg[12] == 'B' {
				f.maybeRGB = true
			}
		case marker == 0xda:
			f.scans++
		case marker == 0xee && len(seg) >= 12 && string(seg[:5]) == "Adobe" && seg[11] == 0:
			f.maybeRGB = true
		case marker == 0xe1 && f.orientation == 1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00":
			f.orientation = tiffOrientation(seg[6:])
		}
	}
	return f, true
}
