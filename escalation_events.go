package setsafe

import (
	"fmt"
	"slices"
	"strings"
)

func init() {
	register[LadderSet](1, "Escalation ladder set")
	register[WebhookSecretSet](1, "Webhook signing secret set")
}

// LadderSet records a production's escalation ladder and clocks. Rungs and
// clocks left out keep their defaults.
type LadderSet struct {
	Rungs  []LadderRungSetting `json:"rungs"`
	Clocks []ClockSetting      `json:"clocks"`
}

// EventType implements Body.
func (*LadderSet) EventType() string { return "escalation.ladder_set" }

func (b *LadderSet) apply(s *State, e Event) error {
	for _, r := range b.Rungs {
		pos := int64(slices.Index(Rungs, r.Rung))
		if pos < 0 {
			return fmt.Errorf("unknown rung %q", r.Rung)
		}
		s.put(&LadderRung{Rung: r.Rung, Position: pos, People: strings.Join(r.People, " "), Contact: r.Contact, Email: r.Email, Webhook: r.Webhook, LastSeq: e.Seq})
	}
	for _, c := range b.Clocks {
		s.put(&ConcernClock{Severity: c.Severity, AcknowledgeMinutes: c.AcknowledgeMinutes, ResolveMinutes: c.ResolveMinutes, LastSeq: e.Seq})
	}
	return nil
}

func (*LadderSet) refers() References { return References{} }

// escalation looks again at every open concern on the new ladder.
func (b *LadderSet) escalation(s *State) []EscalationUpdate { return s.escalationUpdatesAll() }

// LadderRungSetting is one rung as set.
type LadderRungSetting struct {
	Rung    string   `json:"rung"`
	People  []string `json:"people,omitempty"`
	Contact string   `json:"contact,omitempty"`
	Email   string   `json:"email,omitempty"`
	Webhook string   `json:"webhook,omitempty"`
}

// ClockSetting is the clock of one severity, in minutes.
type ClockSetting struct {
	Severity           string `json:"severity"`
	AcknowledgeMinutes int64  `json:"acknowledge_minutes"`
	ResolveMinutes     int64  `json:"resolve_minutes"`
}

// WebhookSecretSet records that someone set the secret that signs webhook
// requests: a rung's own, or the production's when Rung is empty. The
// entry's actor is who set it and its time when; the secret itself, and
// anything derived from it, stays out of the ledger.
type WebhookSecretSet struct {
	Rung string `json:"rung,omitempty"`
}

// EventType implements Body.
func (*WebhookSecretSet) EventType() string { return "escalation.webhook_secret_set" }

// apply checks a webhook secret's entry; the secret is kept outside the
// state, as outside the ledger.
func (b *WebhookSecretSet) apply(s *State, e Event) error {
	if b.Rung != "" && !slices.Contains(Rungs, b.Rung) {
		return fmt.Errorf("unknown rung %q", b.Rung)
	}
	return nil
}

func (*WebhookSecretSet) refers() References { return References{} }
