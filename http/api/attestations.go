package api

import (
	"fmt"
	"net/http"

	"github.com/setsafe/setsafe/attestation"
	sshttp "github.com/setsafe/setsafe/http"
)

// Compliance attestations: a period's statement previewed and signed with
// the site's key, then read back as its signed note, which an insurer or
// a union checks against an evidence bundle of the period.
func (s *handlers) attestationRoutes() []route {
	const list = "/api/v1/productions/{production}/attestations"
	date := map[string]any{"type": "string", "format": "date"}
	return []route{
		{method: "GET", path: list, tag: tagLedger, summary: "The production's signed compliance attestations, newest first, each with where its signed note is read and the command that puts it into an evidence bundle (those who read the ledger).",
			signedIn: true, response: sshttp.AttestationsView{}, handle: s.listAttestations},
		{method: "GET", path: list + "/preview", tag: tagLedger, summary: "The compliance statement a period would sign, not signed: its counts with the entries counted, the safety profile in force, the checkpoint it rests on and whether a witness cosigned it, in words (those who read the ledger).",
			signedIn: true, response: attestation.Preview{}, handle: s.previewAttestation, query: []queryParam{
				{name: "from", description: "The period's first day, YYYY-MM-DD on the set's clock.", required: true, schema: date},
				{name: "to", description: "The day after the period's last day, YYYY-MM-DD: the period ends at its start, today at the latest.", required: true, schema: date},
			}},
		{method: "POST", path: list, tag: tagLedger, summary: "Sign the compliance statement of a period with the site's key (the producer or the safety coordinator): it is built from the ledger again; with statement_sha256 of the preview read, it is refused if it changed since.",
			signedIn: true, body: sshttp.AttestationRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.signAttestation),
			created: createdAs(list+"/{id}", func(b *attestation.Signed) string { return b.ID }),
			example: sshttp.AttestationRequest{From: "2026-11-01", To: "2026-12-01"}},
		{method: "GET", path: list + "/{attestation}", tag: tagLedger, summary: "A signed compliance attestation: its statement as a C2SP signed note, built again from the ledger and checked against the hash recorded when it was signed (those who read the ledger).",
			signedIn: true, produces: []string{"text/plain"}, handle: s.getAttestation},
	}
}

func (s *handlers) listAttestations(w http.ResponseWriter, r *http.Request) error {
	st, list, err := s.SignedAttestations(r)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.AttestationViews(st.Ledger, list))
	return nil
}

func (s *handlers) previewAttestation(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	_, pv, err := s.AttestationPreview(r, sshttp.AttestationRequest{From: q.Get("from"), To: q.Get("to")})
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, pv)
	return nil
}

func (s *handlers) signAttestation(w http.ResponseWriter, r *http.Request, req sshttp.AttestationRequest) error {
	c, err := s.SignAttestation(r, req)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) getAttestation(w http.ResponseWriter, r *http.Request) error {
	a, note, err := s.SignedAttestationNote(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", sshttp.AttestationFile(r.PathValue("production"), a)))
	w.Write(note)
	return nil
}
