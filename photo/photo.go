package photo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/setsafe/setsafe"
)

// maxPixels bounds a photo's pixels whatever the memory they take, since
// reading and encoding take time in proportion: the largest phone
// sensors take 50 megapixels (8160×6120).
const maxPixels = 50_000_000

// maxOutput is the largest stripped photo kept (a variable for tests).
var maxOutput int64 = setsafe.MaxFileSize

// qualities are the JPEG qualities a photo is encoded at, each next one
// tried when the one before makes a file larger than maxOutput.
var qualities = []int{85, 60}

// Strip reads a JPEG or PNG photo of the given media type and encodes its
// pixels again, so that nothing but the picture is kept, turned the right
// way up: no EXIF (GPS position, camera serial, time taken), no XMP, no
// text chunks, no comments, no thumbnails. A concern's photo must not
// tell who took it or where they stood.
//
// The photo's header says how much memory reading it takes; one that would
// take more than the budget allows is refused before a pixel is decoded
// (setsafe.ETooLarge), and one that would take more than is free waits its
// turn while ctx lasts, up to the budget's wait (setsafe.EUnavailable when
// it cannot have it). Every error is a *setsafe.Error naming field.
func (b *Budget) Strip(ctx context.Context, field, contentType string, data []byte) (setsafe.File, error) {
	fail := func(code, msg string, args ...any) (setsafe.File, error) {
		why := "must be JPEG or PNG photos"
		if code == setsafe.ETooLarge {
			why = "too large to read: send a JPEG as the camera saved it, or a smaller picture"
		}
		return setsafe.File{}, &setsafe.Error{Code: code, Message: fmt.Sprintf(msg, args...), Fields: map[string]string{field: why}}
	}
	if contentType != "image/jpeg" && contentType != "image/png" {
		return fail(setsafe.EInvalid, "A photo must be a JPEG or a PNG.")
	}
	if len(data) > setsafe.MaxFileSize {
		return fail(setsafe.ETooLarge, "A photo is larger than %d MiB. Send a smaller one.", setsafe.MaxFileSize>>20)
	}
	var p plan
	var ok bool
	if contentType == "image/png" {
		p, ok = pngPlan(data)
	} else {
		p, ok = jpegPlan(data)
	}
	const unreadable = "A photo could not be read; send it as a JPEG or PNG file."
	switch {
	case !ok:
		return fail(setsafe.EInvalid, unreadable)
	case int64(p.width)*int64(p.height) > maxPixels:
		return fail(setsafe.ETooLarge, "The photo is %d×%d pixels, more than %d megapixels. Send a smaller picture.", p.width, p.height, maxPixels/1_000_000)
	case p.scans > p.scansAllowed:
		return fail(setsafe.EInvalid, "The photo is a JPEG of %d scans, more than one needs (%d at most). Save it again as an ordinary JPEG.", p.scans, p.scansAllowed)
	case p.cost > b.limits.Photo:
		return fail(setsafe.ETooLarge, "The photo (%s, %d×%d pixels) takes %d MiB of memory to read; a photo may take %d MiB. "+
			"Send a JPEG as the phone or camera saved it, or a smaller picture.", p.colour, p.width, p.height, (p.cost+1<<20-1)>>20, b.limits.Photo>>20)
	}
	release, err := b.acquire(ctx, field, p.cost)
	if err != nil {
		return setsafe.File{}, err
	}
	defer release()

	var img image.Image
	if p.png {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return fail(setsafe.EInvalid, unreadable)
	}
	out := &capped{b: make([]byte, 0, min(p.output, maxOutput))}
	if p.png {
		err = png.Encode(out, eightBit(img))
	} else {
		img = upright(img, p.orientation)
		for _, q := range qualities {
			out.b = out.b[:0]
			if err = jpeg.Encode(out, img, &jpeg.Options{Quality: q}); !errors.Is(err, errFull) {
				break
			}
		}
	}
	if errors.Is(err, errFull) {
		return fail(setsafe.ETooLarge, "The photo is larger than %d MiB once its metadata is removed. Send a smaller picture, as a JPEG.", maxOutput>>20)
	}
	if err != nil {
		return fail(setsafe.EInvalid, unreadable)
	}
	return setsafe.NewFile(contentType, bytes.Clone(out.b)), nil
}

// capped is a buffer that takes no more than its capacity.
type capped struct{ b []byte }

var errFull = errors.New("photo: the encoded photo is larger than allowed")

func (c *capped) Write(p []byte) (int, error) {
	if len(c.b)+len(p) > cap(c.b) {
		return 0, errFull
	}
	c.b = append(c.b, p...)
	return len(p), nil
}
