package photo

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"sync"

	"github.com/setsafe/setsafe"
)

// maxPhotoPixels bounds the size of a photo decoded to strip it, so that a
// small file claiming a huge image cannot take the server's memory.
const maxPhotoPixels = 50_000_000

// Budget bounds the photos read at once.
type Budget struct {
	slots chan struct{}
}

// NewBudget returns a budget that reads at most readers photos at once.
func NewBudget(readers int) *Budget {
	return &Budget{slots: make(chan struct{}, readers)}
}

// Default is the budget every server of this process shares.
var Default = sync.OnceValue(func() *Budget { return NewBudget(2) })

// Strip decodes a JPEG or PNG photo and encodes its pixels again,
// so that nothing but the picture is kept, turned the right way up: no EXIF (GPS position, camera
// serial, time taken), no XMP, no comments, no thumbnails. A concern's
// photo must not tell who took it or where they stood. Its errors name
// field.
func (b *Budget) Strip(ctx context.Context, field, contentType string, data []byte) (setsafe.File, error) {
	bad := func(msg string) error {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: msg, Fields: map[string]string{field: "must be JPEG or PNG photos"}}
	}
	var decode func([]byte) (image.Image, error)
	var config func([]byte) (image.Config, error)
	switch contentType {
	case "image/jpeg":
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	case "image/png":
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	default:
		return setsafe.File{}, bad("A photo must be a JPEG or a PNG.")
	}
	if len(data) > setsafe.MaxFileSize {
		return setsafe.File{}, setsafe.Errorf(setsafe.ETooLarge, "A photo is larger than %d MiB.", setsafe.MaxFileSize>>20)
	}
	cfg, err := config(data)
	if err != nil {
		return setsafe.File{}, bad("A photo could not be read; send it as a JPEG or PNG.")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPhotoPixels {
		return setsafe.File{}, bad("A photo is too large in pixels; send a smaller one.")
	}
	b.slots <- struct{}{}
	defer func() { <-b.slots }()
	img, err := decode(data)
	if err != nil {
		return setsafe.File{}, bad("A photo could not be read; send it as a JPEG or PNG.")
	}
	if contentType == "image/jpeg" {
		img = upright(img, jpegOrientation(data))
	}
	var out bytes.Buffer
	if contentType == "image/png" {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return setsafe.File{}, bad("A photo could not be read; send it as a JPEG or PNG.")
	}
	if out.Len() > setsafe.MaxFileSize {
		return setsafe.File{}, setsafe.Errorf(setsafe.ETooLarge, "A photo is larger than %d MiB.", setsafe.MaxFileSize>>20)
	}
	return setsafe.NewFile(contentType, out.Bytes()), nil
}
