package sqldb

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// writeTimeout bounds one write transaction.
const writeTimeout = 30 * time.Second

// writer appends events. One goroutine per process owns the write
// connection: it takes every request waiting in the queue, decides and
// applies them in one transaction (group commit), and acknowledges each only
// after the commit is durable. It keeps the state of recently written ledgers
// in memory and checks, under the ledger's lock, that no other process has
// written since; if one has, it reads the new entries first.
type writer struct {
	db      *DB
	queue   chan *pending
	control chan func()
	stopCh  chan struct{}
	done    chan struct{}
	once    sync.Once
	started atomic.Bool

	// Owned by the writer goroutine.
	states     map[string]*ledgerCache
	dirty      map[string]bool
	lastSigned time.Time
	lastSeen   seen
}

type pending struct {
	ctx   context.Context
	req   setsafe.Request
	reply chan reply
}

type reply struct {
	events []setsafe.Event
	err    error
}

func newWriter(db *DB) *writer {
	return &writer{
		db: db, queue: make(chan *pending, 4096), control: make(chan func()),
		stopCh: make(chan struct{}), done: make(chan struct{}),
		states: map[string]*ledgerCache{}, dirty: map[string]bool{},
	}
}

func (w *writer) start() {
	w.once.Do(func() {
		w.started.Store(true)
		go w.loop()
	})
}

func (w *writer) stop() {
	if !w.started.Load() {
		return
	}
	select {
	case <-w.stopCh:
	default:
		close(w.stopCh)
	}
	<-w.done
}

var errStopped = &setsafe.Error{Code: setsafe.EUnavailable, Message: "setsafe is shutting down; try again in a moment."}

// Append carries out a request: it authorizes and decides each step against
// the current state of its ledger and appends the resulting events, all in
// one transaction. It returns the events once they are durable. A command
// that decides nothing returns no events and no error.
func (db *DB) Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error) {
	if req.Actor.IsZero() {
		return nil, errors.New("append: request has no actor")
	}
	if len(req.Steps) == 0 {
		return nil, errors.New("append: request has no steps")
	}
	for _, s := range req.Steps {
		if !setsafe.ValidLedgerID(s.Ledger) {
			return nil, setsafe.ProductionIDError()
		}
		if s.Command == nil {
			return nil, errors.New("append: step has no command")
		}
	}
	if !db.w.started.Load() {
		return nil, errors.New("append: the writer is not started")
	}
	p := &pending{ctx: ctx, req: req, reply: make(chan reply, 1)}
	select {
	case db.w.queue <- p:
	case <-ctx.Done():
		return nil, db.classify(ctx.Err())
	case <-db.w.stopCh:
		return nil, errStopped
	}
	select {
	case r := <-p.reply:
		return r.events, r.err
	case <-ctx.Done():
		return nil, db.classify(ctx.Err())
	case <-db.w.done:
		// The writer stopped; it may have answered just before.
		select {
		case r := <-p.reply:
			return r.events, r.err
		default:
			return nil, errStopped
		}
	}
}

// inWriter runs f in the writer goroutine and returns its error.
func (w *writer) inWriter(ctx context.Context, f func() error) error {
	if !w.started.Load() {
		return errors.New("the writer is not started")
	}
	errc := make(chan error, 1)
	select {
	case w.control <- func() { errc <- f() }:
	case <-ctx.Done():
		return ctx.Err()
	case <-w.stopCh:
		return errStopped
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *writer) loop() {
	defer close(w.done)
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	for {
		select {
		case p := <-w.queue:
			w.process(w.collect(p))
			if len(w.dirty) > 0 {
				if time.Since(w.lastSigned) >= w.db.cfg.CheckpointEvery {
					w.signDirty()
				} else {
					idle.Reset(w.db.cfg.CheckpointIdle)
				}
			}
		case <-idle.C:
			w.signDirty()
		case f := <-w.control:
			f()
		case <-w.stopCh:
			for {
				select {
				case p := <-w.queue:
					w.process(w.collect(p))
					continue
				default:
				}
				break
			}
			w.signDirty()
			return
		}
	}
}

// collect takes the first request and whatever else is waiting, up to the
// batch limit.
func (w *writer) collect(first *pending) []*pending {
	batch := []*pending{first}
	for len(batch) < w.db.cfg.MaxBatch {
		select {
		case p := <-w.queue:
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

// process carries out a batch of requests and answers each: together when
// they can be, without any request that spoils the batch, and one by one
// when the rows of one of them may be at fault.
func (w *writer) process(batch []*pending) {
	live := waiting(batch, w.db)
	for len(live) > 0 {
		err := w.commitBatch(live)
		w.db.prepareWaiting(context.Background())
		if err == nil {
			return
		}
		if s, ok := errors.AsType[*spoilt](err); ok {
			// One request failed in a way that spoils the transaction; the
			// others go again without it.
			live[s.index].reply <- reply{err: s.err}
			live = waiting(slices.Delete(live, s.index, s.index+1), w.db)
			continue
		}
		if f, ok := errors.AsType[*rowsFailed](err); ok {
			if len(live) > 1 {
				// The rows of one request may be at fault; give each its
				// own chance.
				for _, p := range live {
					w.process([]*pending{p})
				}
				return
			}
			err = f.err
		}
		// The database failed the batch as a whole: retrying would only
		// keep everyone waiting longer.
		for _, p := range live {
			p.reply <- reply{err: err}
		}
		return
	}
}

// waiting answers the requests whose senders have stopped waiting and
// returns the rest.
func waiting(batch []*pending, db *DB) []*pending {
	live := batch[:0]
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.reply <- reply{err: db.classify(err)}
			continue
		}
		live = append(live, p)
	}
	return live
}

// spoilt is the failure of one request's decision in a batch, which spoils
// the batch's transaction.
type spoilt struct {
	index int
	err   error
}

func (s *spoilt) Error() string { return s.err.Error() }
func (s *spoilt) Unwrap() error { return s.err }

// rowsFailed is a failure to write a batch's rows, which the rows of any one
// request may have caused.
type rowsFailed struct{ err error }

func (f *rowsFailed) Error() string { return f.err.Error() }
func (f *rowsFailed) Unwrap() error { return f.err }

// commitBatch carries out a batch in one transaction. It replies to every
// request after the commit; if the transaction fails it replies to none and
// returns the error.
func (w *writer) commitBatch(batch []*pending) (err error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()

	ids := ledgersOf(batch)
	conn, err := w.db.write.Conn(ctx)
	if err != nil {
		return w.db.classify(fmt.Errorf("begin write: %w", err))
	}
	defer conn.Close()
	var connID uintptr
	conn.Raw(func(dc any) error {
		connID = reflect.ValueOf(dc).Pointer()
		return nil
	})
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return w.db.classify(fmt.Errorf("begin write: %w", err))
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			for _, id := range ids {
				delete(w.states, id)
			}
			delete(w.states, setsafe.SiteLedger)
			w.lastSeen = seen{}
			err = w.db.classify(err)
		}
	}()

	if err := w.lockAndCatchUp(ctx, tx, connID, ids); err != nil {
		return err
	}

	now := setsafe.LedgerTime(w.db.cfg.Clock.Now())
	replies := make([]reply, len(batch))
	var rows []entryRow
	var creds []credentialRow
	touched := map[string]bool{}
	for i, p := range batch {
		evs, cr, err := w.execute(p.req, now, touched)
		if err != nil {
			if setsafe.ErrorCode(err) == setsafe.EInternal {
				return &spoilt{index: i, err: err}
			}
			replies[i].err = err
			continue
		}
		for _, r := range evs {
			replies[i].events = append(replies[i].events, r.ev)
		}
		rows = append(rows, evs...)
		creds = append(creds, cr...)
	}

	if err := w.writeEntries(ctx, tx, rows); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}
	for _, id := range slices.Sorted(maps.Keys(touched)) {
		if err := w.writeProjections(ctx, tx, id, w.states[id].state.TakeChanges()); err != nil {
			return &rowsFailed{w.db.classify(err)}
		}
	}
	if err := w.writeCredentials(ctx, tx, creds, now); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}

	for id := range touched {
		w.dirty[id] = true
	}
	kinds := map[string]int{}
	for _, r := range rows {
		kinds[ledgerKind(r.ev.Ledger)]++
	}
	for k, n := range kinds {
		w.db.obs.Appended(k, n)
	}
	w.db.obs.Committed(len(batch), len(rows), time.Since(start))
	for i, p := range batch {
		p.reply <- replies[i]
	}
	w.evict(ids)
	return nil
}

func ledgerKind(id string) string {
	if id == setsafe.SiteLedger {
		return "site"
	}
	return "production"
}

func ledgersOf(batch []*pending) []string {
	seen := map[string]bool{}
	for _, p := range batch {
		for _, s := range p.req.Steps {
			seen[s.Ledger] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// execute authorizes and decides every step of a request, then applies the
// events to the cached states. Until the first event is applied nothing has
// changed; an error after that is internal and spoils the batch.
func (w *writer) execute(req setsafe.Request, now time.Time, touched map[string]bool) ([]entryRow, []credentialRow, error) {
	site := w.states[setsafe.SiteLedger].state
	type plan struct {
		cache  *ledgerCache
		access setsafe.Access
		out    setsafe.Outcome
	}
	plans := make([]plan, 0, len(req.Steps))
	for _, step := range req.Steps {
		c := w.states[step.Ledger]
		access := setsafe.AccessFor(req.Actor, site, c.state)
		if err := step.Command.Authorize(access, c.state); err != nil {
			return nil, nil, err
		}
		at := now
		if at.Before(c.state.LastTime) {
			at = c.state.LastTime
		}
		out, err := step.Command.Decide(c.state, setsafe.Decision{Now: at, Actor: req.Actor, Access: access, Site: site})
		if err != nil {
			return nil, nil, err
		}
		plans = append(plans, plan{cache: c, access: access, out: out})
	}

	// Encode every event before applying any, so that a body that cannot be
	// encoded leaves the state untouched.
	var rows []entryRow
	next := map[string]int64{}
	for _, p := range plans {
		st := p.cache.state
		if next[st.Ledger] == 0 {
			next[st.Ledger] = st.Size + 1
		}
		at := now
		if at.Before(st.LastTime) {
			at = st.LastTime
		}
		for _, d := range p.out.Events {
			ev := setsafe.Event{Ledger: st.Ledger, Seq: next[st.Ledger], Time: at, Actor: p.access.RecordedActor(), Corrects: d.Corrects, Body: d.Body}
			next[st.Ledger]++
			entry, err := ledger.EncodeEntry(ev)
			if err != nil {
				return nil, nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "The request is too large to record.", Err: err}
			}
			rows = append(rows, entryRow{ev: ev, entry: entry, leaf: ledger.LeafHash(entry)})
		}
	}
	for i := range rows {
		c := w.states[rows[i].ev.Ledger]
		rows[i].nodes = c.tree.Append(rows[i].leaf)
		if err := c.state.Apply(rows[i].ev); err != nil {
			return nil, nil, fmt.Errorf("apply decided event: %w", err)
		}
		touched[c.state.Ledger] = true
	}
	var creds []credentialRow
	for i, p := range plans {
		for _, c := range p.out.Credentials {
			creds = append(creds, credentialRow{ledger: req.Steps[i].Ledger, cred: c})
		}
	}
	return rows, creds, nil
}
