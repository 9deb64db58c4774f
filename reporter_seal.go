package setsafe

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// ReporterSeal is how the ledger records who raised a confidential concern
// without naming them: HMAC-SHA256, under the server's secret key, of the
// production, the concern and the reporter's person ID, in hex. Whoever
// holds the key can tell whether a given person raised the concern, as
// setsafe does to show the name to the safety coordinator and the concern
// to its reporter; anyone else reading the ledger learns nothing from it,
// and two concerns of the same reporter do not look alike.
func ReporterSeal(key []byte, ledger, concern, person string) string {
	m := hmac.New(sha256.New, key)
	// IDs never hold a NUL, so the parts cannot run into each other.
	m.Write([]byte(ledger + "\x00" + concern + "\x00" + person))
	return hex.EncodeToString(m.Sum(nil))
}

// ReporterSealKey names the purpose of the server key that makes reporter
// seals, as the server derives it from its signing key.
const ReporterSealKey = "confidential reporter seal"

// SealedBy says whether seal is the reporter seal of person for a concern.
func SealedBy(seal string, key []byte, ledger, concern, person string) bool {
	return seal != "" && person != "" && hmac.Equal([]byte(seal), []byte(ReporterSeal(key, ledger, concern, person)))
}

// ReporterInbox is the inbox address of a confidential concern's reporter:
// notifications to them are filed under the concern rather than a name,
// and setsafe shows them to the person whose seal the concern carries.
func ReporterInbox(concern string) string { return "reporter:" + concern }

// Who may know who raised a concern. A confidential reporter is in the
// ledger only as a seal; key is the server's reporter key that made it.

// RaisedBy says whether a's person raised the concern, by name or
// confidentially.
func (s *State) RaisedBy(a Access, key []byte, c *Concern) bool {
	if a.PersonID == "" {
		return false
	}
	if c.ReporterSeal != "" {
		return SealedBy(c.ReporterSeal, key, s.Ledger, c.ID, a.PersonID)
	}
	return c.Reporter == a.PersonID
}

// MayReadConcern says whether a may read the concern: those who see every
// concern, and its reporter.
func (s *State) MayReadConcern(a Access, key []byte, c *Concern) bool {
	return a.Can(PermViewConcerns) || s.RaisedBy(a, key, c)
}

// SeesReporter says whether a may see who raised the concern: anyone who
// may read a named one; a confidential reporter's name is for the safety
// coordinator and the reporter only.
func (s *State) SeesReporter(a Access, key []byte, c *Concern) bool {
	if c.Mode != ReportConfidential {
		return true
	}
	return a.Has(RoleSafetyCoordinator) || s.RaisedBy(a, key, c)
}

// ReporterOf returns who raised the concern: the named reporter, or the
// person of the production whose seal a confidential concern carries.
// Only show it to those SeesReporter allows.
func (s *State) ReporterOf(key []byte, c *Concern) string {
	if c.ReporterSeal == "" {
		return c.Reporter
	}
	for _, p := range s.People() {
		if SealedBy(c.ReporterSeal, key, s.Ledger, c.ID, p.ID) {
			return p.ID
		}
	}
	return ""
}
