package http

import (
	"bytes"
	"context"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/photo"
)

// Photos is the budget of the photos this server reads.
func (s *Server) Photos() *photo.Budget {
	if s.Config.Photos != nil {
		return s.Config.Photos
	}
	return photo.Default()
}

// EvidenceFile reads an attached file as what its media type says it is:
// a photo is decoded within the photo budget and encoded again without its
// metadata, as a concern's photos are; a PDF must be one.
func (s *Server) EvidenceFile(ctx context.Context, contentType string, data []byte) (setsafe.File, error) {
	if contentType != "application/pdf" {
		return s.Photos().Strip(ctx, "file", contentType, data)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF")) {
		return setsafe.File{}, &setsafe.Error{Code: setsafe.EInvalid, Message: "The file is not a whole PDF; send the PDF itself, or a photo of the document.",
			Fields: map[string]string{"file": "must be a PDF, from %PDF- to %%EOF"}}
	}
	return setsafe.NewFile(contentType, data), nil
}
