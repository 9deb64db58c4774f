package sqldb

import (
	"context"
	"fmt"
	"sync"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// This file holds what readers see of a ledger's state: the latest
// committed state of the ledgers read or written lately, kept as snapshots
// that never change and that any number of requests read at once. A
// snapshot comes from the writer once its batch is committed, never
// before: the writer decides the next batch while one commits, so its own
// state may run ahead of what is durable. Before answering, a reader reads
// where the ledger ends in the database and applies the entries the
// snapshot lacks, which other servers on the same database may have
// written.

// DefaultCacheBytes is how much memory, by the states' own estimates, the
// writer's states and the readers' snapshots may each take unless
// Config.CacheBytes says otherwise. The two share the rows of the ledgers
// both hold.
const DefaultCacheBytes = 64 << 20

// maxCatchUp is the most entries a reader applies to bring a snapshot up
// to date; further behind, it reads the projection tables instead.
const maxCatchUp = 4096

// committedStates keeps the latest committed state of recently used
// ledgers for readers, within a budget of bytes. It is safe for concurrent
// use.
type committedStates struct {
	mu     sync.Mutex
	budget int64
	bytes  int64
	tick   uint64
	states map[string]*committedState
}

type committedState struct {
	st   *setsafe.State
	used uint64
	// catchingUp lets one reader at a time bring the ledger up to date,
	// so that readers who find it behind together read its entries once.
	catchingUp *sync.Mutex
}

func newCommittedStates(budget int64) *committedStates {
	return &committedStates{budget: budget, states: map[string]*committedState{}}
}

// get returns the latest committed state kept of a ledger, or nil.
func (c *committedStates) get(id string) *setsafe.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.states[id]
	if e == nil {
		return nil
	}
	c.tick++
	e.used = c.tick
	return e.st
}

// offer keeps st as the committed state of its ledger unless a later one
// is kept, and forgets the states read least recently while they take
// more than the budget. read says whether a reader asked for st; the
// writer offers every state it commits, and those nobody reads go first.
func (c *committedStates) offer(st *setsafe.State, read bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entry(st.Ledger)
	if e.st != nil && e.st.Size >= st.Size {
		return
	}
	if e.st != nil {
		c.bytes -= e.st.Bytes()
	}
	e.st = st
	c.bytes += st.Bytes()
	if read {
		c.tick++
		e.used = c.tick
	}
	for c.bytes > c.budget && len(c.states) > 1 {
		var oldest string
		for id, e := range c.states {
			if e.st != nil && id != st.Ledger && (oldest == "" || e.used < c.states[oldest].used) {
				oldest = id
			}
		}
		if oldest == "" {
			return
		}
		c.bytes -= c.states[oldest].st.Bytes()
		delete(c.states, oldest)
	}
}

// entry returns the entry of a ledger, made if there is none. c.mu is held.
func (c *committedStates) entry(id string) *committedState {
	e := c.states[id]
	if e == nil {
		e = &committedState{catchingUp: &sync.Mutex{}}
		c.states[id] = e
	}
	return e
}

// catchingUp returns the lock a reader holds while it brings a ledger up
// to date.
func (c *committedStates) catchingUp(id string) *sync.Mutex {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entry(id).catchingUp
}

// LedgerState returns the current state of a ledger: what the gate
// decides on when it is asked whether an action would be allowed, and what
// the pages read. It is a snapshot of the state as of the ledger's last
// committed entry, shared with other readers: it must not be changed.
func (db *DB) LedgerState(ctx context.Context, id string) (*setsafe.State, error) {
	return db.ledgerState(ctx, id, true)
}

// ledgerState is [DB.LedgerState]. If wait is false and another reader is
// bringing the ledger up to date, it returns nil at once rather than wait
// for that reader.
func (db *DB) ledgerState(ctx context.Context, id string, wait bool) (*setsafe.State, error) {
	head, err := db.head(ctx, db.query, id)
	if err != nil {
		return nil, err
	}
	if head.size == 0 {
		return nil, setsafe.Errorf(setsafe.ENotFound, "There is no production %q.", id)
	}
	if st := db.committed.get(id); st != nil && st.Size >= head.size {
		return st, nil
	}
	lock := db.committed.catchingUp(id)
	if !wait {
		if !lock.TryLock() {
			return nil, nil
		}
	} else {
		lock.Lock()
	}
	defer lock.Unlock()
	st := db.committed.get(id)
	switch {
	case st != nil && st.Size >= head.size:
		// Another reader, or the writer, brought it up to date meanwhile.
		return st, nil
	case st != nil && head.size-st.Size <= maxCatchUp:
		next, err := db.follow(ctx, db.query, st, head.size)
		if err == nil {
			db.obs.StateRead("reader", "entries")
			snap := next.Snapshot()
			db.committed.offer(snap, true)
			return snap, nil
		}
		db.log.Warn("bring a ledger's state up to date from its entries; reading its tables instead", "ledger", id, "err", err)
	}
	st, err = db.readState(ctx, id)
	if err != nil {
		return nil, err
	}
	db.obs.StateRead("reader", "tables")
	db.committed.offer(st, true)
	return st, nil
}

// follow returns a copy of st brought up to the ledger's entry size by
// applying the entries after st's last, read with run.
func (db *DB) follow(ctx context.Context, run reader, st *setsafe.State, size int64) (*setsafe.State, error) {
	next := st.Copy()
	if err := db.applyEntries(ctx, run, next, size, nil); err != nil {
		return nil, err
	}
	return next, nil
}

// applyEntries applies to st the entries of its ledger after its last, up
// to size, read with run, and calls each (unless nil) with every entry's
// bytes before applying it. What they change is in the projections
// already, and is not kept as changes to write.
func (db *DB) applyEntries(ctx context.Context, run reader, st *setsafe.State, size int64, each func(entry []byte)) error {
	rows, err := run(ctx, "SELECT seq, entry FROM ledger WHERE ledger_id = ? AND seq > ? AND seq <= ? ORDER BY seq", st.Ledger, st.Size, size)
	if err != nil {
		return db.classify(fmt.Errorf("read ledger %s: %w", st.Ledger, err))
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var entry []byte
		if err := rows.Scan(&seq, &entry); err != nil {
			return db.classify(fmt.Errorf("read ledger %s: %w", st.Ledger, err))
		}
		ev, err := ledger.DecodeEntry(entry)
		if err != nil {
			return fmt.Errorf("ledger %s entry %d is damaged (run setsafe verify): %w", st.Ledger, seq, err)
		}
		if each != nil {
			each(entry)
		}
		if err := st.Apply(ev); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return db.classify(fmt.Errorf("read ledger %s: %w", st.Ledger, err))
	}
	if st.Size != size {
		return fmt.Errorf("ledger %s: entries run to %d, not %d", st.Ledger, st.Size, size)
	}
	st.TakeChanges() // already in the projections
	return nil
}

// readState reads a ledger's state from its projection tables, in one
// consistent snapshot of the database.
func (db *DB) readState(ctx context.Context, id string) (*setsafe.State, error) {
	tx, err := db.dialect.Snapshot(ctx, db.read)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read ledger %s: %w", id, err))
	}
	defer tx.Rollback()
	head, err := db.head(ctx, db.on(tx), id)
	if err != nil {
		return nil, err
	}
	if head.size == 0 {
		return nil, setsafe.Errorf(setsafe.ENotFound, "There is no production %q.", id)
	}
	st, err := db.loadState(ctx, tx, id, head)
	if err != nil {
		return nil, db.classify(err)
	}
	return st.Snapshot(), nil
}
