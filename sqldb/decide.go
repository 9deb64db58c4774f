package sqldb

import (
	"fmt"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// This file holds how the writer decides a batch: each request's commands
// against the cached states, the events applied to those states, and the
// rows that the transaction will write.

// plan is what a batch decided: an answer for each request and the rows to
// write. Its events are already applied to the cached states.
type plan struct {
	replies []reply
	rows    []entryRow
	creds   []credentialRow
	files   []fileRow
	secrets []secretRow
	notes   []setsafe.Notification
	queue   []queued
	keys    []keyRow
	// keyed are the requests the plan recorded with an idempotency key,
	// for the same request twice in one batch.
	keyed   map[string]*setsafe.Repeated
	touched map[string]bool
	now     time.Time
	// read is set for a plan decided ahead of its transaction: the cached
	// state of each ledger it read, and where that ledger ended then.
	read map[string]readMark
	// unsure marks a plan decided ahead on the states of a batch whose
	// commit failed: what those states held before it is not known to be
	// committed.
	unsure bool
}

// readMark is a ledger a plan decided ahead read: its cached state, where
// the ledger ended then, and a copy of the state as it was before the plan
// changed it, to go back to if the plan does not stand.
type readMark struct {
	cache *ledgerCache
	size  int64
	base  *ledgerCache
}

// decide decides every request of a batch against the cached states and
// applies the events to them. A request refused for a reason of its own
// gets its error in the plan; an internal failure spoils the whole batch.
func (w *writer) decide(batch []*pending) (*plan, error) {
	p := newPlan(w.db.cfg.Clock.Now())
	return p, w.decideInto(p, batch)
}

func newPlan(now time.Time) *plan {
	return &plan{touched: map[string]bool{}, now: setsafe.LedgerTime(now)}
}

// decideInto decides more requests into a plan.
func (w *writer) decideInto(p *plan, batch []*pending) error {
	for i, req := range batch {
		if rep := p.repeatOf(req); rep != nil {
			p.replies = append(p.replies, reply{err: rep})
			continue
		}
		var r reply
		dec, err := w.execute(req.req, p.now, p.touched)
		if err != nil {
			if setsafe.ErrorCode(err) == setsafe.EInternal {
				return &spoilt{index: i, err: err}
			}
			r.err = err
		} else if dec.refusal != nil {
			r.err = dec.refusal
		}
		for _, e := range dec.rows {
			r.events = append(r.events, e.ev)
		}
		p.replies = append(p.replies, r)
		p.rows = append(p.rows, dec.rows...)
		p.creds = append(p.creds, dec.creds...)
		p.files = append(p.files, dec.files...)
		p.secrets = append(p.secrets, dec.secrets...)
		p.notes = append(p.notes, dec.notes...)
		p.queue = append(p.queue, dec.queue...)
		p.keep(req, dec.rows)
	}
	return nil
}

// decideAhead decides requests while the previous batch commits, on the
// states that batch left, so that deciding does not wait for the disk; it
// adds them to p, or to a new plan if p is nil. It returns nil, keeping no
// decision, unless every ledger the requests read is cached. The
// transaction that writes the plan checks that nobody else wrote those
// ledgers in between and that the previous batch committed; if either
// fails, the plan is forgotten and the batch decided again.
func (w *writer) decideAhead(p *plan, batch []*pending) *plan {
	if len(batch) == 0 {
		return p
	}
	if p == nil {
		p = newPlan(w.db.cfg.Clock.Now())
		p.read = map[string]readMark{}
	}
	for _, id := range append(ledgersOf(batch), setsafe.SiteLedger) {
		c := w.states[id]
		if c == nil {
			w.forget(p)
			return nil
		}
		if _, ok := p.read[id]; !ok {
			base := c.last
			if base == nil {
				base = c.frozen()
			}
			p.read[id] = readMark{cache: c, size: int64(c.tree.Size()), base: base}
		}
	}
	if err := w.decideInto(p, batch); err != nil {
		// Whatever the failure applied to the states cannot be trusted; the
		// batch is decided again in its transaction, where it fails alone.
		w.forget(p)
		return nil
	}
	return p
}

// forget undoes what a plan decided ahead did to the cached states: each
// goes back to what it was before the plan, which the previous batch left
// committed. If that batch failed, they are dropped instead, so that the
// next transaction reads them from the database.
func (w *writer) forget(p *plan) {
	if p == nil {
		return
	}
	for id, m := range p.read {
		if p.unsure {
			delete(w.states, id)
		} else {
			w.states[id] = m.base.thaw()
		}
	}
}

// execute authorizes and decides every step of a request, then applies the
// events to the cached states. Until the first event is applied nothing has
// changed; an error after that is internal and spoils the batch.
func (w *writer) execute(req setsafe.Request, now time.Time, touched map[string]bool) (decided, error) {
	var d decided
	site := w.states[setsafe.SiteLedger].state
	type plan struct {
		ledger string
		cache  *ledgerCache
		access setsafe.Access
		out    setsafe.Outcome
		at     time.Time // the time of the step's entries
	}
	plans := make([]plan, 0, len(req.Steps))
	for _, step := range req.Steps {
		c := w.states[step.Ledger]
		access := setsafe.AccessFor(req.Actor, site, c.state)
		if err := step.Command.Authorize(access, c.state); err != nil {
			return decided{}, err
		}
		out, err := step.Command.Decide(c.state, setsafe.Decision{Now: c.state.DecisionTimeFor(req.Actor, now), Actor: req.Actor, Access: access, Site: site})
		if err != nil {
			return decided{}, err
		}
		if out.Refusal != nil {
			// A safety rule refused this step: the request records the
			// refusal and nothing else.
			plans = []plan{{ledger: step.Ledger, cache: c, access: access, out: out}}
			d.refusal = out.Refusal
			break
		}
		plans = append(plans, plan{ledger: step.Ledger, cache: c, access: access, out: out})
	}

	// Encode every event before applying any, so that a body that cannot be
	// encoded leaves the state untouched.
	next := map[string]int64{}
	for i, p := range plans {
		st := p.cache.state
		if next[st.Ledger] == 0 {
			next[st.Ledger] = st.Size + 1
		}
		at := st.DecisionTimeFor(req.Actor, now)
		plans[i].at = at
		actor := p.out.RecordedActor(p.access)
		for _, draft := range p.out.Events {
			ev := setsafe.Event{Ledger: st.Ledger, Seq: next[st.Ledger], Time: at, Actor: actor, Corrects: draft.Corrects, Body: draft.Body}
			next[st.Ledger]++
			entry, err := ledger.EncodeEntry(ev)
			if err != nil {
				return decided{}, &setsafe.Error{Code: setsafe.EInvalid, Message: "The request is too large to record.", Err: err}
			}
			d.rows = append(d.rows, entryRow{ev: ev, entry: entry, leaf: ledger.LeafHash(entry)})
		}
	}
	for i := range d.rows {
		c := w.states[d.rows[i].ev.Ledger]
		d.rows[i].nodes = c.tree.Append(d.rows[i].leaf)
		if err := c.state.Apply(d.rows[i].ev); err != nil {
			return decided{}, fmt.Errorf("apply decided event: %w", err)
		}
		touched[c.state.Ledger] = true
		// The outbox: what this entry tells people, from the state it left.
		d.notes = append(d.notes, setsafe.NotificationsFor(c.state, d.rows[i].ev)...)
		for _, u := range setsafe.EscalationUpdates(c.state, d.rows[i].ev) {
			d.queue = append(d.queue, queued{ledger: c.state.Ledger, update: u})
		}
	}
	for _, p := range plans {
		for _, c := range p.out.Credentials {
			d.creds = append(d.creds, credentialRow{ledger: p.ledger, cred: c, at: p.at})
		}
		for _, f := range p.out.Files {
			d.files = append(d.files, fileRow{ledger: p.ledger, file: f, at: p.at})
		}
		for _, s := range p.out.WebhookSecrets {
			d.secrets = append(d.secrets, secretRow{ledger: p.ledger, secret: s})
		}
	}
	return d, nil
}

// decided is what one request decided: the rows to write and, for an
// action the gate refused, the refusal to answer with.
type decided struct {
	rows    []entryRow
	creds   []credentialRow
	files   []fileRow
	secrets []secretRow
	notes   []setsafe.Notification
	queue   []queued
	refusal error
}

// queued is a change to the escalation clock's queue.
type queued struct {
	ledger string
	update setsafe.EscalationUpdate
}
