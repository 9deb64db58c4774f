package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// A confidential reporter is in the ledger only as a seal made with the
// server's reporter key (setsafe.ReporterSeal). These make the caller's
// seal; who may know who raised a concern is the domain's to say
// (setsafe.State.SeesReporter).

// ConfidentialSeal is the caller's seal for a concern they raise in mode:
// only a confidential concern needs one.
func (s *Server) ConfidentialSeal(r *http.Request, mode, concern string) string {
	if mode != setsafe.ReportConfidential {
		return ""
	}
	return s.CallerSeal(r, concern)
}

// CallerSeal is the signed-in caller's seal for a concern of the
// production in the URL, or "" when they are not a person of it.
func (s *Server) CallerSeal(r *http.Request, concern string) string {
	pid, err := ProductionID(r)
	if err != nil {
		return ""
	}
	a, err := s.Require(r, pid, setsafe.PermViewProduction)
	if err != nil || a.PersonID == "" {
		return ""
	}
	return setsafe.ReporterSeal(s.ReporterKey, pid, concern, a.PersonID)
}

// inboxesOf returns the inbox addresses the caller reads in a production:
// their own, and that of each confidential concern they raised.
func (s *Server) inboxesOf(a setsafe.Access, st *setsafe.State) []string {
	if a.PersonID == "" {
		return nil
	}
	out := []string{a.PersonID}
	for _, c := range st.SealedConcerns() {
		if st.RaisedBy(a, s.ReporterKey, c) {
			out = append(out, setsafe.ReporterInbox(c.ID))
		}
	}
	return out
}
