package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// servedFileTypes are the media types a stored file is served as: its own
// when its bytes are what it claims, otherwise application/octet-stream
// (see serveFile).
var servedFileTypes = append(slices.Clone(setsafe.FileTypes), "application/octet-stream")

// servedPhotoTypes are those of a concern's photo.
var servedPhotoTypes = []string{"image/jpeg", "image/png", "application/octet-stream"}

// captionQuery is the query parameter that names what an attached file shows.
var captionQuery = []queryParam{{name: "caption", description: "What the file shows, kept beside it (optional)."}}

func (s *handlers) fileRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	file := createdAs(prod+"/files/{id}", func(b *setsafe.FileAttached) string { return b.File })
	return []route{
		{method: "GET", path: prod + "/firearms/{firearm}", tag: tagArmory, summary: "One firearm, where it is, and its photos.", signedIn: true,
			response: sshttp.FirearmView{}, handle: s.getFirearm},
		{method: "POST", path: prod + "/firearms/{firearm}/photos", tag: tagArmory, summary: "Attach a photo (JPEG or PNG, up to 5 MiB; ?caption=...), kept without its metadata.", signedIn: true,
			consumes: []string{"image/jpeg", "image/png"}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectFirearm, "firearm"), query: captionQuery,
			created: file},
		{method: "POST", path: prod + "/trainings/{training}/evidence", tag: tagPreparation, summary: "Attach a training certificate (PDF, or a JPEG or PNG photo kept without its metadata).", signedIn: true,
			consumes: setsafe.FileTypes, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectTraining, "training"), query: captionQuery,
			created: file},
		{method: "POST", path: prod + "/permits/{permit}/evidence", tag: tagPreparation, summary: "Attach a copy of a permit or licence (PDF, or a JPEG or PNG photo kept without its metadata).", signedIn: true,
			consumes: setsafe.FileTypes, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectPermit, "permit"), query: captionQuery,
			created: file},
		{method: "GET", path: prod + "/files/{file}", tag: tagArmory, summary: "An attached file, by its SHA-256: any for those who see the armory, a set-up's document for all who see the production.", signedIn: true,
			produces: servedFileTypes, handle: s.getFile},
	}
}

func (s *handlers) getFirearm(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewArmory); err != nil {
		return err
	}
	f, photos, err := s.FirearmWithPhotos(r, pid)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.FirearmView{Firearm: f, Photos: photos})
	return nil
}

// attach returns the handler that attaches the request's body, a file of
// the media type its Content-Type names, to the subject in the URL.
func (s *handlers) attach(subject, param string) func(http.ResponseWriter, *http.Request) error {
	return s.attachBy(param, func(id string, f setsafe.File, caption string) setsafe.Command {
		return setsafe.AttachFile{Subject: subject, SubjectID: id, File: f, Caption: caption}
	})
}

// attachBy returns the handler that attaches the request's body, a file
// of the media type its Content-Type names, with the command attach makes
// for the thing the URL's param names.
func (s *handlers) attachBy(param string, attach func(id string, f setsafe.File, caption string) setsafe.Command) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		// Who may attach is the command's to say, before the file is read.
		a, st, err := s.Readable(r, setsafe.PermViewProduction)
		if err != nil {
			return err
		}
		if err := attach(r.PathValue(param), setsafe.File{}, "").Authorize(a, st); err != nil {
			return err
		}
		contentType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || !slices.Contains(setsafe.FileTypes, contentType) {
			return &setsafe.Error{Code: setsafe.EInvalid, Message: "Send a JPEG or PNG photo or a PDF, with its Content-Type.",
				Fields: map[string]string{"content_type": "must be image/jpeg, image/png or application/pdf"}}
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, setsafe.MaxFileSize))
		if err != nil {
			return &setsafe.Error{Code: setsafe.ETooLarge, Message: fmt.Sprintf("The file is larger than %d MiB.", setsafe.MaxFileSize>>20),
				Fields: map[string]string{"file": fmt.Sprintf("must be at most %d MiB", setsafe.MaxFileSize>>20)}}
		}
		file, err := s.EvidenceFile(r.Context(), contentType, data)
		if err != nil {
			return err
		}
		_, evs, err := s.Act(r, attach(r.PathValue(param), file, r.URL.Query().Get("caption")))
		if err != nil {
			return err
		}
		sshttp.WriteJSON(w, http.StatusCreated, sshttp.RecordedResult{Recorded: sshttp.Recorded(evs), ID: file.SHA256})
		return nil
	}
}

func (s *handlers) getFile(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if a, err := s.Require(r, pid, setsafe.PermViewArmory); err != nil {
		// A set-up's documents are read by all who see the production.
		_, st, err2 := s.Readable(r, setsafe.PermViewProduction)
		if err2 != nil || !a.Can(setsafe.PermViewProduction) || !st.IsSetUpDocument(r.PathValue("file")) {
			return err
		}
	}
	contentType, data, err := s.Config.Armory.File(r.Context(), pid, r.PathValue("file"))
	if err != nil {
		return err
	}
	if contentType == incident.PersonalType {
		// Sealed personal details are read only through their case, by
		// those who keep the injury records.
		return setsafe.Errorf(setsafe.ENotFound, "There is no file %q in this production.", r.PathValue("file"))
	}
	writeFile(w, contentType, data)
	return nil
}

// writeFile answers with a stored file. Files are named by their SHA-256
// and never change, so the browser may keep them; they are private to
// those allowed to read them. A file whose bytes are not what its media
// type says (stored before the server read every upload, or changed since)
// is served as bytes to download, never shown as that type; it is
// evidence, so it is served unchanged.
func writeFile(w http.ResponseWriter, contentType string, data []byte) {
	h := w.Header()
	if slices.Contains(setsafe.FileTypes, contentType) && http.DetectContentType(data) == contentType {
		h.Set("Content-Type", contentType)
	} else {
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", "attachment")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", fmt.Sprint(len(data)))
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Write(data)
}
