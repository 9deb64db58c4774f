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
