package setsafe

import (
	"crypto/rand"
	"encoding/base32"
	"regexp"
)

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// NewID returns a new random identifier of 16 characters (80 bits) from an
// alphabet without look-alike characters, for people, accounts and tokens.
func NewID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return idEncoding.EncodeToString(b)
}

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9]{1,64}$`)
	ledgerPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$`)
)

// SiteLedger is the ID of the site ledger, which records accounts, site
// administrators, API tokens and the register of productions.
const SiteLedger = "site"

// ValidID reports whether s has the form of an identifier setsafe issues.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// ValidProductionID reports whether s can name a production: 3 to 40
// lowercase letters, digits and inner hyphens, such as "red-mesa". The site
// ledger's name is reserved.
func ValidProductionID(s string) bool { return s != SiteLedger && ledgerPattern.MatchString(s) }

// ValidLedgerID reports whether s names the site ledger or could name a
// production's ledger.
func ValidLedgerID(s string) bool { return s == SiteLedger || ValidProductionID(s) }
