package setsafe

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

func init() {
	register[WebhookSecretSet](1, "Webhook signing secret set")
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

// WebhookSecretSet records that someone set the secret that signs webhook
// requests: a rung's own, or the production's when Rung is empty. The
// entry's actor is who set it and its time when; the secret itself, and
// anything derived from it, stays out of the ledger.
type WebhookSecretSet struct {
	Rung string `json:"rung,omitempty"`
}

// apply checks a webhook secret's entry; the secret is kept outside the
// state, as outside the ledger.
func (b *WebhookSecretSet) apply(s *State, e Event) error {
	if b.Rung != "" && !slices.Contains(Rungs, b.Rung) {
		return fmt.Errorf("unknown rung %q", b.Rung)
	}
	return nil
}

func (*WebhookSecretSet) refers() References { return References{} }

// EventType implements Body.
func (*WebhookSecretSet) EventType() string { return "escalation.webhook_secret_set" }

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
