package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// A confidential reporter is in the ledger only as a seal made with the
// server's reporter key (setsafe.ReporterSeal). These turn seals back into
// people for those allowed to know: the reporter themself, and the safety
// coordinator.

// confidentialSeal is the caller's seal for a concern they raise in mode:
// only a confidential concern needs one.
func (s *Server) confidentialSeal(r *http.Request, mode, concern string) string {
	if mode != setsafe.ReportConfidential {
		return ""
	}
	return s.callerSeal(r, concern)
}

// callerSeal is the signed-in caller's seal for a concern of the
// production in the URL, or "" when they are not a person of it.
func (s *Server) callerSeal(r *http.Request, concern string) string {
	pid, err := productionID(r)
	if err != nil {
		return ""
	}
	a, err := s.require(r, pid, setsafe.PermViewProduction)
	if err != nil || a.PersonID == "" {
		return ""
	}
	return setsafe.ReporterSeal(s.reporterKey, pid, concern, a.PersonID)
}

// raisedBy says whether the caller raised a concern, by name or
// confidentially.
func (s *Server) raisedBy(a setsafe.Access, ledger string, c *setsafe.Concern) bool {
	if a.PersonID == "" {
		return false
	}
	if c.ReporterSeal != "" {
		return setsafe.SealedBy(c.ReporterSeal, s.reporterKey, ledger, c.ID, a.PersonID)
	}
	return c.Reporter == a.PersonID
}

// reporterOf returns who raised a concern: the named reporter, or the
// person of the production whose seal a confidential concern carries. Only
// call it for someone allowed to know (see seesReporter).
func (s *Server) reporterOf(st *setsafe.State, c *setsafe.Concern) string {
	if c.ReporterSeal == "" {
		return c.Reporter
	}
	for _, p := range st.People() {
		if setsafe.SealedBy(c.ReporterSeal, s.reporterKey, st.Ledger, c.ID, p.ID) {
			return p.ID
		}
	}
	return ""
}

// inboxesOf returns the inbox addresses the caller reads in a production:
// their own, and that of each confidential concern they raised.
func (s *Server) inboxesOf(a setsafe.Access, st *setsafe.State) []string {
	if a.PersonID == "" {
		return nil
	}
	out := []string{a.PersonID}
	for _, c := range st.SealedConcerns() {
		if s.raisedBy(a, st.Ledger, c) {
			out = append(out, setsafe.ReporterInbox(c.ID))
		}
	}
	return out
}
