package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// maxCachedLedgers bounds how many ledger states the writer keeps in memory.
const maxCachedLedgers = 512

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

type ledgerCache struct {
	state *setsafe.State
	tree  *ledger.Tree
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

// do runs f in the writer goroutine and returns its error.
func (w *writer) do(ctx context.Context, f func() error) error {
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
			w.commit(w.collect(p))
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
					w.commit(w.collect(p))
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

func (w *writer) commit(batch []*pending) {
	live := waiting(batch, w.db)
	for len(live) > 0 {
		err := w.run(live)
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
					w.commit([]*pending{p})
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

// entryRow is one ledger row to insert.
type entryRow struct {
	ev    setsafe.Event
	entry []byte
	leaf  []byte
	nodes []byte
}

type credentialRow struct {
	ledger string
	cred   setsafe.Credential
}

// run carries out a batch in one transaction. It replies to every request
// after the commit; if the transaction fails it replies to none and returns
// the error.
func (w *writer) run(batch []*pending) (err error) {
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

	if err := w.refresh(ctx, tx, connID, ids); err != nil {
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

// headRow is where a ledger ends: its size and the time of its last entry.
type headRow struct {
	size     int64
	lastTime int64
}

// seen identifies the database as this writer last left it: the connection
// and the dialect's count of other writers' commits on it.
type seen struct {
	conn    uintptr
	version int64
}

// refresh makes sure no other writer appends to the ledgers of the batch
// until it commits, and brings the cached state of each, and of the site
// ledger, up to date. When the database can tell that nobody else has
// written since this writer's last transaction, on the same connection, the
// cached states are current and it reads nothing.
func (w *writer) refresh(ctx context.Context, tx *sql.Tx, conn uintptr, ids []string) error {
	if err := w.db.dialect.LockLedgers(ctx, tx, ids); err != nil {
		return fmt.Errorf("lock ledgers: %w", err)
	}
	if !slices.Contains(ids, setsafe.SiteLedger) {
		ids = append(ids, setsafe.SiteLedger)
	}
	version := int64(-1)
	if q := w.db.dialect.OthersWroteQuery(); q != "" {
		st, err := w.db.stmt(ctx, tx, q)
		if err == nil {
			err = st.QueryRowContext(ctx).Scan(&version)
		}
		if err != nil {
			return fmt.Errorf("check for other writers: %w", err)
		}
	}
	now := seen{conn: conn, version: version}
	unchanged := version >= 0 && now == w.lastSeen
	w.lastSeen = now
	if unchanged && !slices.ContainsFunc(ids, func(id string) bool { return w.states[id] == nil }) {
		return nil
	}
	for _, id := range ids {
		head, err := w.db.head(ctx, w.inTx(tx), id)
		if err != nil {
			return err
		}
		if err := w.fresh(ctx, tx, id, head); err != nil {
			return fmt.Errorf("ledger %s: %w", id, err)
		}
	}
	return nil
}

// inTx returns a reader of cached statements within tx.
func (w *writer) inTx(tx *sql.Tx) reader {
	return func(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
		return w.db.txQuery(ctx, tx, query, args...)
	}
}

// fresh makes the cached state of a ledger match its last entry.
func (w *writer) fresh(ctx context.Context, tx *sql.Tx, id string, head headRow) error {
	c := w.states[id]
	switch {
	case head.size == 0:
		if c == nil || c.tree.Size() != 0 {
			w.states[id] = &ledgerCache{state: setsafe.NewState(id), tree: ledger.NewTree()}
		}
		return nil
	case c != nil && int64(c.tree.Size()) == head.size:
		return nil
	case c != nil && int64(c.tree.Size()) < head.size:
		if err := w.catchUp(ctx, tx, c, head); err == nil {
			return nil
		}
		// Fall back to the projections below.
	}
	c, err := w.db.loadCache(ctx, tx, id, head)
	if err != nil {
		return err
	}
	w.states[id] = c
	return nil
}

// catchUp applies the entries another process appended since the cache was
// last written.
func (w *writer) catchUp(ctx context.Context, tx *sql.Tx, c *ledgerCache, head headRow) error {
	rows, err := tx.QueryContext(ctx, w.db.rebind("SELECT entry FROM ledger WHERE ledger_id = ? AND seq > ? ORDER BY seq"), c.state.Ledger, c.tree.Size())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var entry []byte
		if err := rows.Scan(&entry); err != nil {
			return err
		}
		ev, err := ledger.DecodeEntry(entry)
		if err != nil {
			return err
		}
		c.tree.Append(ledger.LeafHash(entry))
		if err := c.state.Apply(ev); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	c.state.TakeChanges() // already in the projections
	if int64(c.tree.Size()) != head.size {
		return errors.New("entries do not run up to the last one")
	}
	return nil
}

// loadCache restores a ledger's state from its projection tables, and its
// tree from the nodes its entries store.
func (db *DB) loadCache(ctx context.Context, q querier, id string, head headRow) (*ledgerCache, error) {
	tree, err := db.trustedTree(ctx, db.on(q), id, head.size)
	if err != nil {
		return nil, err
	}
	st := setsafe.NewState(id)
	st.Size = head.size
	st.LastTime = time.UnixMicro(head.lastTime).UTC()
	list, _ := projectionTables()
	for _, t := range list {
		if err := db.scanTable(ctx, q, t, id, func(r setsafe.Row, _ []any) error {
			st.Load(r)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return &ledgerCache{state: st, tree: tree}, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanTable calls f for every row of a projection table in a ledger, ordered
// by key.
func (db *DB) scanTable(ctx context.Context, q querier, t *table, ledgerID string, f func(setsafe.Row, []any) error) error {
	rows, err := q.QueryContext(ctx, db.rebind(t.selectSQL("ledger_id = ? ORDER BY "+strings.Join(t.keyCols, ", "))), ledgerID)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		targets := t.scanTargets()
		if err := rows.Scan(targets...); err != nil {
			return fmt.Errorf("read %s: %w", t.name, err)
		}
		r, vals := t.fromTargets(targets)
		if err := f(r, vals); err != nil {
			return err
		}
	}
	return rows.Err()
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

const entriesPerInsert = 100

func (w *writer) writeEntries(ctx context.Context, tx *sql.Tx, rows []entryRow) error {
	for len(rows) > 0 {
		n := min(len(rows), entriesPerInsert)
		var q strings.Builder
		q.WriteString("INSERT INTO ledger (ledger_id, seq, time_us, actor, type, corrects, entry, leaf_hash, nodes) VALUES ")
		args := make([]any, 0, n*9)
		for i, r := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.ev.Ledger, r.ev.Seq, r.ev.Time.UnixMicro(), r.ev.Actor.String(), r.ev.Type(), r.ev.Corrects, r.entry, r.leaf, nonNil(r.nodes))
		}
		if err := w.db.txExec(ctx, tx, q.String(), args...); err != nil {
			return fmt.Errorf("insert ledger entries: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// writeProjections stores the rows a batch changed: one multi-row upsert per
// table (one round trip, which matters on PostgreSQL), and a delete per
// deleted row.
func (w *writer) writeProjections(ctx context.Context, tx *sql.Tx, id string, changes []setsafe.Change) error {
	byTable := map[*table][]setsafe.Row{}
	var order []*table
	for _, c := range changes {
		t := tableOf(c.Row)
		if c.Deleted {
			if err := w.db.txExec(ctx, tx, t.deleteSQL(), t.keyValues(id, c.Row)...); err != nil {
				return fmt.Errorf("delete from %s: %w", t.name, err)
			}
			continue
		}
		if byTable[t] == nil {
			order = append(order, t)
		}
		byTable[t] = append(byTable[t], c.Row)
	}
	for _, t := range order {
		rows := byTable[t]
		for len(rows) > 0 {
			n := min(len(rows), entriesPerInsert)
			args := make([]any, 0, n*(len(t.cols)+1))
			for _, r := range rows[:n] {
				args = append(args, t.values(id, r)...)
			}
			if err := w.db.txExec(ctx, tx, t.upsertSQL(n), args...); err != nil {
				return fmt.Errorf("write %s: %w", t.name, err)
			}
			rows = rows[n:]
		}
	}
	return nil
}

func (w *writer) writeCredentials(ctx context.Context, tx *sql.Tx, creds []credentialRow, now time.Time) error {
	for _, c := range creds {
		err := w.db.txExec(ctx, tx, `INSERT INTO credentials (ledger_id, kind, subject, hash, set_us) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (ledger_id, kind, subject) DO UPDATE SET hash = excluded.hash, set_us = excluded.set_us`,
			c.ledger, string(c.cred.Kind), c.cred.Subject, c.cred.Hash, now.UnixMicro())
		if err != nil {
			return fmt.Errorf("store credential: %w", err)
		}
		if c.cred.Kind == setsafe.CredentialPIN {
			// A new PIN starts with a clean slate of wrong attempts.
			if err := w.db.txExec(ctx, tx, "DELETE FROM pin_failures WHERE ledger_id = ? AND person_id = ?", c.ledger, c.cred.Subject); err != nil {
				return fmt.Errorf("reset PIN attempts: %w", err)
			}
		}
	}
	return nil
}

// evict forgets cached states beyond the limit, keeping those just used and
// those awaiting a checkpoint.
func (w *writer) evict(keep []string) {
	if len(w.states) <= maxCachedLedgers {
		return
	}
	for id := range w.states {
		if len(w.states) <= maxCachedLedgers/2 {
			return
		}
		if id != setsafe.SiteLedger && !w.dirty[id] && !slices.Contains(keep, id) {
			delete(w.states, id)
		}
	}
}
