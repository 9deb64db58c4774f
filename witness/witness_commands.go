package witness

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/setsafe/setsafe"
)

// MaxWitnesses is how many witnesses a production may configure.
const MaxWitnesses = 20

// MaxRefusalReason is how much of what a refusing witness said is kept.
const MaxRefusalReason = 500

func one(b setsafe.Body) setsafe.Outcome {
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: b}}}
}

// AddWitness adds a witness that cosigns the production's checkpoints:
// those who answer for safety may. Name is the name its key gives; URL
// its base URL (submissions go to URL + "/add-checkpoint"); Key its
// cosignature verifier key (see [KeyFormat]).
type AddWitness struct {
	Name string
	URL  string
	Key  string
	By   string
}

// Authorize implements setsafe.Command.
func (c AddWitness) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermConfigure)
}

// Decide implements setsafe.Command.
func (c AddWitness) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	b := &Added{Name: strings.TrimSpace(c.Name), URL: CleanURL(p, "url", c.URL), Key: strings.TrimSpace(c.Key), By: by}
	k, kerr := ParseKey(b.Key)
	switch {
	case b.Key == "":
		p.Add("key", "is required: the witness's cosignature verifier key (%s)", KeyFormat)
	case kerr != nil:
		p.Add("key", "%s", kerr.Error())
	}
	switch {
	case b.Name == "":
		if kerr == nil {
			b.Name = k.Name // the key names it
		} else {
			p.Add("name", "is required: the name the witness's key gives")
		}
	case kerr == nil && b.Name != k.Name:
		p.Add("name", "must be the name the key gives, %q", k.Name)
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if w := Find(s, b.Name); w != nil {
		if w.URL == b.URL && w.VerifierKey == b.Key {
			return setsafe.Outcome{}, nil // sent again
		}
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Witness %s is configured already; remove it first to change its address or key.", b.Name)
	}
	entries := Entries(s)
	for _, w := range entries {
		o, err := ParseKey(w.VerifierKey)
		switch {
		case err != nil:
		case bytes.Equal(o.PublicKey, k.PublicKey):
			return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Witness %s has this public key already: one witness counts once towards the quorum.", w.Name)
		case o.Hash == k.Hash:
			// The key's ID names the witness in addresses and cosignature
			// lines: two witnesses sharing one would be mistaken.
			return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Witness %s has a key with the same ID (%s); ask the new witness for another key.", w.Name, k.Hash)
		}
	}
	if len(entries) >= MaxWitnesses {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "A production has at most %d witnesses; remove one first.", MaxWitnesses)
	}
	return one(b), nil
}

// CleanURL reads a witness's base URL: http or https, a host, no user,
// query or fragment; a trailing slash is dropped.
func CleanURL(p setsafe.Problems, field, text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		p.Add(field, "is required: the witness's base URL, such as https://witness.example.com")
		return ""
	}
	u, err := url.Parse(text)
	switch {
	case err != nil || len(text) > 500 || strings.ContainsFunc(text, unicode.IsSpace) || !utf8.ValidString(text):
		p.Add(field, "is not a URL like https://witness.example.com")
	case u.Scheme != "http" && u.Scheme != "https":
		p.Add(field, "must start with https:// (or http://)")
	case u.Host == "" || u.Hostname() == "":
		p.Add(field, "must name a host, such as https://witness.example.com")
	case u.User != nil:
		p.Add(field, "must not hold a user name or password")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(text, "#"):
		p.Add(field, "must not have a query or fragment: submissions go to the URL followed by /add-checkpoint")
	default:
		return strings.TrimRight(text, "/")
	}
	return text
}

// RemoveWitness removes a witness: checkpoints are no longer submitted
// to it. A removal that leaves fewer witnesses than the quorum is refused.
type RemoveWitness struct {
	Name string
	By   string
}

// Authorize implements setsafe.Command.
func (c RemoveWitness) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermConfigure)
}

// Decide implements setsafe.Command.
func (c RemoveWitness) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	w := Find(s, c.Name)
	if w == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no witness %s.", c.Name)
	}
	if n, q := len(Entries(s))-1, Quorum(s); q > max(n, DefaultQuorum) {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict,
			"The quorum is %d: removing %s would leave %d witnesses, fewer than the quorum. Lower the quorum to %d or less first.", q, w.Name, n, n)
	}
	return one(&Removed{Name: w.Name, By: by}), nil
}

// SetQuorum sets how many of the configured witnesses must cosign a
// checkpoint for it to be final: from 1 to the number configured.
type SetQuorum struct {
	Quorum int
	By     string
}

// Authorize implements setsafe.Command.
func (c SetQuorum) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermConfigure)
}

// Decide implements setsafe.Command.
func (c SetQuorum) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	n := len(Entries(s))
	p := setsafe.Problems{}
	switch {
	case n == 0:
		p.Add("quorum", "cannot be set before a witness is added")
	case c.Quorum < 1 || c.Quorum > n:
		p.Add("quorum", "must be from 1 to %d, the number of witnesses configured", n)
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if x := settings(s); x != nil && x.Quorum == int64(c.Quorum) {
		return setsafe.Outcome{}, nil // as it is already
	}
	return one(&QuorumSet{Quorum: int64(c.Quorum), By: by}), nil
}

// SetCopies chooses the rungs of the escalation ladder that receive a
// copy of each final checkpoint, at their outside addresses and webhooks;
// none stops sending them.
type SetCopies struct {
	Rungs []string
	By    string
}

// Authorize implements setsafe.Command.
func (c SetCopies) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermConfigure)
}

// Decide implements setsafe.Command.
func (c SetCopies) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	rungs := setsafe.CleanRungs(p, "rungs", c.Rungs)
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if slices.Equal(rungs, CopyRungs(s)) {
		return setsafe.Outcome{}, nil // as it is already
	}
	return one(&CopiesSet{Rungs: rungs, By: by}), nil
}

// RecordRefusal records a witness refusing a checkpoint because the
// ledger does not extend what it saw: setsafe itself sends it when the
// witness answers so. While the witness has a refusal not yet resolved it
// records nothing, so that a witness that keeps refusing raises one alarm.
type RecordRefusal struct {
	Witness string
	// Size is the size of the checkpoint refused.
	Size uint64
	// Status is the HTTP status the witness answered; Reason what it said.
	Status int
	Reason string
}

// Authorize implements setsafe.Command.
func (c RecordRefusal) Authorize(a setsafe.Access, _ *setsafe.State) error {
	if a.System {
		return nil
	}
	return setsafe.Errorf(setsafe.EForbidden, "Only setsafe itself records a witness's refusal, when the witness answers.")
}

// Decide implements setsafe.Command.
func (c RecordRefusal) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	if Find(s, c.Witness) == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no witness %s.", c.Witness)
	}
	p := setsafe.Problems{}
	if c.Status < 100 || c.Status > 599 {
		p.Add("status", "must be an HTTP status, from 100 to 599")
	}
	if c.Size > 1<<62 {
		p.Add("size", "is too large")
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if OpenRefusal(s, c.Witness) != nil {
		return setsafe.Outcome{}, nil // one alarm per witness until resolved
	}
	return one(&Refused{ID: setsafe.NewID(), Witness: c.Witness, Size: c.Size, Status: c.Status, Reason: cleanWitnessText(c.Reason),
		Deadline: d.Now.Add(s.Clock(setsafe.SeverityCritical).Acknowledge())}), nil
}

// cleanWitnessText keeps what a witness said as one line of text of at
// most MaxRefusalReason characters: it comes from outside.
func cleanWitnessText(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.Join(strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if utf8.RuneCountInString(text) > MaxRefusalReason {
		text = string([]rune(text)[:MaxRefusalReason-1]) + "…"
	}
	if text == "" {
		text = "no reason given"
	}
	return text
}

// EscalateRefusal climbs an open refusal nobody acknowledged in time to
// the next rung of the ladder with someone on it, on the clock of a
// critical concern. setsafe's clock sends it; when the refusal is not due,
// nothing is recorded.
type EscalateRefusal struct {
	ID string
}

// Authorize implements setsafe.Command.
func (c EscalateRefusal) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return setsafe.OnlyTheClock(a, "climbs a witness's refusal up the ladder")
}

// Decide implements setsafe.Command.
func (c EscalateRefusal) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	r := FindRefusal(s, c.ID)
	if r == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no witness refusal %s.", c.ID)
	}
	next, ok := s.NextRungAfter(r.Rung)
	if !ok || r.State != RefusalStateOpen || r.Deadline.IsZero() || d.Now.Before(r.Deadline) {
		return setsafe.Outcome{}, nil
	}
	return one(&RefusalEscalated{ID: r.ID, Rung: next, Missed: r.Deadline, Deadline: d.Now.Add(s.Clock(setsafe.SeverityCritical).Acknowledge())}), nil
}

// AcknowledgeRefusal records someone taking charge of a witness's open
// refusal, saying what they are doing about it: it stops climbing.
type AcknowledgeRefusal struct {
	Witness string
	Note    string
	By      string
}

// Authorize implements setsafe.Command.
func (c AcknowledgeRefusal) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermHandleRefusals)
}

// Decide implements setsafe.Command.
func (c AcknowledgeRefusal) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, r, note, err := handled(s, d, c.By, c.Witness, c.Note)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	if r.State == RefusalStateAcknowledged {
		if r.AcknowledgedBy == by && r.Acknowledgment == note {
			return setsafe.Outcome{}, nil // sent again
		}
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "The refusal by witness %s is acknowledged already; resolve it once you know what happened.", r.Witness)
	}
	return one(&RefusalAcknowledged{ID: r.ID, Witness: r.Witness, Note: note, By: by}), nil
}

// handled checks what acknowledging and resolving a refusal both need:
// it returns who handles it, the witness's refusal not yet resolved and
// the note about it, or why it cannot be handled.
func handled(s *setsafe.State, d setsafe.Decision, by, witness, note string) (string, *Refusal, string, error) {
	by, err := setsafe.ActingPerson(s, d, by)
	if err != nil {
		return "", nil, "", err
	}
	p := setsafe.Problems{}
	note = setsafe.CleanReason(p, "note", note, true)
	if err := p.Err(); err != nil {
		return "", nil, "", err
	}
	r := OpenRefusal(s, witness)
	if r == nil {
		return "", nil, "", setsafe.Errorf(setsafe.ENotFound, "Witness %s has no refusal open.", witness)
	}
	return by, r, note, nil
}

// ResolveRefusal records what someone found about a witness's refusal,
// open or acknowledged: the alarm is over, and the witness may refuse
// again.
type ResolveRefusal struct {
	Witness string
	Note    string
	By      string
}

// Authorize implements setsafe.Command.
func (c ResolveRefusal) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermHandleRefusals)
}

// Decide implements setsafe.Command.
func (c ResolveRefusal) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, r, note, err := handled(s, d, c.By, c.Witness, c.Note)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	return one(&RefusalResolved{ID: r.ID, Witness: r.Witness, Note: note, By: by}), nil
}
