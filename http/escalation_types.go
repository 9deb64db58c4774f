package http

import "github.com/setsafe/setsafe"

// LadderRequest sets the escalation ladder and clocks; rungs and
// severities left out keep what they had.
type LadderRequest struct {
	Rungs  []setsafe.LadderRungSetting `json:"rungs,omitempty"`
	Clocks []setsafe.ClockSetting      `json:"clocks,omitempty"`
}

// PersonRef names a person of the production.
type PersonRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// RungView is one rung of the ladder: the people on it and its outside
// contact.
type RungView struct {
	Rung     string      `json:"rung"`
	Position int64       `json:"position"`
	People   []PersonRef `json:"people"`
	Contact  string      `json:"contact,omitempty"`
	Email    string      `json:"email,omitempty"`
	Webhook  string      `json:"webhook,omitempty"`
	// FromRoles is true when the production did not set the rung: it holds
	// the people with its role.
	FromRoles bool `json:"from_roles"`
	// OwnSecret says whether the rung's webhook has a secret of its own
	// rather than the production's.
	OwnSecret bool `json:"own_secret"`
}

// LadderView is the production's escalation ladder, lowest rung first,
// and how long each step of a concern may take by severity.
type LadderView struct {
	Rungs  []RungView             `json:"rungs"`
	Clocks []setsafe.ConcernClock `json:"clocks"`
	// ProductionSecret says whether the production has a webhook secret.
	ProductionSecret bool           `json:"production_secret"`
	Recorded         []RecordedView `json:"recorded,omitempty"`
}

// WebhookSecretRequest sets the secret that signs webhook requests: a
// rung's own, or the production's when rung is left out. Leave secret out
// to have setsafe make one.
type WebhookSecretRequest struct {
	Rung   string `json:"rung,omitempty"`
	Secret string `json:"secret,omitempty"`
}

// WebhookSecretResult shows a webhook secret once, when it is set, and
// the entry that records who set it (without the secret).
type WebhookSecretResult struct {
	Rung     string         `json:"rung,omitempty"`
	Secret   string         `json:"secret"`
	Recorded []RecordedView `json:"recorded"`
}

// InboxView is the signed-in person's notifications, newest first.
type InboxView struct {
	Notifications []setsafe.Notification `json:"notifications"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}

// DeliveriesView is the production's e-mails and webhooks, newest first,
// each with every attempt to send it.
type DeliveriesView struct {
	Deliveries []setsafe.Delivery `json:"deliveries"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}
