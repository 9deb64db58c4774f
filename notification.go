package setsafe

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
// state of its ledger just after the entry was applied:
//
//   - concern.raised: the lowest rung of the ladder with someone on it;
//   - concern.escalated: the rung it climbed to;
//   - stop_work.called and stop_work.lifted: everyone on the ladder;
//   - concern.moved and concern.answered: the reporter, in the inbox, when
//     they raised it by name or confidentially (filed under the concern,
//     see [ReporterInbox]); never an anonymous one.
//
// Someone on a rung gets an inbox notification and, when their crew-list
// entry has an address, an e-mail; a rung's own address gets an e-mail and
// its webhook a request.
func NotificationsFor(s *State, e Event) []Notification {
	switch e.Body.(type) {
	case *ConcernRaised, *ConcernEscalated, *StopWorkCalled, *StopWorkLifted, *ConcernMoved, *ConcernAnswered:
	default:
		return nil // most entries tell nobody: no work on the writer's path
	}
	var out []Notification
	add := func(channel, recipient, rung, about, subject, text string) {
		id := NotificationID(e.Ledger, e.Seq, channel, recipient)
		if slices.ContainsFunc(out, func(n Notification) bool { return n.ID == id }) {
			return
		}
		out = append(out, Notification{ID: id, Ledger: e.Ledger, Seq: e.Seq, Event: e.Type(), Channel: channel, Recipient: recipient,
			Rung: rung, About: about, Subject: subject, Text: text, At: e.Time, Anonymous: e.Actor.Kind == ActorAnonymous})
	}
	toRung := func(r *LadderRung, about, subject, text string) {
		for _, id := range r.PersonIDs() {
			p := s.Person(id)
			if p == nil || !p.Active {
				continue // left the production since the ladder was set
			}
			add(ChannelInbox, id, r.Rung, about, subject, text)
			if p.Email != "" {
				add(ChannelEmail, p.Email, r.Rung, about, subject, text)
			}
		}
		if r.Email != "" {
			add(ChannelEmail, r.Email, r.Rung, about, subject, text)
		}
		if r.Webhook != "" {
			add(ChannelWebhook, r.Webhook, r.Rung, about, subject, text)
		}
	}
	switch b := e.Body.(type) {
	case *ConcernRaised:
		for _, r := range s.Ladder() {
			if r.People != "" || r.Email != "" || r.Webhook != "" {
				toRung(r, b.ID, concernSubject("Concern raised", b.Severity, b.Category), concernText(b.Description, b.Location,
					"Acknowledge it by "+s.onSetClock(b.Deadline)+"."))
				break
			}
		}
	case *ConcernEscalated:
		c, ladder := s.Concern(b.ID), s.Ladder()
		if c == nil || b.Rung < 0 || b.Rung >= int64(len(ladder)) {
			return nil
		}
		late := "was not acknowledged"
		if b.Step == "resolve" {
			late = "was not resolved"
		}
		toRung(ladder[b.Rung], b.ID, concernSubject("Concern escalated to you", c.Severity, c.Category), concernText(c.Description, c.Location,
			fmt.Sprintf("It %s by %s and climbed to the %s. Act by %s.", late, s.onSetClock(b.Missed), spoken(Rungs[b.Rung]), s.onSetClock(b.Deadline))))
	case *StopWorkCalled:
		what := "the whole production"
		switch {
		case b.Hazard != "":
			what = "work with " + b.Hazard
		case b.SetUpID != "":
			what = "set-up " + b.SetUpID
		}
		for _, r := range s.Ladder() {
			toRung(r, b.ID, "Stop-work called: "+what, b.Reason)
		}
	case *StopWorkLifted:
		for _, r := range s.Ladder() {
			toRung(r, b.ID, "Stop-work lifted", b.Resolution)
		}
	case *ConcernMoved:
		if to := reporterInbox(s.Concern(b.ID)); to != "" {
			add(ChannelInbox, to, "", b.ID, "Your concern is now "+spoken(b.State), b.Why)
		}
	case *ConcernAnswered:
		if to := reporterInbox(s.Concern(b.ID)); to != "" {
			add(ChannelInbox, to, "", b.ID, "An answer to your concern", b.Text)
		}
	}
	return out
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

// onSetClock says t as the clock on set shows it, with the time zone's
// abbreviation, for people reading a notification on set.
func (s *State) onSetClock(t time.Time) string {
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

// EscalationUpdate is where a concern stands for the escalation clock
// after an entry: waiting with its deadline when it is open and has a rung
// left to climb, or out of the clock's sight otherwise.
type EscalationUpdate struct {
	Concern  string
	Deadline time.Time
	Waiting  bool
}

// EscalationUpdates returns the concerns whose standing for the escalation
// clock an entry may have changed, given the state just after it: the
// concern an entry on a concern is about, or every open concern when the
// entry may change who stands on the ladder (the ladder set, a role of a
// rung granted or revoked, someone leaving). Storage keeps the clock's
// queue with them, so the clock reads only concerns that can climb.
func EscalationUpdates(s *State, e Event) []EscalationUpdate {
	var ids []string
	switch b := e.Body.(type) {
	case *ConcernRaised:
		ids = []string{b.ID}
	case *ConcernMoved:
		ids = []string{b.ID}
	case *ConcernEscalated:
		ids = []string{b.ID}
	case *RoleGranted:
		if !slices.ContainsFunc(Rungs, func(r string) bool { return rungRoles[r] == b.Role }) {
			return nil
		}
		return s.escalationUpdatesAll()
	case *RoleRevoked:
		if !slices.ContainsFunc(Rungs, func(r string) bool { return rungRoles[r] == b.Role }) {
			return nil
		}
		return s.escalationUpdatesAll()
	case *LadderSet, *PersonLeft:
		return s.escalationUpdatesAll()
	default:
		return nil
	}
	out := make([]EscalationUpdate, 0, len(ids))
	for _, id := range ids {
		if c := s.Concern(id); c != nil {
			out = append(out, s.escalationUpdate(c))
		}
	}
	return out
}

func (s *State) escalationUpdatesAll() []EscalationUpdate {
	var out []EscalationUpdate
	each(s, tableConcerns, func(c *Concern) {
		if !c.Closed() {
			out = append(out, s.escalationUpdate(c))
		}
	})
	return out
}

func (s *State) escalationUpdate(c *Concern) EscalationUpdate {
	_, climbs := s.NextRung(c)
	return EscalationUpdate{Concern: c.ID, Deadline: c.Deadline, Waiting: climbs && !c.Deadline.IsZero()}
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

// LateConcern is a concern past its deadline, as the escalation clock
// finds it in storage.
type LateConcern struct {
	Ledger   string
	ID       string
	Deadline time.Time
}
