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
)

// writeTimeout bounds one write transaction.
const writeTimeout = 30 * time.Second

// writer appends events. One goroutine per process owns the write
// connection: it takes every request waiting in the queue, decides and
// applies them in one transaction (group commit), and acknowledges each only
// after the commit is durable. While one batch commits it decides the next.
// It keeps the state of recently written ledgers in memory and checks, under
// the ledger's lock, that no other process has written since; if one has, it
// reads the new entries first.
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
	// transactions counts the write transactions begun, to tell which
	// cached states were used least recently.
	transactions uint64
	flight       *flight
}

type pending struct {
	ctx   context.Context
	req   setsafe.Request
	reply chan reply
	// repeat is what the request recorded when first sent, if its
	// idempotency key is recorded already.
	repeat *setsafe.Repeated
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
	// afterWrite signs checkpoints when they are due, or sets the idle timer
	// to sign them once writes pause. Never while a batch is decided ahead:
	// the cached trees then run past what is committed.
	afterWrite := func(canSign bool) {
		if len(w.dirty) == 0 {
			return
		}
		if canSign && w.signingDue() {
			w.signDirty()
			return
		}
		idle.Reset(w.db.cfg.CheckpointIdle)
	}
	for {
		if w.flight != nil {
			// A batch is committing: decide the next one meanwhile.
			select {
			case p := <-w.queue:
				batch := waiting(w.collect(p, w.db.cfg.MaxBatch), w.db)
				var ahead *plan
				if !w.signingDue() {
					ahead = w.decideAhead(nil, batch)
				}
				err := w.decideUntilLanded(&batch, &ahead)
				if err != nil && ahead != nil {
					ahead.unsure = true
				}
				w.land(err)
				afterWrite(ahead == nil)
				w.process(batch, ahead)
			case err := <-w.flight.done:
				w.land(err)
				afterWrite(true)
			case f := <-w.control:
				// Signing on request, rebuilding: after the flight, on
				// states that hold only what is committed.
				w.land(<-w.flight.done)
				afterWrite(true)
				f()
			case <-w.stopCh:
				w.land(<-w.flight.done)
			}
			continue
		}
		select {
		case p := <-w.queue:
			w.process(w.collect(p, w.db.cfg.MaxBatch), nil)
		case <-idle.C:
			w.signDirty()
		case f := <-w.control:
			f()
		case <-w.stopCh:
			for {
				select {
				case p := <-w.queue:
					w.processNow(w.collect(p, w.db.cfg.MaxBatch))
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

// signingDue says whether written ledgers have waited long enough for a
// checkpoint, however busy the writer is.
func (w *writer) signingDue() bool {
	return len(w.dirty) > 0 && time.Since(w.lastSigned) >= w.db.cfg.CheckpointEvery
}

// collect takes the first request and whatever else is waiting, up to max
// requests.
func (w *writer) collect(first *pending, max int) []*pending {
	batch := []*pending{first}
	for len(batch) < max {
		select {
		case p := <-w.queue:
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

// decideUntilLanded adds the requests that arrive while the flight commits
// to the next batch, up to the batch limit, and decides them ahead unless
// ahead is nil. It returns the flight's commit error.
func (w *writer) decideUntilLanded(batch *[]*pending, ahead **plan) error {
	for {
		queue := w.queue
		if len(*batch) >= w.db.cfg.MaxBatch {
			queue = nil
		}
		select {
		case err := <-w.flight.done:
			return err
		case p := <-queue:
			more := waiting(w.collect(p, w.db.cfg.MaxBatch-len(*batch)), w.db)
			*batch = append(*batch, more...)
			if *ahead != nil {
				*ahead = w.decideAhead(*ahead, more)
			}
		}
	}
}

// process carries out a batch of requests: together when they can be,
// without any request that spoils the batch, and one by one when the rows
// of one of them may be at fault. A batch whose rows are written is left
// committing as the writer's flight; its requests are answered when it
// lands. ahead, if not nil, is the batch's plan, decided while the previous
// batch committed.
func (w *writer) process(batch []*pending, ahead *plan) {
	live := waiting(batch, w.db)
	if ahead != nil && len(live) != len(ahead.replies) {
		w.forget(ahead)
		ahead = nil
	}
	for len(live) > 0 {
		err := w.commitBatch(live, ahead)
		ahead = nil
		if err == nil {
			return
		}
		w.db.prepareWaiting(context.Background())
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
					w.processNow([]*pending{p})
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

// processNow carries out a batch and waits for its commit to land.
func (w *writer) processNow(batch []*pending) {
	w.process(batch, nil)
	if w.flight != nil {
		w.land(<-w.flight.done)
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

// flight is a batch whose rows are written and whose transaction is
// committing. Until it lands, its requests wait for their answers and the
// writer may decide the next batch.
type flight struct {
	batch []*pending
	plan  *plan
	ids   []string
	// committed are snapshots of the states the batch leaves, for readers
	// once it has committed.
	committed []*setsafe.State
	start     time.Time
	done      chan error
}

// commitBatch writes a batch in one transaction and leaves it committing as
// the writer's flight. If the transaction fails before that, it rolls back,
// answers none of the requests and returns the error.
func (w *writer) commitBatch(batch []*pending, ahead *plan) (err error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	ids := ledgersOf(batch)
	w.preload(ctx, ids)
	conn, err := w.db.write.Conn(ctx)
	if err != nil {
		cancel()
		w.forget(ahead)
		return w.db.classify(fmt.Errorf("begin write: %w", err))
	}
	var connID uintptr
	conn.Raw(func(dc any) error {
		connID = reflect.ValueOf(dc).Pointer()
		return nil
	})
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		cancel()
		w.forget(ahead)
		return w.db.classify(fmt.Errorf("begin write: %w", err))
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			conn.Close()
			cancel()
			w.forgetLedgers(ids)
			err = w.db.classify(err)
		}
	}()

	stale, err := w.lockAndCatchUp(ctx, tx, connID, ids, ahead)
	if err != nil {
		return err
	}
	p := ahead
	if repeats, err := w.findRepeats(ctx, tx, batch); err != nil {
		return err
	} else if repeats && p != nil && !stale {
		// The plan decided ahead applied a repeated request's events.
		w.forget(p)
		if err := w.reload(ctx, tx, ids); err != nil {
			return err
		}
		p = nil
	}
	if p == nil || stale {
		if p, err = w.decide(batch); err != nil {
			return err
		}
	}
	if err := w.writeEntries(ctx, tx, p.rows); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}
	for _, id := range slices.Sorted(maps.Keys(p.touched)) {
		if err := w.writeProjections(ctx, tx, id, w.states[id].state.TakeChanges()); err != nil {
			return &rowsFailed{w.db.classify(err)}
		}
	}
	if err := w.writeCredentials(ctx, tx, p.creds); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}
	if err := w.writeFiles(ctx, tx, p.files); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}
	if err := w.writeWebhookSecrets(ctx, tx, p.secrets, p.now); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}
	if err := w.writeOutbox(ctx, tx, p); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}
	if err := w.writeKeys(ctx, tx, p.keys); err != nil {
		return &rowsFailed{w.db.classify(err)}
	}

	f := &flight{batch: batch, plan: p, ids: ids, start: start, done: make(chan error, 1)}
	for id := range p.touched {
		f.committed = append(f.committed, w.states[id].frozen().state)
	}
	w.flight = f
	commit := func() {
		err := tx.Commit()
		conn.Close()
		cancel()
		f.done <- err
	}
	if len(w.queue) == 0 {
		// Nothing waits to be decided meanwhile: commit here, without
		// handing over to another goroutine.
		commit()
	} else {
		go commit()
	}
	return nil
}

// land finishes the writer's flight once its commit returned err: it
// answers every request of the batch, with its events once they are durable
// or with the error.
func (w *writer) land(err error) {
	f := w.flight
	w.flight = nil
	defer w.db.prepareWaiting(context.Background())
	if err != nil {
		// The database failed the batch as a whole: its requests, and any
		// decided ahead on its states, must not stand.
		w.forgetLedgers(f.ids)
		err = w.db.classify(fmt.Errorf("commit: %w", err))
		for _, p := range f.batch {
			p.reply <- reply{err: err}
		}
		return
	}
	for id := range f.plan.touched {
		w.dirty[id] = true
	}
	kinds := map[string]int{}
	for _, r := range f.plan.rows {
		kinds[ledgerKind(r.ev.Ledger)]++
	}
	for k, n := range kinds {
		w.db.obs.Appended(k, n)
	}
	w.db.obs.Committed(len(f.batch), len(f.plan.rows), time.Since(f.start))
	w.db.signalOutbox(f.plan)
	for _, st := range f.committed {
		w.db.committed.offer(st, false)
	}
	for i, p := range f.batch {
		p.reply <- f.plan.replies[i]
	}
	w.evict(f.ids)
}

// forgetLedgers drops the cached states of ledgers a failed transaction
// touched, and of the site ledger, so that the next transaction reads them
// from the database.
func (w *writer) forgetLedgers(ids []string) {
	for _, id := range ids {
		delete(w.states, id)
	}
	delete(w.states, setsafe.SiteLedger)
	w.lastSeen = seen{}
}

// LedgerKinds are the kinds of ledger that measurements name: the site's
// own, and the productions'.
var LedgerKinds = []string{"site", "production"}

// ledgerKind is the kind of the ledger id, one of LedgerKinds.
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
