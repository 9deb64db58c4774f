package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// This file holds the writer's cache of ledger states: how it is kept
// current with the database, loaded and evicted.

// ledgerCache is the writer's copy of one ledger as of its last entry: the
// state that commands decide on, and the Merkle tree new entries extend.
type ledgerCache struct {
	state *setsafe.State
	tree  *ledger.Tree
	// used is when the writer last wrote to the ledger, by its count of
	// transactions, so that the least used is forgotten first.
	used uint64
	// last is the ledger as the last batch written to it left it, frozen:
	// what readers see once that batch has committed, and what the writer
	// goes back to when a batch decided ahead does not stand. Nil when
	// the state changed otherwise since (entries of other writers read).
	last *ledgerCache
}

// frozen returns the cache as it is now, which changes to c do not
// change, and keeps it as c.last. It keeps when c was last used, so that
// a cache thawed from it is not the first forgotten.
func (c *ledgerCache) frozen() *ledgerCache {
	c.last = &ledgerCache{state: c.state.Snapshot(), tree: c.tree.Copy(), used: c.used}
	return c.last
}

// thaw returns a cache to write to, starting from a frozen one, as
// recently used as it.
func (c *ledgerCache) thaw() *ledgerCache {
	return &ledgerCache{state: c.state.Copy(), tree: c.tree.Copy(), used: c.used, last: c}
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

// lockAndCatchUp makes sure no other writer appends to the ledgers of the
// batch until it commits, and brings the cached state of each, and of the
// site ledger, up to date. When the database can tell that nobody else has
// written since this writer's last transaction, on the same connection, the
// cached states are current and it reads nothing.
//
// For a batch decided ahead, the cached states already hold its events; it
// checks instead that each ledger the plan read still ends where it did. If
// one does not, it reports the plan stale and reloads those states.
func (w *writer) lockAndCatchUp(ctx context.Context, tx *sql.Tx, conn uintptr, ids []string, ahead *plan) (stale bool, err error) {
	if err := w.db.dialect.LockLedgers(ctx, tx, ids); err != nil {
		return false, fmt.Errorf("lock ledgers: %w", err)
	}
	ids = withSite(ids)
	version := int64(-1)
	if q := w.db.dialect.OthersWroteQuery(); q != "" {
		st, err := w.db.stmt(ctx, tx, q)
		if err == nil {
			err = st.QueryRowContext(ctx).Scan(&version)
		}
		if err != nil {
			return false, fmt.Errorf("check for other writers: %w", err)
		}
	}
	now := seen{conn: conn, version: version}
	unchanged := version >= 0 && now == w.lastSeen
	w.lastSeen = now
	w.transactions++
	defer func() {
		for _, id := range ids {
			if c := w.states[id]; c != nil {
				c.used = w.transactions
			}
		}
	}()
	current := func(id string) bool {
		if ahead == nil {
			return w.states[id] != nil
		}
		return w.states[id] != nil && w.states[id] == ahead.read[id].cache
	}
	if unchanged && !slices.ContainsFunc(ids, func(id string) bool { return !current(id) }) {
		return false, nil
	}
	heads, err := w.db.heads(ctx, w.inTx(tx), ids)
	if err != nil {
		return false, err
	}
	for i, id := range ids {
		if ahead != nil && (!current(id) || heads[i].size != ahead.read[id].size) {
			stale = true
		}
	}
	if ahead != nil {
		if !stale {
			return false, nil
		}
		w.forget(ahead)
	}
	return stale, w.catchUp(ctx, tx, ids, heads)
}

// withSite returns the ledgers with the site ledger among them, which
// every batch reads.
func withSite(ids []string) []string {
	if slices.Contains(ids, setsafe.SiteLedger) {
		return ids
	}
	return slices.Concat(ids, []string{setsafe.SiteLedger})
}

// catchUp brings the cached state of each ledger up to its last entry:
// where heads says each ends, or, if heads is nil, where the database says
// now. The caller holds the ledgers' lock.
func (w *writer) catchUp(ctx context.Context, tx *sql.Tx, ids []string, heads []headRow) error {
	if heads == nil {
		var err error
		if heads, err = w.db.heads(ctx, w.inTx(tx), ids); err != nil {
			return err
		}
	}
	for i, id := range ids {
		if err := w.syncLedger(ctx, tx, id, heads[i]); err != nil {
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

// syncLedger makes the cached state of a ledger match its last entry.
func (w *writer) syncLedger(ctx context.Context, tx *sql.Tx, id string, head headRow) error {
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
		c.last = nil
		if err := w.applyNewEntries(ctx, tx, c, head); err == nil {
			w.db.obs.StateRead("writer", "entries")
			return nil
		}
		// Fall back to the projections below.
	case c == nil:
		if c := w.fromCommitted(ctx, tx, id, head); c != nil {
			w.states[id] = c
			return nil
		}
	}
	c, err := w.db.loadCache(ctx, tx, id, head)
	if err != nil {
		return err
	}
	w.db.obs.StateRead("writer", "tables")
	w.states[id] = c
	return nil
}

// fromCommitted returns the ledger's cache made from the committed state
// readers keep, brought up to its last entry, or nil if there is none to
// start from: the tree comes from the nodes the entries store, and the
// state from the snapshot and the entries after it, which is much less to
// read, under the ledger's lock, than its tables.
func (w *writer) fromCommitted(ctx context.Context, tx *sql.Tx, id string, head headRow) *ledgerCache {
	snap := w.db.committed.get(id)
	if snap == nil || snap.Size > head.size || head.size-snap.Size > maxCatchUp {
		return nil
	}
	st, err := w.db.follow(ctx, w.inTx(tx), snap, head.size)
	if err != nil {
		return nil
	}
	tree, err := w.db.trustedTree(ctx, w.inTx(tx), id, head.size)
	if err != nil {
		return nil
	}
	if snap.Size < head.size {
		w.db.obs.StateRead("writer", "entries")
	}
	return &ledgerCache{state: st, tree: tree}
}

// preload reads, for readers, the committed states of a batch's ledgers the
// writer does not hold, before it takes their locks: the writer then
// starts from them (see fromCommitted), and another server waiting for
// one of these ledgers does not wait for its tables to be read. It never
// waits for a reader already bringing a ledger up to date, which may take
// long for a large production: the writer reads that ledger under its lock
// instead, and every other write goes on meanwhile.
func (w *writer) preload(ctx context.Context, ids []string) {
	for _, id := range withSite(ids) {
		if w.states[id] == nil {
			w.db.ledgerState(ctx, id, false) // a ledger not read here is read under the lock
		}
	}
}

// applyNewEntries applies the entries another process appended since the cache was
// last written.
func (w *writer) applyNewEntries(ctx context.Context, tx *sql.Tx, c *ledgerCache, head headRow) error {
	return w.db.applyEntries(ctx, w.inTx(tx), c.state, head.size, func(entry []byte) {
		c.tree.Append(ledger.LeafHash(entry))
	})
}

// loadCache restores a ledger's state from its projection tables, and its
// tree from the nodes its entries store.
func (db *DB) loadCache(ctx context.Context, q querier, id string, head headRow) (*ledgerCache, error) {
	tree, err := db.trustedTree(ctx, db.on(q), id, head.size)
	if err != nil {
		return nil, err
	}
	st, err := db.loadState(ctx, q, id, head)
	if err != nil {
		return nil, err
	}
	return &ledgerCache{state: st, tree: tree}, nil
}

// loadState restores a ledger's state from its projection tables.
func (db *DB) loadState(ctx context.Context, q querier, id string, head headRow) (*setsafe.State, error) {
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
	return st, nil
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

// evict forgets the cached states used least recently while they take more
// memory than the budget, keeping the site's, those just used and those
// awaiting a checkpoint.
func (w *writer) evict(keep []string) {
	var total int64
	for _, c := range w.states {
		total += c.state.Bytes()
	}
	if total <= w.db.cfg.CacheBytes {
		return
	}
	var ids []string
	for id := range w.states {
		if id != setsafe.SiteLedger && !w.dirty[id] && !slices.Contains(keep, id) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(w.states[a].used, w.states[b].used) })
	for _, id := range ids {
		if total <= w.db.cfg.CacheBytes {
			return
		}
		total -= w.states[id].state.Bytes()
		delete(w.states, id)
	}
}
