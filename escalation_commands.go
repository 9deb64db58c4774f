package setsafe

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// SetLadder sets who stands on the rungs of the production's escalation
// ladder and how long each step of a concern may take. Producers and the
// safety coordinator set it; rungs and severities left out keep what they
// had.
type SetLadder struct {
	Rungs  []LadderRungSetting
	Clocks []ClockSetting
}

// Authorize implements Command.
func (c SetLadder) Authorize(a Access, _ *State) error { return a.Require(PermManageSafety) }

// Decide implements Command.
func (c SetLadder) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	b := &LadderSet{Rungs: []LadderRungSetting{}, Clocks: []ClockSetting{}}
	seen := map[string]bool{}
	for i, r := range c.Rungs {
		field := fmt.Sprintf("rungs[%d]", i)
		OneOf(p, field+".rung", r.Rung, Rungs)
		if seen[r.Rung] {
			p.Add(field+".rung", "is given twice")
		}
		seen[r.Rung] = true
		out := LadderRungSetting{Rung: r.Rung, People: []string{},
			Contact: CleanText(p, field+".contact", r.Contact, MaxNameLength, false),
			Email:   cleanEmail(p, field+".email", r.Email, false),
			Webhook: cleanWebhook(p, field+".webhook", r.Webhook)}
		for _, id := range r.People {
			if q := s.Person(id); q == nil || !q.Active {
				p.Add(field+".people", "must name people on the production's crew list")
			}
			out.People = append(out.People, id)
		}
		b.Rungs = append(b.Rungs, out)
	}
	for i, ck := range c.Clocks {
		field := fmt.Sprintf("clocks[%d]", i)
		OneOf(p, field+".severity", ck.Severity, Severities)
		if seen["clock "+ck.Severity] {
			p.Add(field+".severity", "is given twice")
		}
		seen["clock "+ck.Severity] = true
		const month = 31 * 24 * 60
		switch {
		case ck.AcknowledgeMinutes < 1 || ck.AcknowledgeMinutes > month:
			p.Add(field+".acknowledge_minutes", "must be between 1 minute and 31 days")
		case ck.ResolveMinutes < ck.AcknowledgeMinutes || ck.ResolveMinutes > 3*month:
			p.Add(field+".resolve_minutes", "must be at least the time to acknowledge, and at most 93 days")
		}
		b.Clocks = append(b.Clocks, ck)
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if len(b.Rungs) == 0 && len(b.Clocks) == 0 {
		return Outcome{}, nil
	}
	return one(b), nil
}

// cleanWebhook checks a webhook address: an http or https URL with a host.
func cleanWebhook(p Problems, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(s) > 2000 {
		p.Add(field, "must be an https:// address (or http:// on a private network), without a user name or password")
	}
	return s
}

// Webhook secrets are at least this long, and at most
// MaxWebhookSecretLength.
const (
	MinWebhookSecretLength = 16
	MaxWebhookSecretLength = 200
)

// WebhookSecret is the secret that signs the webhook requests of one rung,
// or of the production when Rung is empty. It is stored beside the ledger,
// in the same transaction as the entry that records it was set, and never
// in the ledger: others read the ledger, and whoever holds the secret can
// forge requests.
type WebhookSecret struct {
	Rung   string
	Secret string
}

// SetWebhookSecret sets the secret that signs webhook requests of a rung,
// or of the production when Rung is empty. Producers, the unit production
// manager and the safety coordinator set it.
type SetWebhookSecret struct {
	Rung   string
	Secret string
}

// Authorize implements Command.
func (c SetWebhookSecret) Authorize(a Access, _ *State) error { return a.Require(PermManageSafety) }

// Decide implements Command.
func (c SetWebhookSecret) Decide(s *State, _ Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	if c.Rung != "" && !slices.Contains(Rungs, c.Rung) {
		p.Add("rung", "must be one of %s, or left out for the production's secret", strings.Join(Rungs, ", "))
	}
	if l := utf8.RuneCountInString(c.Secret); l < MinWebhookSecretLength || l > MaxWebhookSecretLength || strings.TrimSpace(c.Secret) != c.Secret {
		p.Add("secret", "must be %d to %d characters without spaces at either end, or left out to have setsafe make one", MinWebhookSecretLength, MaxWebhookSecretLength)
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	out := one(&WebhookSecretSet{Rung: c.Rung})
	out.WebhookSecrets = []WebhookSecret{{Rung: c.Rung, Secret: c.Secret}}
	return out, nil
}
