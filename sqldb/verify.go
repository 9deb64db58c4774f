package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// Report is the outcome of verifying a database.
type Report struct {
	Ledgers  []LedgerReport   `json:"ledgers"`
	Problems []ledger.Problem `json:"problems"`
	Warnings []ledger.Problem `json:"warnings"`
}

// OK reports whether verification found no problem.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// LedgerReport summarizes the verification of one ledger.
type LedgerReport struct {
	Ledger      string `json:"ledger"`
	Entries     uint64 `json:"entries"`
	Checkpoints int    `json:"checkpoints"`
	Problems    int    `json:"problems"`
	Warnings    int    `json:"warnings"`
}

// pageSize is how many entries verification reads per query.
const pageSize = 8192

// Verify checks every ledger (or only the named one) as an investigator
// would: it recomputes each Merkle tree from the stored entries, checks every
// stored checkpoint's signature against the verifier key and its root against
// the recomputed tree, replays the events into fresh projections and compares
// them with the stored ones. Memory does not grow with the number of
// entries.
func (db *DB) Verify(ctx context.Context, v *ledger.Verifier, only string) (Report, error) {
	return db.VerifyWitnessed(ctx, v, only, ledger.WitnessCheck{})
}

// VerifyWitnessed verifies as [DB.Verify] does, and holds each ledger's
// checkpoints to the witnesses given too: every stored cosignature of
// theirs must verify over its checkpoint, and each ledger they witness
// must have its latest checkpoint cosigned by their quorum (see
// [ledger.Check.Witnesses]).
func (db *DB) VerifyWitnessed(ctx context.Context, v *ledger.Verifier, only string, w ledger.WitnessCheck) (Report, error) {
	// Read the checkpoints kept outside the database first: each was kept
	// after it was stored, so every one is in the snapshot taken next.
	kept := map[string][]byte{}
	if db.cfg.Kept != nil {
		for _, id := range db.cfg.Kept.Ledgers() {
			kept[id], _ = db.cfg.Kept.Latest(id)
		}
	}
	tx, err := db.dialect.Snapshot(ctx, db.read)
	if err != nil {
		return Report{}, db.classify(fmt.Errorf("begin verification: %w", err))
	}
	defer tx.Rollback()

	ids, err := db.ledgerIDs(ctx, tx)
	if err != nil {
		return Report{}, err
	}
	// A ledger the server signed must still be here.
	for id := range kept {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if only != "" {
		if !slices.Contains(ids, only) {
			return Report{}, setsafe.Errorf(setsafe.ENotFound, "There is no ledger %q in this database.", only)
		}
		ids = []string{only}
	}
	rep := Report{Problems: []ledger.Problem{}, Warnings: []ledger.Problem{}}
	var site *setsafe.State
	sizes := map[string]uint64{}
	for _, id := range ids {
		c, err := db.verifyLedger(ctx, tx, id, v, keptCheckpoint(id, kept[id], v))
		if err != nil {
			return Report{}, db.classify(fmt.Errorf("verify %s: %w", id, err))
		}
		if len(w.Verifiers) > 0 {
			if err := db.checkWitnesses(ctx, tx, c, id, w, kept[id]); err != nil {
				return Report{}, db.classify(fmt.Errorf("verify the cosignatures of %s: %w", id, err))
			}
		}
		sizes[id] = c.Size()
		if state, complete := c.Replayed(); id == setsafe.SiteLedger && complete {
			site = state
		}
		rep.Ledgers = append(rep.Ledgers, LedgerReport{Ledger: id, Entries: c.Size(), Checkpoints: c.Checkpoints(),
			Problems: len(c.Problems()), Warnings: len(c.Warnings())})
		rep.Problems = append(rep.Problems, c.Problems()...)
		rep.Warnings = append(rep.Warnings, c.Warnings()...)
	}
	if only == "" && site != nil {
		rep.Problems = append(rep.Problems, registerProblems(site, sizes)...)
	}
	db.observeVerified(rep, only == "")
	return rep, nil
}

// observeVerified reports each ledger with a problem as failed, by its
// kind, and after a verification of every ledger, each kind none of whose
// ledgers failed as passed.
func (db *DB) observeVerified(rep Report, whole bool) {
	failed := map[string]bool{}
	seen := map[string]bool{}
	for _, p := range rep.Problems {
		if !seen[p.Ledger] {
			seen[p.Ledger] = true
			failed[ledgerKind(p.Ledger)] = true
			db.obs.VerifyFailed(ledgerKind(p.Ledger))
		}
	}
	if !whole {
		return
	}
	for _, kind := range LedgerKinds {
		if !failed[kind] {
			db.obs.VerifyPassed(kind)
		}
	}
}

// registerProblems compares the site's register of productions with the
// production ledgers present: a whole ledger removed leaves its registration
// behind, and a ledger made up outside setsafe has none.
func registerProblems(site *setsafe.State, sizes map[string]uint64) []ledger.Problem {
	var out []ledger.Problem
	for _, r := range site.Rows("production_register") {
		reg := r.(*setsafe.RegisteredProduction)
		if sizes[reg.ID] == 0 {
			out = append(out, ledger.Problem{Ledger: setsafe.SiteLedger, Seq: reg.LastSeq, Kind: ledger.ProblemEntry,
				What: fmt.Sprintf("production %s is registered, but its ledger has no entries: it was removed", reg.ID)})
		}
	}
	for id, n := range sizes {
		if id != setsafe.SiteLedger && n > 0 && site.RegisteredProduction(id) == nil {
			out = append(out, ledger.Problem{Ledger: id, Kind: ledger.ProblemEntry,
				What: "this ledger is not in the site's register of productions: it was not made by setsafe"})
		}
	}
	slices.SortFunc(out, func(a, b ledger.Problem) int { return strings.Compare(a.Ledger+a.What, b.Ledger+b.What) })
	return out
}

// ledgerIDs returns every ledger ID that appears anywhere: in the ledger,
// checkpoints or any projection table. A projection row without a
// ledger is as much a problem as a changed entry.
func (db *DB) ledgerIDs(ctx context.Context, q querier) ([]string, error) {
	// Walk the ledger's primary key from one ID to the next rather than
	// reading every entry.
	query := `WITH RECURSIVE ids(id) AS (
		SELECT MIN(ledger_id) FROM ledger
		UNION ALL
		SELECT (SELECT MIN(ledger_id) FROM ledger WHERE ledger_id > ids.id) FROM ids WHERE ids.id IS NOT NULL)
		SELECT id FROM ids WHERE id IS NOT NULL
		UNION SELECT DISTINCT ledger_id FROM checkpoints`
	list, _ := projectionTables()
	for _, t := range list {
		query += " UNION SELECT DISTINCT ledger_id FROM " + t.name
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, db.classify(fmt.Errorf("list ledgers: %w", err))
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, rows.Err()
}

type verifyPage struct {
	entries     []ledger.StoredEntry
	checkpoints []ledger.StoredCheckpoint
	err         error
}

func (db *DB) verifyLedger(ctx context.Context, tx *sql.Tx, id string, v *ledger.Verifier, kept *ledger.StoredCheckpoint) (*ledger.Check, error) {
	check := ledger.NewCheck(id, v)
	var storedAt uint64 // the size of the last stored checkpoint checked
	var storedNote []byte

	// One goroutine reads pages while this one hashes and replays them.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan verifyPage, 2)
	go db.readPages(ctx, tx, id, pages)
	for p := range pages {
		if p.err != nil {
			return nil, p.err
		}
		cps := p.checkpoints
		for _, e := range p.entries {
			check.Entry(e)
			for len(cps) > 0 && cps[0].Size <= check.Size() {
				if cps[0].Size == check.Size() {
					check.Checkpoint(cps[0])
					storedAt, storedNote = cps[0].Size, cps[0].Note
				} else {
					check.Problem(0, ledger.ProblemCheckpoint, "checkpoint at size %d does not fall on an entry", cps[0].Size)
				}
				cps = cps[1:]
			}
			if kept != nil && kept.Size == check.Size() {
				if storedAt != kept.Size || !ledger.SameCheckpoint(kept.Note, storedNote) {
					check.Problem(int64(kept.Size), ledger.ProblemCheckpoint,
						"the checkpoint kept beside the signing key at size %d is not in the database: checkpoints were removed", kept.Size)
					check.Checkpoint(*kept)
				}
				kept = nil
			}
		}
		for _, cp := range cps {
			check.Checkpoint(cp) // beyond the last entry, or a size-0 checkpoint
		}
	}
	if kept != nil {
		check.Checkpoint(*kept) // beyond the last entry
	}
	check.Finish()

	state, complete := check.Replayed()
	if !complete {
		check.Problem(0, ledger.ProblemProjection, "projections not compared: replay stopped at entry %d", check.ReplayStoppedAt())
		return check, nil
	}
	if err := db.compareProjections(ctx, tx, check, state); err != nil {
		return nil, err
	}
	return check, db.checkFiles(ctx, tx, check, state)
}

// checkFiles checks the stored files of a ledger against the entries that
// attached them: every file the ledger refers to is stored, its bytes still
// hash to what the entry recorded, and its media type, size and the time
// it was stored are those of the first entry that attached it, which
// stored it. A stored file that no entry attached is reported too: the
// server would serve it as evidence.
func (db *DB) checkFiles(ctx context.Context, tx *sql.Tx, check *ledger.Check, state *setsafe.State) error {
	first := map[string]*setsafe.Attachment{}
	for _, a := range state.Attachments() {
		if f := first[a.File]; f == nil || a.LastSeq < f.LastSeq {
			first[a.File] = a
		}
	}
	rows, err := tx.QueryContext(ctx, db.rebind("SELECT sha256, content_type, size, stored_us, data FROM files WHERE ledger_id = ? ORDER BY sha256"), state.Ledger)
	if err != nil {
		return db.classify(fmt.Errorf("read files: %w", err))
	}
	defer rows.Close()
	stored := map[string]bool{}
	for rows.Next() {
		var sha, contentType string
		var size, storedUS int64
		var data []byte
		if err := rows.Scan(&sha, &contentType, &size, &storedUS, &data); err != nil {
			return db.classify(fmt.Errorf("read files: %w", err))
		}
		stored[sha] = true
		a := first[sha]
		if a == nil {
			check.Problem(0, ledger.ProblemFile, "file %s is stored, but no entry attached it: it was not stored by setsafe", sha)
			continue
		}
		about := fmt.Sprintf("file %s attached to %s %s", sha, a.Subject, a.SubjectID)
		if setsafe.NewFile(a.ContentType, data).SHA256 != sha {
			check.Problem(a.LastSeq, ledger.ProblemFile, "%s was changed: its bytes no longer match the entry", about)
		} else if int64(len(data)) != a.Size {
			check.Problem(a.LastSeq, ledger.ProblemFile, "%s holds %d bytes, but the entry says %d", about, len(data), a.Size)
		}
		if contentType != a.ContentType {
			check.Problem(a.LastSeq, ledger.ProblemFile, "%s: content_type is %q in the table but %q from the ledger", about, contentType, a.ContentType)
		}
		if size != a.Size {
			check.Problem(a.LastSeq, ledger.ProblemFile, "%s: size is %d in the table but %d from the ledger", about, size, a.Size)
		}
		if at := a.AddedAt.UnixMicro(); storedUS != at {
			check.Problem(a.LastSeq, ledger.ProblemFile, "%s: stored_us is %d in the table but %d from the ledger", about, storedUS, at)
		}
	}
	if err := rows.Err(); err != nil {
		return db.classify(fmt.Errorf("read files: %w", err))
	}
	for _, sha := range slices.Sorted(maps.Keys(first)) {
		if a := first[sha]; !stored[sha] {
			check.Problem(a.LastSeq, ledger.ProblemFile, "file %s attached to %s %s is missing", sha, a.Subject, a.SubjectID)
		}
	}
	return nil
}

// readPages sends the entries of a ledger in pages, each with the
// checkpoints whose size falls within it; the last page also carries the
// checkpoints beyond the last entry.
func (db *DB) readPages(ctx context.Context, tx *sql.Tx, id string, out chan<- verifyPage) {
	defer close(out)
	send := func(p verifyPage) bool {
		select {
		case out <- p:
			return true
		case <-ctx.Done():
			return false
		}
	}
	var after int64
	var cpAfter int64 = -1
	for {
		entries, err := db.entryPage(ctx, tx, id, after)
		if err != nil {
			send(verifyPage{err: err})
			return
		}
		upTo := int64(-1) // all remaining checkpoints
		if len(entries) == pageSize {
			upTo = entries[len(entries)-1].Seq
		}
		cps, err := db.checkpointPage(ctx, tx, id, cpAfter, upTo)
		if err != nil {
			send(verifyPage{err: err})
			return
		}
		if upTo >= 0 {
			cpAfter = upTo
		}
		if !send(verifyPage{entries: entries, checkpoints: cps}) || upTo < 0 {
			return
		}
		after = upTo
	}
}

func (db *DB) entryPage(ctx context.Context, tx *sql.Tx, id string, after int64) ([]ledger.StoredEntry, error) {
	rows, err := tx.QueryContext(ctx, db.rebind(`SELECT seq, time_us, actor, type, corrects, entry, leaf_hash, nodes FROM ledger
		WHERE ledger_id = ? AND seq > ? ORDER BY seq LIMIT ?`), id, after, pageSize)
	if err != nil {
		return nil, fmt.Errorf("read entries: %w", err)
	}
	defer rows.Close()
	out := make([]ledger.StoredEntry, 0, pageSize)
	for rows.Next() {
		var e ledger.StoredEntry
		if err := rows.Scan(&e.Seq, &e.TimeMicros, &e.Actor, &e.Type, &e.Corrects, &e.Entry, &e.LeafHash, &e.Nodes); err != nil {
			return nil, fmt.Errorf("read entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (db *DB) checkpointPage(ctx context.Context, tx *sql.Tx, id string, after, upTo int64) ([]ledger.StoredCheckpoint, error) {
	q, args := "SELECT size, root, note, signed_us FROM checkpoints WHERE ledger_id = ? AND size > ?", []any{id, after}
	if upTo >= 0 {
		q += " AND size <= ?"
		args = append(args, upTo)
	}
	rows, err := tx.QueryContext(ctx, db.rebind(q+" ORDER BY size"), args...)
	if err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	defer rows.Close()
	var out []ledger.StoredCheckpoint
	for rows.Next() {
		var cp ledger.StoredCheckpoint
		var size int64
		if err := rows.Scan(&size, &cp.Root, &cp.Note, &cp.SignedMicros); err != nil {
			return nil, fmt.Errorf("read checkpoints: %w", err)
		}
		cp.Size = uint64(size)
		out = append(out, cp)
	}
	return out, rows.Err()
}

// compareProjections compares every stored projection row of a ledger with
// the state replayed from its events.
func (db *DB) compareProjections(ctx context.Context, q querier, check *ledger.Check, state *setsafe.State) error {
	list, _ := projectionTables()
	for _, t := range list {
		seen := map[string]bool{}
		lastSeq := slices.Index(t.columnNames(), "last_seq")
		err := db.scanTable(ctx, q, t, state.Ledger, func(stored setsafe.Row, vals []any) error {
			key := stored.Key()
			seen[key] = true
			replayed := state.Row(t.name, key)
			seq, _ := vals[lastSeq].(int64)
			if replayed == nil {
				check.Problem(seq, ledger.ProblemProjection, "table %s has row %q, which the ledger never created or has removed", t.name, key)
				return nil
			}
			for _, d := range t.diff(vals, t.values(state.Ledger, replayed)) {
				check.Problem(seq, ledger.ProblemProjection, "table %s row %q: %s", t.name, key, d)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range state.Rows(t.name) {
			if !seen[r.Key()] {
				seq, _ := t.values(state.Ledger, r)[lastSeq].(int64)
				check.Problem(seq, ledger.ProblemProjection, "table %s lacks row %q, which the ledger holds", t.name, r.Key())
			}
		}
	}
	return nil
}

// Rebuild replaces a ledger's projection rows with those replayed from its
// entries. Use it after verification reports damaged projections;
// it does not touch entries or checkpoints.
func (db *DB) Rebuild(ctx context.Context, ledgerID string) error {
	err := db.w.inWriter(ctx, func() (err error) {
		defer func() {
			if err != nil {
				delete(db.w.states, ledgerID)
			}
		}()
		tx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		// Another process's writer must not append while the projections
		// are rebuilt from what this one reads.
		if err := db.dialect.LockLedgers(ctx, tx, []string{ledgerID}); err != nil {
			return fmt.Errorf("lock ledger: %w", err)
		}
		c := &ledgerCache{state: setsafe.NewState(ledgerID), tree: ledger.NewTree()}
		rows, err := tx.QueryContext(ctx, db.rebind("SELECT entry FROM ledger WHERE ledger_id = ? ORDER BY seq"), ledgerID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var entry []byte
			if err := rows.Scan(&entry); err != nil {
				rows.Close()
				return err
			}
			ev, err := ledger.DecodeEntry(entry)
			if err == nil {
				err = c.state.Apply(ev)
			}
			if err != nil {
				rows.Close()
				return setsafe.Errorf(setsafe.EConflict, "Entry %d of %s cannot be replayed (%v); the ledger itself is damaged and rebuilding cannot help.", c.tree.Size()+1, ledgerID, err)
			}
			c.tree.Append(ledger.LeafHash(entry))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		list, _ := projectionTables()
		for _, t := range list {
			if _, err := tx.ExecContext(ctx, db.rebind("DELETE FROM "+t.name+" WHERE ledger_id = ?"), ledgerID); err != nil {
				return err
			}
		}
		var changes []setsafe.Change
		for _, t := range list {
			for _, r := range c.state.Rows(t.name) {
				changes = append(changes, setsafe.Change{Row: r})
			}
		}
		c.state.TakeChanges()
		if err := db.w.writeProjections(ctx, tx, ledgerID, changes); err != nil {
			return err
		}
		db.w.states[ledgerID] = c
		return tx.Commit()
	})
	return db.classify(err)
}

// LedgerIDs returns the ID of every ledger that appears in the database.
func (db *DB) LedgerIDs(ctx context.Context) ([]string, error) {
	return db.ledgerIDs(ctx, db.read)
}

// keptCheckpoint returns the checkpoint of a ledger kept outside the
// database, if there is one (note is nil otherwise).
func keptCheckpoint(id string, note []byte, v *ledger.Verifier) *ledger.StoredCheckpoint {
	if note == nil {
		return nil
	}
	cp := &ledger.StoredCheckpoint{Note: note, Kept: true}
	// A note the verifier cannot open keeps size 0, so that it is checked,
	// and reported, after the last entry.
	if size, root, err := v.Open(id, note); err == nil {
		cp.Size, cp.Root = size, root
	}
	return cp
}
