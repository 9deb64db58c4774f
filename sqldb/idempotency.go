package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// This file holds the keys of requests sent with an idempotency key. The
// writer looks a batch's keys up under the ledgers' lock and stores the
// new ones in the transaction that appends their entries, so that a
// request sent again (after a lost answer, or a crash between commit and
// answer) records nothing new. The answer is kept beside the key after.
// Keys are working data, forgotten after a day; they are not evidence.

// KeysKept is how long the keys of requests sent with an idempotency key,
// and their answers, are kept: a request sent again within it records
// nothing new.
const KeysKept = 24 * time.Hour

// keyRow is a request's idempotency key, stored with its entries.
type keyRow struct {
	key, fingerprint []byte
	// recorded says where the request's entries are (see positions).
	recorded string
	at       time.Time
}

// findRepeats marks each request of a batch whose key is recorded
// already with what the first request recorded, and says whether it found
// any. The caller holds the lock of every ledger in the batch.
func (w *writer) findRepeats(ctx context.Context, tx *sql.Tx, batch []*pending) (bool, error) {
	var keys [][]byte
	for _, p := range batch {
		p.repeat = nil
		if k := p.req.Idempotency; k != nil {
			keys = append(keys, k.Key)
		}
	}
	run := w.inTx(tx)
	found := map[string]bool{}
	err := inChunks(keys, func(chunk [][]byte) error {
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		rows, err := run(ctx, "SELECT key_hash FROM idempotency_keys WHERE key_hash IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return fmt.Errorf("look up idempotency keys: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k []byte
			if err := rows.Scan(&k); err != nil {
				return fmt.Errorf("look up idempotency keys: %w", err)
			}
			found[string(k)] = true
		}
		return rows.Err()
	})
	if err != nil || len(found) == 0 {
		return false, err
	}
	for _, p := range batch {
		k := p.req.Idempotency
		if k == nil || !found[string(k.Key)] {
			continue
		}
		rep, err := w.db.repeat(ctx, run, k.Key)
		if err != nil {
			return false, err
		}
		if rep != nil && !bytes.Equal(rep.Fingerprint, k.Fingerprint) {
			rep = &setsafe.Repeated{Other: true, At: rep.At}
		}
		p.repeat = rep
	}
	return true, nil
}

// reload reads the states of a batch's ledgers again, after a plan decided
// ahead on them had to be forgotten.
func (w *writer) reload(ctx context.Context, tx *sql.Tx, ids []string) error {
	return w.catchUp(ctx, tx, withSite(ids), nil)
}

// repeatOf returns what to answer a request decided into the plan whose
// key is recorded already, by the database or by the plan itself (the
// same request twice in one batch), or nil.
func (p *plan) repeatOf(req *pending) *setsafe.Repeated {
	if req.repeat != nil {
		return req.repeat
	}
	k := req.req.Idempotency
	if k == nil {
		return nil
	}
	first := p.keyed[string(k.Key)]
	switch {
	case first == nil:
		return nil
	case !bytes.Equal(first.Fingerprint, k.Fingerprint):
		return &setsafe.Repeated{Other: true, At: first.At}
	}
	return first
}

// keep adds the key of a request that recorded rows to the plan.
func (p *plan) keep(req *pending, rows []entryRow) {
	k := req.req.Idempotency
	if k == nil || len(rows) == 0 {
		return
	}
	evs := make([]setsafe.Event, len(rows))
	for i, r := range rows {
		evs[i] = r.ev
	}
	at := p.now
	if evs[0].Actor.Kind == setsafe.ActorAnonymous {
		at = at.Truncate(time.Minute) // nothing finer of an anonymous reporter
	}
	p.keys = append(p.keys, keyRow{key: k.Key, fingerprint: k.Fingerprint, recorded: positions(evs), at: at})
	if p.keyed == nil {
		p.keyed = map[string]*setsafe.Repeated{}
	}
	p.keyed[string(k.Key)] = &setsafe.Repeated{Fingerprint: k.Fingerprint, Events: evs, Refusal: setsafe.RefusalIn(evs), At: at}
}

// errKeyTaken answers a request whose key another process recorded for a
// request of other ledgers at the same moment.
var errKeyTaken = &setsafe.Error{Code: setsafe.EConflict,
	Message: "Another request with the same idempotency key was being recorded at the same moment; send it again in a moment."}

// writeKeys stores the keys of a batch's requests.
func (w *writer) writeKeys(ctx context.Context, tx *sql.Tx, keys []keyRow) error {
	for len(keys) > 0 {
		n := min(len(keys), entriesPerInsert)
		args := make([]any, 0, 4*n)
		for _, k := range keys[:n] {
			args = append(args, k.key, k.fingerprint, k.recorded, k.at.UnixMicro())
		}
		st, err := w.db.stmt(ctx, tx, "INSERT INTO idempotency_keys (key_hash, fingerprint, recorded, created_us) VALUES "+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ")+" ON CONFLICT (key_hash) DO NOTHING")
		if err != nil {
			return fmt.Errorf("store idempotency keys: %w", err)
		}
		res, err := st.ExecContext(ctx, args...)
		if err != nil {
			return fmt.Errorf("store idempotency keys: %w", err)
		}
		if stored, err := res.RowsAffected(); err == nil && stored < int64(n) {
			return errKeyTaken
		}
		keys = keys[n:]
	}
	return nil
}

// positions says where events are: "ledger:first-last" for each ledger,
// space-separated. A request's entries in one ledger follow each other.
func positions(evs []setsafe.Event) string {
	var parts []string
	for i := 0; i < len(evs); {
		j := i
		for j+1 < len(evs) && evs[j+1].Ledger == evs[i].Ledger {
			j++
		}
		parts = append(parts, fmt.Sprintf("%s:%d-%d", evs[i].Ledger, evs[i].Seq, evs[j].Seq))
		i = j + 1
	}
	return strings.Join(parts, " ")
}

// Repeat returns what the request sent with an idempotency key recorded,
// by the key's hash, or nil if the key is not known (never sent, or
// forgotten).
func (db *DB) Repeat(ctx context.Context, key []byte) (*setsafe.Repeated, error) {
	rep, err := db.repeat(ctx, db.query, key)
	return rep, db.classify(err)
}

func (db *DB) repeat(ctx context.Context, run reader, key []byte) (*setsafe.Repeated, error) {
	rows, err := run(ctx, "SELECT fingerprint, recorded, created_us, answer FROM idempotency_keys WHERE key_hash = ?", key)
	if err != nil {
		return nil, fmt.Errorf("read idempotency key: %w", err)
	}
	rep := &setsafe.Repeated{}
	var recorded string
	var at int64
	found := rows.Next()
	if found {
		err = rows.Scan(&rep.Fingerprint, &recorded, &at, &rep.Answer)
	}
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil || !found {
		return nil, err
	}
	rep.At = time.UnixMicro(at).UTC()
	for part := range strings.FieldsSeq(recorded) {
		id, span, _ := strings.Cut(part, ":")
		first, last, _ := strings.Cut(span, "-")
		from, err1 := strconv.ParseInt(first, 10, 64)
		to, err2 := strconv.ParseInt(last, 10, 64)
		if err1 != nil || err2 != nil || from < 1 || to < from {
			return nil, unreadableKey(recorded, key)
		}
		evs, err := db.entriesBetween(ctx, run, id, from, to)
		if err != nil {
			return nil, err
		}
		if int64(len(evs)) != to-from+1 {
			return nil, unreadableKey(recorded, key)
		}
		rep.Events = append(rep.Events, evs...)
	}
	rep.Refusal = setsafe.RefusalIn(rep.Events)
	return rep, nil
}

// unreadableKey is the error of an idempotency key whose row names entries
// that are not in the ledger.
func unreadableKey(recorded string, key []byte) error {
	return fmt.Errorf("the entries %q recorded for the idempotency key with hash %x cannot be read: the idempotency_keys row was changed outside setsafe; "+
		"delete it, or wait a day for it to expire", recorded, key)
}

// entriesBetween returns the events of a ledger from one sequence number
// to another.
func (db *DB) entriesBetween(ctx context.Context, run reader, id string, from, to int64) ([]setsafe.Event, error) {
	rows, err := run(ctx, "SELECT entry FROM ledger WHERE ledger_id = ? AND seq >= ? AND seq <= ? ORDER BY seq", id, from, to)
	if err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	defer rows.Close()
	var out []setsafe.Event
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("read ledger: %w", err)
		}
		ev, err := ledger.DecodeEntry(b)
		if err != nil {
			return nil, fmt.Errorf("ledger %s is damaged (run setsafe verify): %w", id, err)
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// KeepAnswer keeps the sealed answer to the request sent with an
// idempotency key, unless one is kept already. It says whether it kept
// this one. The answers of requests answered at the same moment are kept
// in one transaction, as their entries were appended in one.
func (db *DB) KeepAnswer(ctx context.Context, key, answer []byte) (bool, error) {
	k := &keeping{key: key, answer: answer, done: make(chan keptOrNot, 1)}
	q := &db.answers
	q.mu.Lock()
	q.waiting = append(q.waiting, k)
	lead := !q.busy
	q.busy = true
	q.mu.Unlock()
	if lead {
		go db.keepAnswers()
	}
	select {
	case r := <-k.done:
		return r.kept, r.err
	case <-ctx.Done():
		return false, db.classify(ctx.Err())
	}
}

// answerQueue holds the answers waiting to be kept; one goroutine at a
// time keeps them.
type answerQueue struct {
	mu      sync.Mutex
	waiting []*keeping
	busy    bool
}

type keeping struct {
	key, answer []byte
	done        chan keptOrNot
}

type keptOrNot struct {
	kept bool
	err  error
}

// keepAnswers keeps the waiting answers, a transaction at a time, until
// none waits.
func (db *DB) keepAnswers() {
	q := &db.answers
	for {
		q.mu.Lock()
		batch := q.waiting
		q.waiting = nil
		if len(batch) == 0 {
			q.busy = false
			q.mu.Unlock()
			return
		}
		q.mu.Unlock()
		kept, err := db.writeAnswers(batch)
		for i, k := range batch {
			k.done <- keptOrNot{kept: kept[i], err: err}
		}
	}
}

// writeAnswers keeps answers in one transaction. On PostgreSQL it does
// not wait for the disk: an answer is not evidence, and one lost with the
// last moments before a crash is answered again from the entries it
// names. (SQLite's one write connection, which the ledger's writer shares,
// stays fully synchronous.)
func (db *DB) writeAnswers(batch []*keeping) ([]bool, error) {
	kept := make([]bool, len(batch))
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return kept, db.classify(fmt.Errorf("keep answers: %w", err))
	}
	defer tx.Rollback()
	if db.dialect.Name() == "postgres" {
		if _, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
			return kept, db.classify(fmt.Errorf("keep answers: %w", err))
		}
	}
	st, err := tx.PrepareContext(ctx, db.rebind("UPDATE idempotency_keys SET answer = ? WHERE key_hash = ? AND answer IS NULL"))
	if err != nil {
		return kept, db.classify(fmt.Errorf("keep answers: %w", err))
	}
	defer st.Close()
	for i, k := range batch {
		res, err := st.ExecContext(ctx, k.answer, k.key)
		if err != nil {
			return make([]bool, len(batch)), db.classify(fmt.Errorf("keep answers: %w", err))
		}
		n, _ := res.RowsAffected()
		kept[i] = n == 1
	}
	if err := tx.Commit(); err != nil {
		return make([]bool, len(batch)), db.classify(fmt.Errorf("keep answers: %w", err))
	}
	return kept, nil
}

// ForgetOldKeys removes the idempotency keys, and their answers, of
// requests recorded before a time, and returns how many.
func (db *DB) ForgetOldKeys(ctx context.Context, before time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, db.rebind("DELETE FROM idempotency_keys WHERE created_us < ?"), before.UnixMicro())
	if err != nil {
		return 0, db.classify(fmt.Errorf("forget old idempotency keys: %w", err))
	}
	return res.RowsAffected()
}
