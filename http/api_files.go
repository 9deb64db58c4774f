package http

import (
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/photo"
)

// FirearmView is one firearm with its photos.
type FirearmView struct {
	Firearm *setsafe.Firearm      `json:"firearm"`
	Photos  []*setsafe.Attachment `json:"photos"`
}

func (s *Server) fileRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "GET", path: prod + "/firearms/{firearm}", tag: tagArmory, summary: "One firearm, where it is, and its photos.", signedIn: true,
			response: FirearmView{}, handle: s.getFirearm},
		{method: "POST", path: prod + "/firearms/{firearm}/photos", tag: tagArmory, summary: "Attach a photo (JPEG or PNG, up to 5 MiB; ?caption=...).", signedIn: true,
			consumes: "image/jpeg", response: RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectFirearm, "firearm")},
		{method: "POST", path: prod + "/trainings/{training}/evidence", tag: tagPreparation, summary: "Attach a training certificate (PDF, JPEG or PNG).", signedIn: true,
			consumes: "application/pdf", response: RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectTraining, "training")},
		{method: "POST", path: prod + "/permits/{permit}/evidence", tag: tagPreparation, summary: "Attach a copy of a permit or licence (PDF, JPEG or PNG).", signedIn: true,
			consumes: "application/pdf", response: RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectPermit, "permit")},
		{method: "GET", path: prod + "/files/{file}", tag: tagArmory, summary: "An attached file, by its SHA-256.", signedIn: true,
			produces: "application/octet-stream", handle: s.getFile},
	}
}

func (s *Server) getFirearm(w http.ResponseWriter, r *http.Request) error {
	pid, err := productionID(r)
	if err != nil {
		return err
	}
	if _, err := s.require(r, pid, setsafe.PermViewArmory); err != nil {
		return err
	}
	f, photos, err := s.firearmWithPhotos(r, pid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, FirearmView{Firearm: f, Photos: photos})
	return nil
}

// firearmWithPhotos reads the firearm named in the URL and its photos.
func (s *Server) firearmWithPhotos(r *http.Request, pid string) (*setsafe.Firearm, []*setsafe.Attachment, error) {
	f, err := s.cfg.Armory.Firearm(r.Context(), pid, r.PathValue("firearm"))
	if err != nil {
		return nil, nil, err
	}
	photos, err := s.cfg.Armory.Attachments(r.Context(), pid, setsafe.SubjectFirearm, f.ID)
	if photos == nil {
		photos = []*setsafe.Attachment{}
	}
	return f, photos, err
}

// attach returns the handler that attaches the request's body, a file of
// the media type its Content-Type names, to the subject in the URL.
func (s *Server) attach(subject, param string) func(http.ResponseWriter, *http.Request) error {
	perm := setsafe.PermManageSafety
	if subject == setsafe.SubjectFirearm {
		perm = setsafe.PermArmory
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		pid, err := productionID(r)
		if err != nil {
			return err
		}
		if _, err := s.require(r, pid, perm); err != nil {
			return err
		}
		contentType := r.Header.Get("Content-Type")
		if !slices.Contains(setsafe.FileTypes, contentType) {
			return &setsafe.Error{Code: setsafe.EInvalid, Message: "Send a JPEG or PNG photo or a PDF, with its Content-Type.",
				Fields: map[string]string{"content_type": "must be image/jpeg, image/png or application/pdf"}}
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, setsafe.MaxFileSize))
		if err != nil {
			return setsafe.Errorf(setsafe.ETooLarge, "The file is larger than %d MiB.", setsafe.MaxFileSize>>20)
		}
		file := setsafe.NewFile(contentType, data)
		_, evs, err := s.act(r, setsafe.AttachFile{Subject: subject, SubjectID: r.PathValue(param), File: file, Caption: r.URL.Query().Get("caption")})
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, RecordedResult{Recorded: recorded(evs), ID: file.SHA256})
		return nil
	}
}

// photos is the budget of the photos this server reads.
func (s *Server) photos() *photo.Budget {
	if s.cfg.Photos != nil {
		return s.cfg.Photos
	}
	return photo.Default()
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request) error {
	pid, err := productionID(r)
	if err != nil {
		return err
	}
	if _, err := s.require(r, pid, setsafe.PermViewArmory); err != nil {
		return err
	}
	contentType, data, err := s.cfg.Armory.File(r.Context(), pid, r.PathValue("file"))
	if err != nil {
		return err
	}
	writeFile(w, contentType, data)
	return nil
}

// writeFile answers with a stored file. Files are named by their SHA-256
// and never change, so the browser may keep them; they are private to
// those allowed to read them.
func writeFile(w http.ResponseWriter, contentType string, data []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Write(data)
}
