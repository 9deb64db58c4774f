package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/setsafe/setsafe"
)

// DecodeReport decodes an anonymous report's JSON body, as decodeBody
// would, one field at a time as it is read, so that its words can be
// checked, and the report let through or refused, before its photos are
// read: beforePhotos is called, once, when the photos begin, with the
// fields read so far (by their JSON names). A refusal there leaves the
// photos unread. The photos are decoded one at a time, and a fifth is
// refused before it is read.
func DecodeReport(body io.Reader, req *AnonymousConcernRequest, beforePhotos func(seen map[string]bool) error) error {
	text := newTextCheck(body)
	dec := json.NewDecoder(text)
	dec.DisallowUnknownFields()
	tok, err := dec.Token()
	if err != nil {
		return jsonError(err)
	}
	if tok != json.Delim('{') {
		return setsafe.Errorf(setsafe.EInvalid, "The request body must be a JSON object, not %s.", tokenKind(tok))
	}
	fields := map[string]*string{"category": &req.Category, "severity": &req.Severity, "setup_id": &req.SetUpID, "hazard": &req.Hazard, "location_id": &req.LocationID, "location": &req.Location,
		"description": &req.Description, "occurred_at": &req.OccurredAt, "challenge": &req.Challenge, "proof": &req.Proof}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jsonError(err)
		}
		name := tok.(string) // an object's keys are strings
		if strings.EqualFold(name, "photos") {
			if !seen["photos"] {
				// Only the words read so far are known good text.
				if err := text.problem(); err != nil {
					return err
				}
				if err := beforePhotos(seen); err != nil {
					return err
				}
			}
			seen["photos"] = true
			if err := decodePhotos(dec, &req.Photos); err != nil {
				return err
			}
			continue
		}
		var field *string
		for known, f := range fields {
			if strings.EqualFold(name, known) {
				name, field = known, f
			}
		}
		if field == nil {
			p := setsafe.Problems{}
			p.Add(name, "is not a field of this request; see /api/v1/openapi.json")
			return p.Err()
		}
		if err := dec.Decode(field); err != nil {
			return valueError(name, err)
		}
		seen[name] = true
	}
	if _, err := dec.Token(); err != nil {
		return jsonError(err)
	}
	if err := endOfBody(dec); err != nil {
		return err
	}
	return text.problem()
}

// decodePhotos decodes a report's list of photos, one at a time.
func decodePhotos(dec *json.Decoder, photos *[]PhotoUpload) error {
	tok, err := dec.Token()
	switch {
	case err != nil:
		return jsonError(err)
	case tok == nil:
		*photos = nil
		return nil
	case tok != json.Delim('['):
		p := setsafe.Problems{}
		p.Add("photos", "must be a list, not %s", tokenKind(tok))
		return p.Err()
	}
	// An empty list is an empty list, as the whole body's decoder reads it.
	*photos = []PhotoUpload{}
	for dec.More() {
		if len(*photos) == setsafe.MaxConcernPhotos {
			return &setsafe.Error{Code: setsafe.EInvalid, Message: fmt.Sprintf("Send at most %d photos.", setsafe.MaxConcernPhotos),
				Fields: map[string]string{"photos": fmt.Sprintf("may be at most %d", setsafe.MaxConcernPhotos)}}
		}
		var p PhotoUpload
		if err := dec.Decode(&p); err != nil {
			return valueError("photos", err)
		}
		*photos = append(*photos, p)
	}
	if _, err := dec.Token(); err != nil {
		return jsonError(err)
	}
	return nil
}

// valueError is jsonError for a value decoded on its own, named.
func valueError(name string, err error) error {
	if typ, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		if typ.Field != "" {
			name += "." + typ.Field
		}
		p := setsafe.Problems{}
		p.Add(name, "must be %s, not %s", kindName(typ.Type.Kind().String(), typ.Type.String()), typ.Value)
		return p.Err()
	}
	return jsonError(err)
}

// tokenKind says what kind of JSON value a token starts.
func tokenKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		if tok == json.Delim('[') {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}
