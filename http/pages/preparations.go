package pages

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// A set-up's card on Today lists the preparations its hazards need, each
// with where it stands, and offers those who may record one a short form
// with exactly the facts its kind takes: a document to upload, a window
// on the set's clock, a limit and a reading in the kind's unit, or a
// count.

// preparationLine is one preparation a set-up card lists.
type preparationLine struct {
	setsafe.PreparationStatus
	SetUpID string
	// ByName names who recorded the latest record.
	ByName string
	// CanRecord is true for those whose duty records it.
	CanRecord bool
}

// preparationStateTexts say where a preparation stands, by its state.
var preparationStateTexts = map[string]string{
	setsafe.PreparationMissing:    "missing: not recorded today",
	setsafe.PreparationNotReady:   "recorded, not ready",
	setsafe.PreparationNotHolding: "window not holding now",
	setsafe.PreparationOverLimit:  "reading over its limit",
	setsafe.PreparationStale:      "reading too old; read it again",
	setsafe.PreparationReady:      "ready",
}

// preparationTexts are the English texts this file passes to the
// templates, for the catalogue check.
func preparationTexts() []string {
	var out []string
	for _, t := range preparationStateTexts {
		out = append(out, t)
	}
	return out
}

// preparationLines lists the preparations a set-up's hazards need at now.
func preparationLines(a setsafe.Access, st *setsafe.State, u *setsafe.SetUp, now time.Time) []preparationLine {
	var out []preparationLine
	for _, ps := range st.PreparationStatuses(u.ID, now) {
		l := preparationLine{PreparationStatus: ps, SetUpID: u.ID, CanRecord: setsafe.CanRecordPreparation(a, ps.Kind.ID)}
		if ps.Latest != nil {
			l.ByName = personName(st, ps.Latest.By)
		}
		out = append(out, l)
	}
	return out
}

// StateText says where the preparation stands.
func (l preparationLine) StateText() string { return preparationStateTexts[l.State] }

// Number shows a limit or reading as people write it.
func (l preparationLine) Number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// recordPreparationSubmit records a preparation from a set-up's card: a
// form that may carry the document its kind needs.
func (s *handlers) recordPreparationSubmit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("setup")
	c, err := s.preparationForm(w, r, id)
	if err == nil {
		_, _, err = s.Act(r, c)
	}
	if err != nil {
		if !formProblem(err) {
			return err
		}
		return s.renderToday(w, r, formStatus(err), id, err, nil)
	}
	http.Redirect(w, r, "/productions/"+r.PathValue("production")+"/today?done=prepared#setup-"+id, http.StatusSeeOther)
	return nil
}

// preparationForm reads a preparation's form, as the API's request reads
// its JSON, with the document uploaded beside it.
func (s *handlers) preparationForm(w http.ResponseWriter, r *http.Request, setupID string) (setsafe.Command, error) {
	r.Body = http.MaxBytesReader(w, r.Body, setsafe.MaxFileSize+sshttp.MaxBody)
	if err := r.ParseMultipartForm(sshttp.MaxBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, sshttp.FieldError("document", "must be at most 5 MiB", "The document is larger than 5 MiB; send a smaller PDF or photo.")
		}
		return nil, setsafe.Errorf(setsafe.EInvalid, "The form could not be read; reload the page and send it again.")
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	f := r.PostForm
	if err := sshttp.FormText(f); err != nil {
		return nil, err
	}
	req := sshttp.PreparationRequest{Kind: f.Get("kind"), Ready: f.Get("ready") != "", Notes: f.Get("notes"),
		WindowFrom: f.Get("window_from"), WindowUntil: f.Get("window_until"), ConfirmedBy: f.Get("confirmed_by"), OccurredAt: f.Get("occurred_at")}
	var err error
	if req.Count, err = formInt(f, "count", 0); err != nil {
		return nil, err
	}
	for field, dst := range map[string]**float64{"limit": &req.Limit, "reading": &req.Reading} {
		text := strings.TrimSpace(strings.ReplaceAll(f.Get(field), ",", "."))
		if text == "" {
			continue
		}
		n, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, sshttp.FieldError(field, "must be a number", "Type a number, such as 12.5.")
		}
		*dst = &n
	}
	c := req.Command(setupID)
	if file, hdr, err := r.FormFile("document"); err == nil {
		defer file.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(file); err != nil {
			return nil, fmt.Errorf("read the document: %w", err)
		}
		contentType, _, _ := mime.ParseMediaType(hdr.Header.Get("Content-Type"))
		doc, err := s.EvidenceFile(r.Context(), contentType, buf.Bytes())
		if err != nil {
			return nil, err
		}
		c.Document = &doc
	}
	return c, nil
}
