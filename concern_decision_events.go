package setsafe

import "time"

func init() {
	register[ConcernTriaged](1, "Concern triaged")
	register[ConcernDecided](1, "Decision on a critical concern")
	Private("concern.triaged", "why a concern was triaged as it was, in the coordinator's words")
	Private("concern.decided", "the reasons given for a decision on a critical concern")
}

// ConcernTriaged records the safety coordinator's triage of a concern:
// founded or unfounded, and why. It does the concern's acknowledging step:
// resolving is due next, by the resolution clock from when it was raised.
// It names the coordinator only; nothing about the reporter.
type ConcernTriaged struct {
	ID string `json:"id"`
	// Triage is founded or unfounded.
	Triage string `json:"triage"`
	Reason string `json:"reason,omitempty"`
	By     string `json:"by"`
	// Deadline is when the concern's next step is due.
	Deadline time.Time `json:"deadline,omitzero"`
}

// EventType implements Body.
func (*ConcernTriaged) EventType() string { return "concern.triaged" }

func (b *ConcernTriaged) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, b.Triage, b.By, b.Reason, func(c *Concern) {
		c.Triage, c.TriageReason, c.TriagedBy, c.TriagedAt = b.Triage, b.Reason, b.By, e.Time
		if c.AcknowledgedAt.IsZero() {
			c.AcknowledgedAt = e.Time
		}
		if c.State == ConcernOpen {
			c.State = ConcernAcknowledged
		}
		c.Deadline = b.Deadline
	})
}

func (b *ConcernTriaged) refers() References { return References{People: named(b.By)} }

// notifies tells the reporter as a move of the concern does; an anonymous
// one reads it with the receipt code.
func (b *ConcernTriaged) notifies(s *State, n *Notifications) {
	if to := reporterInbox(s.Concern(b.ID)); to != "" {
		n.add(ChannelInbox, to, "", b.ID, "Your concern was triaged: "+b.Triage, b.Reason)
	}
}

func (b *ConcernTriaged) escalation(s *State) []EscalationUpdate { return s.concernEscalation(b.ID) }

// ConcernDecided records a decision on the work a critical concern stops:
// proceed, with the measures taken, or stop until it is resolved.
type ConcernDecided struct {
	ID string `json:"id"`
	// Decision is proceed or stop.
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
	By       string `json:"by"`
}

// EventType implements Body.
func (*ConcernDecided) EventType() string { return "concern.decided" }

func (b *ConcernDecided) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, b.Decision, b.By, b.Reason, func(c *Concern) {
		c.Decision, c.DecisionReason, c.DecidedBy, c.DecidedAt = b.Decision, b.Reason, b.By, e.Time
	})
}

func (b *ConcernDecided) refers() References { return References{People: named(b.By)} }

// notifies tells everyone on the ladder, as a stop-work does: work starts
// again, or stays stopped.
func (b *ConcernDecided) notifies(s *State, n *Notifications) {
	c := s.Concern(b.ID)
	if c == nil {
		return
	}
	subject := "Work stays stopped for a critical concern"
	if b.Decision == DecisionProceed {
		subject = "Work proceeds despite a critical concern"
	}
	for _, r := range s.Ladder() {
		n.ToRung(r, b.ID, subject, concernText(c.Description, c.Location, b.Reason))
	}
	if to := reporterInbox(c); to != "" {
		n.add(ChannelInbox, to, "", b.ID, subject, b.Reason)
	}
}
