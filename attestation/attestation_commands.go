package attestation

import (
	"regexp"
	"time"

	"github.com/setsafe/setsafe"
)

// Sign records a compliance attestation signed with the site's key: the
// statement built from the ledger ([Build]) and what it was built from,
// with the SHA-256 of its text. The producer or the production's safety
// coordinator signs it ([PermSign]); at the command line, the operator.
type Sign struct {
	// ID names the attestation; a new one when empty.
	ID      string
	Preview *Preview
	// Production is the production's name the statement states.
	Production string
	// By names the person who signs, at the command line; "" there for
	// the operator.
	By string
}

// Authorize implements setsafe.Command.
func (c Sign) Authorize(a setsafe.Access, _ *setsafe.State) error { return a.Require(PermSign) }

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Decide implements setsafe.Command.
func (c Sign) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	if s.Production() == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no production %s.", s.Ledger)
	}
	by := ""
	if !d.Access.System || c.By != "" {
		var err error
		if by, err = setsafe.ActingPerson(s, d, c.By); err != nil {
			return setsafe.Outcome{}, err
		}
	}
	pv := c.Preview
	if pv == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EInvalid, "There is no statement to sign.")
	}
	id := c.ID
	if id == "" {
		id = setsafe.NewID()
	}
	p := setsafe.Problems{}
	if !setsafe.ValidID(id) {
		p.Add("id", "must be lowercase letters and digits")
	}
	if _, err := time.LoadLocation(pv.TimeZone); err != nil || pv.TimeZone == "" {
		p.Add("time_zone", "must be an IANA time zone")
	}
	if !sha256Hex.MatchString(pv.SHA256) {
		p.Add("statement_sha256", "must be 64 lowercase hex digits")
	}
	if pv.First < 1 || pv.Last < pv.First || pv.Checkpoint.Size < pv.Last || pv.Checkpoint.Size > s.Size {
		p.Add("checkpoint", "must cover the period's entries, and the ledger must hold it")
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	b := &Signed{ID: id, From: pv.From, To: pv.To, TimeZone: pv.TimeZone, Production: c.Production,
		First: pv.First, Last: pv.Last, CheckpointSize: pv.Checkpoint.Size, StatementSHA256: pv.SHA256,
		Counts: pv.Tallies(), Profile: pv.Profile, SignedBy: by}
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: b}}}, nil
}
