package http

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/setsafe/setsafe"
)

// maxConcernForm bounds a posted concern form: its photos and its words.
const maxConcernForm = setsafe.MaxConcernPhotos*setsafe.MaxFileSize + MaxBody

// concernPost is a posted concern form, read part by part as it arrives:
// its words first, into the request's PostForm, so that they can be
// checked before the photos after them are read at all. The forms put
// every field a check needs before their photos. A form refused after its
// words costs the server what net/http reads of the rest before it
// answers (256 KiB), not its photos.
type concernPost struct {
	parts *multipart.Reader // nil for a form without photos
	next  *multipart.Part   // the first photo, where the words ended
	words int               // bytes of words read
	ended bool              // the last part was read
}

// ReadConcernWords reads a posted concern form up to its first photo.
func ReadConcernWords(w http.ResponseWriter, r *http.Request) (*concernPost, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxConcernForm)
	p := &concernPost{}
	mr, err := r.MultipartReader()
	if err != nil {
		// A form without a file field comes url-encoded.
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		if err := r.ParseForm(); err != nil {
			return p, errFormUnreadable
		}
		return p, FormText(r.PostForm)
	}
	p.parts = mr
	r.PostForm = url.Values{}
	r.Form = r.PostForm
	if _, err = p.read(r.PostForm, true); err != nil {
		return p, err
	}
	return p, FormText(r.PostForm)
}

// Photos reads the rest of the form: its photos, and any words after
// them.
func (p *concernPost) Photos(form url.Values) ([]PhotoUpload, error) {
	if p.parts == nil || p.ended {
		return nil, nil
	}
	uploads, err := p.read(form, false)
	if err != nil {
		return nil, err
	}
	return uploads, FormText(form)
}

// read reads the form's parts into form, and its photos, until the end,
// or until the first photo when words is set.
func (p *concernPost) read(form url.Values, words bool) ([]PhotoUpload, error) {
	var uploads []PhotoUpload
	for {
		part := p.next
		p.next = nil
		if part == nil {
			var err error
			if part, err = p.parts.NextPart(); err == io.EOF {
				p.ended = true
				return uploads, nil
			} else if err != nil {
				return nil, formReadError(err)
			}
		}
		if part.FormName() == "photos" {
			if words {
				p.next = part
				return nil, nil
			}
			b, err := io.ReadAll(io.LimitReader(part, setsafe.MaxFileSize+1))
			if err != nil {
				return nil, formReadError(err)
			}
			if len(b) > 0 {
				uploads = append(uploads, PhotoUpload{ContentType: http.DetectContentType(b), Data: b})
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, int64(MaxBody-p.words+1)))
		if err != nil {
			return nil, formReadError(err)
		}
		if p.words += len(b); p.words > MaxBody {
			return nil, setsafe.Errorf(setsafe.ETooLarge, "The words of the form are longer than %d KiB together.", MaxBody>>10)
		}
		form.Add(part.FormName(), string(b))
	}
}

// formReadError says why a form could not be read.
func formReadError(err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return setsafe.Errorf(setsafe.ETooLarge, "The photos are larger than %d MiB together.", maxConcernForm>>20)
	}
	return errFormUnreadable
}
