package photo

import (
	"encoding/binary"
	"image"
	"image/draw"
)

// tiffOrientation reads tag 0x0112 of the first IFD of a TIFF header, the
// EXIF orientation (1 to 8) a phone sets instead of turning the pixels; 1,
// upright, when there is none or it cannot be read. Stripping the metadata
// would lose it, so the pixels are turned before (see upright).
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := int(order.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := int(order.Uint16(t[ifd:]))
	for k := range count {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if order.Uint16(t[e:]) == 0x0112 && order.Uint16(t[e+2:]) == 3 {
			if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// upright turns and mirrors a decoded JPEG as its EXIF orientation says,
// so that it shows the right way up without the metadata, and gives the
// encoder an image it writes without a call per pixel. Grey and YCbCr
// images turn plane by plane, in as much memory as they take; others
// (CMYK, RGB, and YCbCr whose chroma cannot turn) are copied into an
// image.RGBA first.
func upright(img image.Image, orientation int) image.Image {
	if orientation < 2 || orientation > 8 {
		if _, ok := img.(*image.CMYK); ok {
			return rgba(img)
		}
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if orientation >= 5 {
		dw, dh = h, w
	}
	// from returns the pixel of img that goes to x, y once turned.
	from := func(x, y int) (int, int) {
		var sx, sy int
		switch orientation {
		case 2:
			sx, sy = w-1-x, y
		case 3:
			sx, sy = w-1-x, h-1-y
		case 4:
			sx, sy = x, h-1-y
		case 5:
			sx, sy = y, x
		case 6:
			sx, sy = y, h-1-x
		case 7:
			sx, sy = w-1-y, h-1-x
		case 8:
			sx, sy = w-1-y, x
		}
		return b.Min.X + sx, b.Min.Y + sy
	}
	switch m := img.(type) {
	case *image.Gray:
		dst := image.NewGray(image.Rect(0, 0, dw, dh))
		for y := range dh {
			for x := range dw {
				dst.Pix[dst.PixOffset(x, y)] = m.Pix[m.PixOffset(from(x, y))]
			}
		}
		return dst
	case *image.YCbCr:
		ratio, ok := turnedRatio(m.SubsampleRatio, orientation >= 5)
		if !ok {
			break
		}
		dst := image.NewYCbCr(image.Rect(0, 0, dw, dh), ratio)
		for y := range dh {
			for x := range dw {
				dst.Y[dst.YOffset(x, y)] = m.Y[m.YOffset(from(x, y))]
			}
		}
		// Each chroma sample of the turned image takes the chroma of the
		// first pixel it covers.
		hs, vs := subsampling(ratio)
		for cy := 0; cy*vs < dh; cy++ {
			for cx := 0; cx*hs < dw; cx++ {
				i, j := dst.COffset(cx*hs, cy*vs), m.COffset(from(cx*hs, cy*vs))
				dst.Cb[i], dst.Cr[i] = m.Cb[j], m.Cr[j]
			}
		}
		return dst
	}
	src := rgba(img)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			copy(dst.Pix[dst.PixOffset(x, y):][:4], src.Pix[src.PixOffset(from(x, y)):][:4])
		}
	}
	return dst
}

// rgba returns img as an image.RGBA, copied unless it is one.
func rgba(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok {
		return m
	}
	m := image.NewRGBA(img.Bounds())
	draw.Draw(m, m.Rect, img, m.Rect.Min, draw.Src)
	return m
}

// subsampling returns how many pixels across and down share a chroma
// sample.
func subsampling(r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// turnedRatio is the subsample ratio of a YCbCr image turned a quarter
// (transposed) or not; false when there is none for it.
func turnedRatio(r image.YCbCrSubsampleRatio, transposed bool) (image.YCbCrSubsampleRatio, bool) {
	if !transposed {
		return r, true
	}
	switch r {
	case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio420:
		return r, true
	case image.YCbCrSubsampleRatio422:
		return image.YCbCrSubsampleRatio440, true
	case image.YCbCrSubsampleRatio440:
		return image.YCbCrSubsampleRatio422, true
	}
	return r, false
}

// eightBit returns a decoded PNG with 16-bit samples as one of 8 bits, the
// high byte of each, which the encoder writes without a call and an
// allocation per pixel (and a photo needs no more).
func eightBit(img image.Image) image.Image {
	high := func(dst, src []byte) {
		for i := range dst {
			dst[i] = src[2*i]
		}
	}
	switch m := img.(type) {
	case *image.Gray16:
		dst := image.NewGray(m.Rect)
		high(dst.Pix, m.Pix)
		return dst
	case *image.RGBA64:
		dst := image.NewRGBA(m.Rect)
		high(dst.Pix, m.Pix)
		return dst
	case *image.NRGBA64:
		dst := image.NewNRGBA(m.Rect)
		high(dst.Pix, m.Pix)
		return dst
	}
	return img
}
