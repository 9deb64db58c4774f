package pages

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/attestation"
	sshttp "github.com/setsafe/setsafe/http"
)

// Compliance attestations, for the producer: a period's statement
// previewed with its numbers, the entries it counts and the checkpoint it
// rests on, signed after a confirmation, and the signed ones to download
// with the command that puts one into an evidence bundle.

func (s *handlers) registerAttestationPages() {
	const list = "/productions/{production}/attestations"
	s.Handle("GET "+list, s.page(s.attestationsPage))
	s.Handle("POST "+list, s.page(s.signAttestationSubmit()))
}

// attestationsScreen is the attestations page: the form of a period, its
// preview when one is asked for, and the signed attestations.
type attestationsScreen struct {
	Production string
	From, To   string
	Preview    *attestation.Preview
	// CanSign says the caller may sign the statement previewed.
	CanSign bool
	Signed  []sshttp.AttestationView
	Done    string
	// Error and Fields say why the preview or the signing was refused.
	Error  string
	Fields map[string]string
}

// Entry is the path of an entry of the timeline.
func (d *attestationsScreen) Entry(seq int64) string {
	return "/productions/" + d.Production + "/timeline/" + strconv.FormatInt(seq, 10)
}

func (s *handlers) attestationsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return s.renderAttestations(w, r, http.StatusOK, sshttp.AttestationRequest{From: q.Get("from"), To: q.Get("to")}, nil)
}

// renderAttestations draws the page for the period asked for, with the
// problem of a refused signing if there is one.
func (s *handlers) renderAttestations(w http.ResponseWriter, r *http.Request, status int, req sshttp.AttestationRequest, problem error) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	st, list, err := s.SignedAttestations(r)
	if err != nil {
		return err
	}
	a, err := s.Require(r, st.Ledger, attestation.PermView)
	if err != nil {
		return err
	}
	data := attestationsScreen{Production: st.Ledger, From: req.From, To: req.To, Signed: sshttp.AttestationViews(st.Ledger, list).Attestations,
		Done: attestationDone[r.URL.Query().Get("done")]}
	if data.From == "" && data.To == "" {
		// The month before this one, as a first suggestion.
		now := s.Config.Clock.Now().In(st.Production().Zone())
		first := now.AddDate(0, 0, 1-now.Day())
		data.From, data.To = first.AddDate(0, -1, 0).Format(time.DateOnly), first.Format(time.DateOnly)
	} else {
		_, pv, err := s.AttestationPreview(r, req)
		if err != nil && !formProblem(err) && setsafe.ErrorCode(err) != setsafe.ENotFound {
			return err
		}
		data.Preview = pv
		if problem == nil && err != nil {
			problem, status = err, sshttp.StatusOf[setsafe.ErrorCode(err)]
		}
	}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	data.CanSign = data.Preview != nil && attestation.Sign{}.Authorize(a, st) == nil
	s.pages.render(w, r, status, "attestations", page{Title: "Compliance attestations", Account: acc, Data: &data})
	return nil
}

// attestationDone are the words shown once a statement is signed.
var attestationDone = map[string]string{"signed": "The statement is signed. Download it below, and put it into an evidence bundle of its period."}

// signAttestationSubmit signs the statement previewed.
func (s *handlers) signAttestationSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			var req sshttp.AttestationRequest
			if err := decodeForm(form, &req); err != nil {
				return nil, err
			}
			if form.Get("confirm") != "yes" {
				return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "Confirm that you have read the statement before you sign it.",
					Fields: map[string]string{"confirm": "must be ticked"}}
			}
			return s.SignAttestation(r, req)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/attestations?done=signed#signed"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderAttestations(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], sshttp.AttestationRequest{From: typed.Get("from"), To: typed.Get("to")}, problem)
		},
	})
}

// attestationTexts are the texts of the attestations page that its
// template does not spell out: its title, what it says once signed, and
// the words of the counts.
func attestationTexts() []string {
	out := []string{"Compliance attestations", "Confirm that you have read the statement before you sign it.", "must be ticked"}
	for _, text := range attestationDone {
		out = append(out, text)
	}
	return append(out, attestation.CountWords()...)
}
