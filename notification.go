package setsafe

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// How a notification reaches someone.
const (
	// ChannelInbox is the person's inbox in setsafe: delivered as soon as
	// it is written.
	ChannelInbox = "inbox"
	// ChannelEmail is an e-mail to a person's or a rung's address.
	ChannelEmail = "email"
	// ChannelWebhook is a signed JSON request to a rung's webhook.
	ChannelWebhook = "webhook"
)

// Notification tells someone of an entry that concerns them: a concern
// raised or climbing to their rung, a stop-work called or lifted, an answer
// to a concern they raised by name. Notifications are derived from entries
// as they are written and kept beside the ledger in an outbox until sent;
// they are not evidence. Nothing is ever sent to an anonymous reporter.
type Notification struct {
	// ID is stable: the same entry, channel and recipient always give the
	// same ID, so a receiver that remembers IDs sees each one once.
	ID string `json:"id"`
	// Ledger is the production; Seq the entry that caused it.
	Ledger string `json:"production"`
	Seq    int64  `json:"seq"`
	// Event is the entry's type, such as "concern.escalated".
	Event   string `json:"event"`
	Channel string `json:"channel"`
	// Recipient is a person ID (inbox), an e-mail address or a webhook
	// address.
	Recipient string `json:"recipient"`
	// Rung is the rung of the ladder it was sent to; empty for a reporter.
	Rung string `json:"rung,omitempty"`
	// About is the concern or stop-work it is about.
	About   string    `json:"about"`
	Subject string    `json:"subject"`
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
	// Anonymous is set when the entry was made as the anonymous actor: the
	// times it is sent at are kept to the minute, as the entry's own (see
	// [AnonymousTime]).
	Anonymous bool `json:"-"`
}

// NotificationID returns the stable ID of the notification of an entry to
// a recipient over a channel.
func NotificationID(ledger string, seq int64, channel, recipient string) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s\x00%s", ledger, seq, channel, recipient))
	return hex.EncodeToString(h[:16])
}

// WebhookPayload is the JSON body a webhook receives: the notification
// without its recipient.
type WebhookPayload struct {
	ID         string    `json:"id"`
	Production string    `json:"production"`
	Seq        int64     `json:"seq"`
	Event      string    `json:"event"`
	Rung       string    `json:"rung,omitempty"`
	About      string    `json:"about"`
	Subject    string    `json:"subject"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
}

// Payload returns the JSON body a webhook receives for n.
func (n Notification) Payload() []byte {
	b, _ := json.Marshal(WebhookPayload{ID: n.ID, Production: n.Ledger, Seq: n.Seq, Event: n.Event, Rung: n.Rung,
		About: n.About, Subject: n.Subject, Text: n.Text, At: n.At})
	return b
}

// NotificationsFor returns the notifications an entry causes, given the
// state of its ledger just after the entry was applied. Each event type
// that tells someone says whom beside its body, in its notifies method;
// the others tell nobody.
//
// Someone on a rung gets an inbox notification and, when their crew-list
// entry has an address, an e-mail; a rung's own address gets an e-mail and
// its webhook a request.
func NotificationsFor(s *State, e Event) []Notification {
	n := Notifications{s: s, e: e}
	switch b := e.Body.(type) {
	case notifier:
		b.notifies(s, &n)
	case Notifying:
		b.Notify(s, &n)
	default:
		return nil // most entries tell nobody: no work on the writer's path
	}
	return n.out
}

// notifier is an event body that tells someone of its entry: notifies adds
// the entry's notifications to n, given the state just after the entry.
type notifier interface {
	notifies(s *State, n *Notifications)
}

// Notifications are the notifications of one entry as they are added, each
// recipient once per channel.
type Notifications struct {
	s   *State
	e   Event
	out []Notification
}

// add tells one recipient over one channel.
func (n *Notifications) add(channel, recipient, rung, about, subject, text string) {
	e := n.e
	id := NotificationID(e.Ledger, e.Seq, channel, recipient)
	if slices.ContainsFunc(n.out, func(x Notification) bool { return x.ID == id }) {
		return
	}
	n.out = append(n.out, Notification{ID: id, Ledger: e.Ledger, Seq: e.Seq, Event: e.Type(), Channel: channel, Recipient: recipient,
		Rung: rung, About: about, Subject: subject, Text: text, At: e.Time, Anonymous: e.Actor.Kind == ActorAnonymous})
}

// ToRung tells everyone on a rung who is still on the production, and the
// rung's own address and webhook.
func (n *Notifications) ToRung(r *LadderRung, about, subject, text string) {
	for _, id := range r.PersonIDs() {
		p := n.s.Person(id)
		if p == nil || !p.Active {
			continue // left the production since the ladder was set
		}
		n.add(ChannelInbox, id, r.Rung, about, subject, text)
		if p.Email != "" {
			n.add(ChannelEmail, p.Email, r.Rung, about, subject, text)
		}
	}
	if r.Email != "" {
		n.add(ChannelEmail, r.Email, r.Rung, about, subject, text)
	}
	if r.Webhook != "" {
		n.add(ChannelWebhook, r.Webhook, r.Rung, about, subject, text)
	}
}

// ToRoles tells everyone on the production who holds one of the roles, in
// their inbox and, when their crew-list entry has an address, by e-mail.
func (n *Notifications) ToRoles(roles []Role, about, subject, text string) {
	for _, role := range roles {
		grants := grouped[*RoleGrant](n.s, grantsByRole, string(role))
		slices.SortFunc(grants, byKey)
		for _, g := range grants {
			p := n.s.Person(g.PersonID)
			if p == nil || !p.Active {
				continue
			}
			n.add(ChannelInbox, p.ID, "", about, subject, text)
			if p.Email != "" {
				n.add(ChannelEmail, p.Email, "", about, subject, text)
			}
		}
	}
}

// ToPeople tells each person given who is still on the production, in
// their inbox and, when their crew-list entry has an address, by e-mail.
func (n *Notifications) ToPeople(ids []string, about, subject, text string) {
	for _, id := range ids {
		p := n.s.Person(id)
		if p == nil || !p.Active {
			continue
		}
		n.add(ChannelInbox, p.ID, "", about, subject, text)
		if p.Email != "" {
			n.add(ChannelEmail, p.Email, "", about, subject, text)
		}
	}
}

// reporterInbox is where a concern's reporter reads its news: their own
// inbox when they raised it by name, the concern's reporter inbox when
// confidentially, and nowhere when anonymously.
func reporterInbox(c *Concern) string {
	switch {
	case c == nil || c.Mode == ReportAnonymous:
		return ""
	case c.ReporterSeal != "":
		return ReporterInbox(c.ID)
	}
	return c.Reporter
}

// OnSetClock says t as the clock on set shows it, with the time zone's
// abbreviation, for people reading a notification on set.
func (s *State) OnSetClock(t time.Time) string {
	return t.In(s.location()).Format("2006-01-02 15:04 MST")
}

func concernSubject(what, severity, category string) string {
	return fmt.Sprintf("%s: %s, %s", what, severity, spoken(category))
}

func concernText(description, location, then string) string {
	parts := []string{description}
	if location != "" {
		parts = append(parts, "Where: "+location+".")
	}
	return strings.Join(append(parts, then), "\n\n")
}

// EscalationUpdate is where one item of the escalation clock stands after
// an entry: waiting with its deadline, or out of the clock's sight. An item
// is a concern (its ID) or an alert ("alert:" and its ID), which climb the
// ladder while nobody answers them, or a firearm's watch ("watch:" and its
// ID), which raises and resolves its alerts when their time comes.
type EscalationUpdate struct {
	Item     string
	Deadline time.Time
	Waiting  bool
}

// EscalationUpdates returns the clock items whose standing an entry may
// have changed, given the state just after it: the concern or alert an
// entry is about, or every open one when the entry may change who stands
// on the ladder, as each event type says beside its body in its escalation
// method; and the watches of the firearms the entry may concern. Storage keeps the clock's queue with them, so the clock reads
// only items that are due.
func EscalationUpdates(s *State, e Event) []EscalationUpdate {
	var out []EscalationUpdate
	switch b := e.Body.(type) {
	case escalates:
		out = b.escalation(s)
	case Escalating:
		out = b.Escalation(s)
	}
	for _, f := range clockObservers[e.Type()] {
		out = append(out, f(s, e)...)
	}
	return append(out, s.watchUpdates(e)...)
}

// escalates is an event body that may change where items stand for the
// escalation clock: escalation returns their standing after the entry.
type escalates interface {
	escalation(s *State) []EscalationUpdate
}

// ClockCommand returns the command the escalation clock sends when an item
// of its queue is due: climbing a concern or an alert, or watching the
// production's firearms.
func ClockCommand(item string) Command {
	switch {
	case strings.HasPrefix(item, watchPrefix):
		return WatchFirearm{FirearmID: strings.TrimPrefix(item, watchPrefix)}
	case strings.HasPrefix(item, alertPrefix):
		return EscalateAlert{ID: strings.TrimPrefix(item, alertPrefix)}
	}
	if c, ok := subdomainClockCommand(item); ok {
		return c
	}
	return EscalateConcern{ID: item}
}

// ClockItemsMoved returns the clock items that the entries a clock command
// recorded moved on; an item due that none moved was not due after all.
func ClockItemsMoved(evs []Event) map[string]bool {
	out := map[string]bool{}
	for _, e := range evs {
		switch b := e.Body.(type) {
		case clockMover:
			out[b.clockItem()] = true
		case ClockMoving:
			out[b.ClockItem()] = true
		}
	}
	return out
}

// clockMover is an event body the escalation clock records for an item.
type clockMover interface {
	clockItem() string
}

// concernEscalation is the standing of the concern an entry is about, if
// it exists.
func (s *State) concernEscalation(id string) []EscalationUpdate {
	out := make([]EscalationUpdate, 0, 1)
	if c := s.Concern(id); c != nil {
		out = append(out, s.escalationUpdate(c))
	}
	return out
}

// escalationUpdatesAll is the standing of every open concern and alert,
// after an entry that may change who stands on the ladder.
func (s *State) escalationUpdatesAll() []EscalationUpdate {
	var out []EscalationUpdate
	each(s, tableConcerns, func(c *Concern) {
		if !c.Closed() {
			out = append(out, s.escalationUpdate(c))
		}
	})
	for _, a := range s.UnresolvedAlerts() {
		out = append(out, s.alertEscalation(a.ID)...)
	}
	for _, prefix := range slices.Sorted(maps.Keys(clockItems)) {
		out = append(out, clockItems[prefix].open(s)...)
	}
	return out
}

func (s *State) escalationUpdate(c *Concern) EscalationUpdate {
	_, climbs := s.NextRung(c)
	return EscalationUpdate{Item: c.ID, Deadline: c.Deadline, Waiting: climbs && !c.Deadline.IsZero()}
}

// Delivery is a notification in the outbox with how its sending went.
type Delivery struct {
	Notification
	// State is "pending", "delivered", or "failed" once every attempt
	// failed.
	State       string    `json:"state"`
	Attempts    int64     `json:"attempts"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	// NextAttempt is when a pending notification is tried again.
	NextAttempt time.Time         `json:"next_attempt,omitzero"`
	LastError   string            `json:"last_error,omitempty"`
	Log         []DeliveryAttempt `json:"log"`
}

// States of a delivery.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// DeliveryAttempt is one try at sending a notification.
type DeliveryAttempt struct {
	Attempt int64     `json:"attempt"`
	At      time.Time `json:"at"`
	// Outcome is "delivered" or "failed".
	Outcome string `json:"outcome"`
	Detail  string `json:"detail,omitempty"`
}

// ClockItem is an item of the escalation clock's queue past its deadline,
// as the clock finds it in storage: see [EscalationUpdate].
type ClockItem struct {
	Ledger   string
	Item     string
	Deadline time.Time
}
