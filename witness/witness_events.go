package witness

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[Added](1, "Witness added")
	setsafe.Register[Removed](1, "Witness removed")
	setsafe.Register[QuorumSet](1, "Witness quorum set")
	setsafe.Register[CopiesSet](1, "Rungs that receive final checkpoints set")
	setsafe.Register[Refused](1, "Witness refused a checkpoint")
	setsafe.Register[RefusalEscalated](1, "Witness refusal climbed the ladder")
	setsafe.Register[RefusalAcknowledged](1, "Witness refusal acknowledged")
	setsafe.Register[RefusalResolved](1, "Witness refusal resolved")
}

// refusalPrefix names a refusal among the escalation clock's items, as
// "witness_refusal:" and its ID.
const refusalPrefix = "witness_refusal:"

func refusalItem(id string) string { return refusalPrefix + id }

// standing is where a refusal stands for the escalation clock: waiting
// for its deadline while it is open and a rung above it has someone.
func standing(s *setsafe.State, r *Refusal) setsafe.EscalationUpdate {
	_, climbs := s.NextRungAfter(r.Rung)
	return setsafe.EscalationUpdate{Item: refusalItem(r.ID), Deadline: r.Deadline, Waiting: r.State == RefusalStateOpen && climbs && !r.Deadline.IsZero()}
}

// refusalStanding is the standing of one refusal, if it exists.
func refusalStanding(s *setsafe.State, id string) []setsafe.EscalationUpdate {
	if r := FindRefusal(s, id); r != nil {
		return []setsafe.EscalationUpdate{standing(s, r)}
	}
	return nil
}

// openRefusalsStanding is the standing of every refusal not resolved,
// after an entry that may change who is on the ladder.
func openRefusalsStanding(s *setsafe.State) []setsafe.EscalationUpdate {
	var out []setsafe.EscalationUpdate
	for _, r := range OpenRefusals(s) {
		out = append(out, standing(s, r))
	}
	return out
}

func people(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

// Added records a witness added to the production: its checkpoints are
// submitted to it from now on.
type Added struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Key  string `json:"key"`
	By   string `json:"by"`
}

// EventType implements setsafe.Body.
func (*Added) EventType() string { return "witness.added" }

// Fold implements setsafe.EventBody.
func (b *Added) Fold(f *setsafe.Folding, e setsafe.Event) error {
	if Find(f.State(), b.Name) != nil {
		return fmt.Errorf("witness %s is configured already", b.Name)
	}
	k, err := ParseKey(b.Key)
	if err != nil || k.Name != b.Name {
		return fmt.Errorf("witness %s: its key does not fit", b.Name)
	}
	f.Put(&Entry{Name: b.Name, URL: b.URL, VerifierKey: b.Key, Added: e.Seq, AddedBy: b.By, AddedAt: e.Time, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (b *Added) References() setsafe.References { return setsafe.References{People: people(b.By)} }

// Removed records a witness removed: its checkpoints are no longer
// submitted to it, and its cosignatures no longer count towards the
// quorum. Those it gave stay kept.
type Removed struct {
	Name string `json:"name"`
	By   string `json:"by"`
}

// EventType implements setsafe.Body.
func (*Removed) EventType() string { return "witness.removed" }

// Fold implements setsafe.EventBody.
func (b *Removed) Fold(f *setsafe.Folding, e setsafe.Event) error {
	w := Find(f.State(), b.Name)
	if w == nil {
		return fmt.Errorf("witness %s is not configured", b.Name)
	}
	if n := len(Entries(f.State())) - 1; Quorum(f.State()) > max(n, DefaultQuorum) {
		return fmt.Errorf("removing witness %s leaves fewer witnesses than the quorum", b.Name)
	}
	f.Remove(w)
	return nil
}

// References implements setsafe.EventBody.
func (b *Removed) References() setsafe.References { return setsafe.References{People: people(b.By)} }

// QuorumSet records how many of the configured witnesses must cosign a
// checkpoint for it to be final.
type QuorumSet struct {
	Quorum int64  `json:"quorum"`
	By     string `json:"by"`
}

// EventType implements setsafe.Body.
func (*QuorumSet) EventType() string { return "witness.quorum_set" }

// Fold implements setsafe.EventBody.
func (b *QuorumSet) Fold(f *setsafe.Folding, e setsafe.Event) error {
	if b.Quorum < 1 || b.Quorum > int64(len(Entries(f.State()))) {
		return fmt.Errorf("quorum %d does not fit the witnesses configured", b.Quorum)
	}
	x := settingsCopy(f.State())
	x.Quorum, x.LastSeq = b.Quorum, e.Seq
	f.Put(x)
	return nil
}

// References implements setsafe.EventBody.
func (b *QuorumSet) References() setsafe.References { return setsafe.References{People: people(b.By)} }

// settingsCopy returns a copy of the settings row to change, or a new one.
func settingsCopy(s *setsafe.State) *Settings {
	if x := settings(s); x != nil {
		c := *x
		return &c
	}
	return &Settings{ID: settingsKey}
}

// CopiesSet records the rungs of the escalation ladder that receive a
// copy of each final checkpoint (their outside addresses and webhooks);
// none stops sending them.
type CopiesSet struct {
	Rungs []string `json:"rungs"`
	By    string   `json:"by"`
}

// EventType implements setsafe.Body.
func (*CopiesSet) EventType() string { return "witness.copies_set" }

// Fold implements setsafe.EventBody.
func (b *CopiesSet) Fold(f *setsafe.Folding, e setsafe.Event) error {
	for _, r := range b.Rungs {
		if !slices.Contains(setsafe.Rungs, r) {
			return fmt.Errorf("unknown rung %q", r)
		}
	}
	x := settingsCopy(f.State())
	x.Rungs, x.LastSeq = strings.Join(b.Rungs, " "), e.Seq
	f.Put(x)
	return nil
}

// References implements setsafe.EventBody.
func (b *CopiesSet) References() setsafe.References { return setsafe.References{People: people(b.By)} }

// Refused records a witness refusing a checkpoint because the ledger
// does not extend what it saw: someone may have rewritten the ledger's
// history. setsafe records it itself, when the witness answers.
type Refused struct {
	ID      string `json:"id"`
	Witness string `json:"witness"`
	Size    uint64 `json:"size"`
	Status  int    `json:"status"`
	Reason  string `json:"reason"`
	// Deadline is when it climbs to the first rung of the ladder unless
	// acknowledged.
	Deadline time.Time `json:"deadline"`
}

// EventType implements setsafe.Body.
func (*Refused) EventType() string { return "witness.refused" }

// Fold implements setsafe.EventBody.
func (b *Refused) Fold(f *setsafe.Folding, e setsafe.Event) error {
	s := f.State()
	switch {
	case FindRefusal(s, b.ID) != nil:
		return fmt.Errorf("witness refusal %s exists already", b.ID)
	case OpenRefusal(s, b.Witness) != nil:
		return fmt.Errorf("a refusal by witness %s is open already", b.Witness)
	case b.Size > 1<<62:
		return fmt.Errorf("witness refusal %s: size %d is too large", b.ID, b.Size)
	}
	f.Put(&Refusal{ID: b.ID, Witness: b.Witness, Size: int64(b.Size), Status: int64(b.Status), Reason: b.Reason, State: RefusalStateOpen,
		RaisedAt: e.Time, Rung: -1, Deadline: b.Deadline, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (*Refused) References() setsafe.References { return setsafe.References{} }

// Escalation implements setsafe.Escalating.
func (b *Refused) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return refusalStanding(s, b.ID)
}

// refusalText says what a refusal means, for those told of it.
func refusalText(s *setsafe.State, r *Refusal) string {
	name := s.Ledger
	if p := s.Production(); p != nil {
		name = p.Name
	}
	return fmt.Sprintf("The witness %s refused the checkpoint of %s at size %d (status %d: %s).\n\n"+
		"A witness refuses a checkpoint that does not extend the last one it cosigned: the ledger's history may have been rewritten. "+
		"Keep the database and the signing key as they are, compare the witness's last checkpoint with the ledger, "+
		"and acknowledge the alarm in setsafe (Evidence) saying what you are doing.",
		r.Witness, name, r.Size, r.Status, r.Reason)
}

// Notify implements setsafe.Notifying: the producers, the safety
// coordinators and the studio's safety rung learn at once.
func (b *Refused) Notify(s *setsafe.State, n *setsafe.Notifications) {
	r := FindRefusal(s, b.ID)
	if r == nil {
		return
	}
	subject := "Alarm: witness " + r.Witness + " refused a checkpoint"
	text := refusalText(s, r) + "\n\nIt climbs the ladder at " + s.OnSetClock(b.Deadline) + " unless it is acknowledged."
	n.ToRoles(alarmRoles, b.ID, subject, text)
	for _, rung := range s.Ladder() {
		if rung.Rung == setsafe.RungStudioSafety {
			n.ToRung(rung, b.ID, subject, text)
		}
	}
}

// RefusalEscalated records a refusal nobody acknowledged in time climbing
// to the next rung of the ladder. setsafe records it itself, on its
// clock.
type RefusalEscalated struct {
	ID       string    `json:"id"`
	Rung     int64     `json:"rung"`
	Missed   time.Time `json:"missed"`
	Deadline time.Time `json:"deadline"`
}

// EventType implements setsafe.Body.
func (*RefusalEscalated) EventType() string { return "witness.refusal_escalated" }

// Fold implements setsafe.EventBody.
func (b *RefusalEscalated) Fold(f *setsafe.Folding, e setsafe.Event) error {
	r := FindRefusal(f.State(), b.ID)
	if r == nil || r.State != RefusalStateOpen {
		return fmt.Errorf("witness refusal %s is not open", b.ID)
	}
	c := *r
	c.Rung, c.Deadline, c.LastSeq = b.Rung, b.Deadline, e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (*RefusalEscalated) References() setsafe.References { return setsafe.References{} }

// Escalation implements setsafe.Escalating.
func (b *RefusalEscalated) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return refusalStanding(s, b.ID)
}

// ClockItem implements setsafe.ClockMoving.
func (b *RefusalEscalated) ClockItem() string { return refusalItem(b.ID) }

// Notify implements setsafe.Notifying: the rung it climbed to learns.
func (b *RefusalEscalated) Notify(s *setsafe.State, n *setsafe.Notifications) {
	r, ladder := FindRefusal(s, b.ID), s.Ladder()
	if r == nil || b.Rung < 0 || b.Rung >= int64(len(ladder)) {
		return
	}
	n.ToRung(ladder[b.Rung], b.ID, "Alarm escalated to you: witness "+r.Witness+" refused a checkpoint",
		fmt.Sprintf("%s\n\nNobody acknowledged it by %s, so it climbed to you. It climbs again at %s.",
			refusalText(s, r), s.OnSetClock(b.Missed), s.OnSetClock(b.Deadline)))
}

// RefusalAcknowledged records someone taking charge of a witness's
// refusal, saying what they are doing: it stops climbing, and stays shown
// until resolved.
type RefusalAcknowledged struct {
	ID      string `json:"id"`
	Witness string `json:"witness"`
	Note    string `json:"note"`
	By      string `json:"by"`
}

// EventType implements setsafe.Body.
func (*RefusalAcknowledged) EventType() string { return "witness.refusal_acknowledged" }

// Fold implements setsafe.EventBody.
func (b *RefusalAcknowledged) Fold(f *setsafe.Folding, e setsafe.Event) error {
	r := OpenRefusal(f.State(), b.Witness)
	if r == nil || r.ID != b.ID || r.State != RefusalStateOpen {
		return fmt.Errorf("refusal %s by witness %s is not open", b.ID, b.Witness)
	}
	c := *r
	c.State, c.AcknowledgedBy, c.AcknowledgedAt, c.Acknowledgment, c.Deadline, c.LastSeq = RefusalStateAcknowledged, b.By, e.Time, b.Note, time.Time{}, e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (b *RefusalAcknowledged) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// Escalation implements setsafe.Escalating: it stops climbing.
func (b *RefusalAcknowledged) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return refusalStanding(s, b.ID)
}

// RefusalResolved records someone saying what they found about a
// witness's refusal: the refusal is over, and the witness may refuse
// again.
type RefusalResolved struct {
	ID      string `json:"id"`
	Witness string `json:"witness"`
	Note    string `json:"note"`
	By      string `json:"by"`
}

// EventType implements setsafe.Body.
func (*RefusalResolved) EventType() string { return "witness.refusal_resolved" }

// Fold implements setsafe.EventBody.
func (b *RefusalResolved) Fold(f *setsafe.Folding, e setsafe.Event) error {
	r := OpenRefusal(f.State(), b.Witness)
	if r == nil || r.ID != b.ID {
		return fmt.Errorf("refusal %s by witness %s is not unresolved", b.ID, b.Witness)
	}
	c := *r
	c.State, c.ResolvedBy, c.ResolvedAt, c.Resolution, c.Deadline, c.LastSeq = RefusalStateResolved, b.By, e.Time, b.Note, time.Time{}, e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (b *RefusalResolved) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// Escalation implements setsafe.Escalating.
func (b *RefusalResolved) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return refusalStanding(s, b.ID)
}

// Notify implements setsafe.Notifying: whoever was told of the refusal
// learns what was found.
func (b *RefusalResolved) Notify(s *setsafe.State, n *setsafe.Notifications) {
	r := FindRefusal(s, b.ID)
	if r == nil {
		return
	}
	subject := "Witness refusal resolved: " + r.Witness
	text := fmt.Sprintf("The refusal by witness %s of the checkpoint at size %d is resolved: %s", r.Witness, r.Size, b.Note)
	n.ToRoles(alarmRoles, r.ID, subject, text)
	ladder := s.Ladder()
	for i, rung := range ladder {
		if rung.Rung == setsafe.RungStudioSafety || int64(i) <= r.Rung {
			n.ToRung(rung, r.ID, subject, text)
		}
	}
}
