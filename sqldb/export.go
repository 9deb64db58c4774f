package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/witness"
)

// ExportOptions say which entries of a production's ledger an evidence
// bundle holds, and for whom.
type ExportOptions struct {
	// From and To are the first and last entries by number; 0 is the
	// ledger's first, or its last.
	From, To int64
	// Since and Until choose the entries by time instead: those recorded
	// at or after Since and before Until. A zero Since is the ledger's
	// beginning and a zero Until the time of the export. Numbers and
	// times do not mix.
	Since, Until time.Time
	// ForThirdParty leaves out, in place, the entries that carry what a
	// third party must not read (see [setsafe.PrivateEntry]), and the
	// files they attach.
	ForThirdParty bool
	// Quorum is how many witnesses must have cosigned a checkpoint for it
	// to be the head: the latest such checkpoint that covers the range,
	// else the latest checkpoint. Witnesses are stated in the manifest.
	Quorum    int
	Witnesses []evidence.Witness
	// Attestation is a signed compliance statement to carry, if any.
	Attestation []byte
}

// BundleWriter receives a bundle's parts in the order a bundle holds
// them; [evidence.Writer] is one.
type BundleWriter interface {
	Entry(seq uint64, entry []byte) error
	Withheld(seq uint64, leafHash []byte, statedType string) error
	Checkpoint(note []byte) error
	Attachment(a evidence.Attachment, content io.Reader) error
	Attestation(signed []byte) error
	Close(head evidence.Head) error
}

// ExportSummary says what an export wrote.
type ExportSummary struct {
	// Manifest is the manifest the bundle began with, with the counts
	// of what was written as the bundle's own manifest counts them
	// (Entries counts every record, withheld ones too).
	Manifest evidence.Manifest
	// HeadCosigned is how many witnesses cosigned the head, and Final
	// whether that meets a quorum asked for.
	HeadCosigned int
	Final        bool
}

// exportPage is how many entries an export reads per query: memory holds
// one page, whatever the size of the ledger.
const exportPage = 4096

// Export writes an evidence bundle of a production's ledger: the entries
// of the range in order, whole or withheld, the checkpoints of the range
// with their witnesses' cosignatures, the head checkpoint beyond it, the
// files the entries attach and the proofs that tie them together. It reads
// one snapshot of the database, in pages, so memory does not grow with the
// ledger. If no checkpoint covers the range's last entry, it signs one
// first. It refuses a ledger whose entries no longer match their leaf
// hashes or the checkpoints signed over them, naming where, before the
// bundle is complete; start receives the manifest as known before the
// entries, and returns the writer.
func (db *DB) Export(ctx context.Context, ledgerID string, opt ExportOptions, start func(evidence.Manifest) (BundleWriter, error)) (ExportSummary, error) {
	if err := opt.check(); err != nil {
		return ExportSummary{}, err
	}
	if ledgerID == setsafe.SiteLedger {
		return ExportSummary{}, setsafe.Errorf(setsafe.EInvalid, "The site ledger holds accounts, not a production's records; export a production's ledger.")
	}
	prod, err := db.Production(ctx, ledgerID)
	if err != nil {
		return ExportSummary{}, err
	}
	now := setsafe.LedgerTime(db.cfg.Clock.Now())
	byTime := !opt.Since.IsZero() || !opt.Until.IsZero()
	var period *evidence.Period
	if byTime {
		period = &evidence.Period{From: opt.Since, To: opt.Until}
		if period.To.IsZero() || period.To.After(now) {
			period.To = now
		}
	}

	// The last entry, and a checkpoint that covers it, before the snapshot:
	// signing goes through the writer.
	size, err := db.LedgerSize(ctx, ledgerID)
	if err != nil {
		return ExportSummary{}, err
	}
	if size == 0 {
		return ExportSummary{}, setsafe.Errorf(setsafe.ENotFound, "Production %s has no entries yet.", ledgerID)
	}
	to := opt.To
	switch {
	case byTime:
		if to, err = db.firstAtOrAfter(ctx, db.query, ledgerID, period.To, size); err != nil {
			return ExportSummary{}, err
		}
		to-- // the last entry before the period's end
	case to == 0:
		to = size
	case to > size:
		return ExportSummary{}, setsafe.Errorf(setsafe.EInvalid, "Production %s has %d entries; the last entry to export must be from 1 to %d.", ledgerID, size, size)
	}
	if to >= 1 {
		if err := db.cover(ctx, ledgerID, to); err != nil {
			return ExportSummary{}, err
		}
	}

	tx, err := db.dialect.Snapshot(ctx, db.read)
	if err != nil {
		return ExportSummary{}, db.classify(fmt.Errorf("begin export: %w", err))
	}
	defer tx.Rollback()
	run := db.on(tx)
	from := max(opt.From, 1)
	if byTime {
		if period.From.IsZero() {
			first, err := db.entryTime(ctx, run, ledgerID, 1)
			if err != nil {
				return ExportSummary{}, err
			}
			period.From = first
		}
		if from, err = db.firstAtOrAfter(ctx, run, ledgerID, period.From, to); err != nil {
			return ExportSummary{}, err
		}
	}
	if from > to {
		if byTime {
			return ExportSummary{}, setsafe.Errorf(setsafe.ENotFound, "Production %s has no entries recorded from %s until %s.", ledgerID,
				period.From.Format(time.RFC3339), period.To.Format(time.RFC3339))
		}
		return ExportSummary{}, setsafe.Errorf(setsafe.EInvalid, "The first entry to export, %d, is after the last, %d.", from, to)
	}

	head, cosigned, err := db.exportHead(ctx, run, ledgerID, to, opt.Quorum, opt.Witnesses)
	if err != nil {
		return ExportSummary{}, err
	}
	nodes := db.nodeRows(ctx, run, ledgerID)
	tree, err := ledger.RestoreTreeFrom(uint64(from-1), nodes)
	if err != nil {
		return ExportSummary{}, tamperedError(ledgerID, err.Error())
	}
	files, err := db.fileSizes(ctx, run, ledgerID)
	if err != nil {
		return ExportSummary{}, err
	}
	x := &exporter{db: db, run: run, ledger: ledgerID, from: from, to: to, opt: opt, files: files, tree: tree,
		attached: map[string][]uint64{}, withheldFiles: map[string]bool{}}
	if opt.ForThirdParty && len(files) > 0 {
		if err := x.findWithheldFiles(ctx); err != nil {
			return ExportSummary{}, err
		}
	}

	m := evidence.Manifest{
		Format: evidence.Format, Origin: head.origin, Ledger: ledgerID, Production: prod.Name,
		From: uint64(from), To: uint64(to), Period: period, LeftEdge: splitHashes(tree.Edge()),
		Witnesses: opt.Witnesses, Quorum: opt.Quorum, AttachmentsWithheld: len(x.withheldFiles),
		Attestation: opt.Attestation != nil, CreatedAt: now,
	}
	if s := db.cfg.Signer; s != nil {
		m.VerifierKey = s.VerifierKey()
	}
	if opt.ForThirdParty {
		m.Withholding = withholding()
	}
	w, err := start(m)
	if err != nil {
		return ExportSummary{}, err
	}
	if err := x.entries(ctx, w); err != nil {
		return ExportSummary{}, err
	}
	proof, err := ledger.ConsistencyProof(uint64(to), head.size, nodes)
	if err != nil {
		return ExportSummary{}, tamperedError(ledgerID, err.Error())
	}
	if err := x.checkpoints(ctx, w, head.size); err != nil {
		return ExportSummary{}, err
	}
	if err := x.attachments(ctx, w); err != nil {
		return ExportSummary{}, err
	}
	if opt.Attestation != nil {
		if err := w.Attestation(opt.Attestation); err != nil {
			return ExportSummary{}, err
		}
	}
	if err := w.Close(evidence.Head{Size: head.size, Consistency: proof}); err != nil {
		return ExportSummary{}, err
	}
	m.Head = evidence.Head{Size: head.size, Consistency: proof}
	m.Entries, m.Withheld, m.Checkpoints = x.kept+x.withheld, x.withheld, x.checkpointsWritten
	m.Attachments = x.written
	return ExportSummary{Manifest: m, HeadCosigned: cosigned, Final: opt.Quorum > 0 && cosigned >= opt.Quorum}, nil
}

func (o ExportOptions) check() error {
	p := setsafe.Problems{}
	if o.From < 0 {
		p.Add("from", "must be an entry number from 1")
	}
	if o.To < 0 {
		p.Add("to", "must be an entry number from 1")
	}
	if o.From > 0 && o.To > 0 && o.From > o.To {
		p.Add("from", "must not be after the last entry to export (%d)", o.To)
	}
	if (o.From > 0 || o.To > 0) && (!o.Since.IsZero() || !o.Until.IsZero()) {
		p.Add("from", "choose entries by number or by time, not both")
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && !o.Since.Before(o.Until) {
		p.Add("until", "must be after the beginning of the period")
	}
	if o.Quorum < 0 || o.Quorum > 0 && len(o.Witnesses) > 0 && o.Quorum > len(o.Witnesses) {
		p.Add("quorum", "must be from 0 to the number of witnesses")
	}
	return p.Err()
}

// withholding says in words what a bundle for a third party leaves out.
func withholding() string {
	var whats []string
	for _, t := range setsafe.PrivateTypes() {
		what, ok := setsafe.PrivateWhat(t)
		if !ok {
			what, _ = setsafe.PrivateEntry(t, setsafe.NewBody(t))
			if what == "" {
				// A type private by its body says what when it is.
				what = t + " entries that carry what a third party must not read"
			}
		}
		if !slices.Contains(whats, what) {
			whats = append(whats, what)
		}
	}
	return "made for a third party, the bundle withholds the entries that carry " + strings.Join(whats, "; ") + "; and it leaves out the files those entries attach. Every other entry is whole"
}

// cover makes sure a checkpoint covers entry to, signing one at the
// ledger's size if none does.
func (db *DB) cover(ctx context.Context, ledgerID string, to int64) error {
	cp, err := db.LatestCheckpoint(ctx, ledgerID)
	if err == nil && int64(cp.Size) >= to {
		return nil
	}
	if err != nil && setsafe.ErrorCode(err) != setsafe.ENotFound {
		return err
	}
	if db.cfg.Signer == nil {
		return setsafe.Errorf(setsafe.EUnavailable, "No checkpoint covers entry %d of %s yet, and there is no signing key here to sign one. "+
			"Export where the server's signing key is (--key FILE), or once the server has signed.", to, ledgerID)
	}
	_, err = db.SignCheckpoint(ctx, ledgerID)
	return err
}

// entryTime returns when an entry was recorded.
func (db *DB) entryTime(ctx context.Context, run reader, ledgerID string, seq int64) (time.Time, error) {
	rows, err := run(ctx, "SELECT time_us FROM ledger WHERE ledger_id = ? AND seq = ?", ledgerID, seq)
	if err != nil {
		return time.Time{}, db.classify(fmt.Errorf("read entry %d of %s: %w", seq, ledgerID, err))
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return time.Time{}, db.classify(err)
		}
		return time.Time{}, tamperedError(ledgerID, fmt.Sprintf("entry %d is missing", seq))
	}
	var us int64
	if err := rows.Scan(&us); err != nil {
		return time.Time{}, db.classify(err)
	}
	return time.UnixMicro(us).UTC(), rows.Err()
}

// firstAtOrAfter returns the first entry up to last recorded at or after
// t, or last+1 if none was. Entries are in the order of their times (setsafe
// verify checks it), so it looks up a few entries by number.
func (db *DB) firstAtOrAfter(ctx context.Context, run reader, ledgerID string, t time.Time, last int64) (int64, error) {
	lo, hi := int64(1), last+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		at, err := db.entryTime(ctx, run, ledgerID, mid)
		if err != nil {
			return 0, err
		}
		if at.Before(t) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// exportHeadRow is the checkpoint a bundle is proven against.
type exportHeadRow struct {
	size   uint64
	origin string
}

// exportHead returns the latest checkpoint of at least size to that
// quorum witnesses cosigned, else the latest one, and how many witnesses
// cosigned it.
//
// When witnesses are named, only their cosignatures count (by the key ID
// their verifier key carries): a witness removed from the production, or
// one the reader was not told of, makes no checkpoint final.
func (db *DB) exportHead(ctx context.Context, run reader, ledgerID string, to int64, quorum int, witnesses []evidence.Witness) (exportHeadRow, int, error) {
	only, args := "", []any{}
	if len(witnesses) > 0 {
		marks := make([]string, len(witnesses))
		for i, w := range witnesses {
			marks[i] = "?"
			args = append(args, witness.Witness{Key: w.Key}.KeyHash())
		}
		only = " AND s.key_hash IN (" + strings.Join(marks, ", ") + ")"
	}
	args = append(args, ledgerID, to)
	rows, err := run(ctx, `SELECT c.size, c.note, COUNT(DISTINCT s.witness) FROM checkpoints c
		LEFT JOIN cosignatures s ON s.ledger_id = c.ledger_id AND s.size = c.size`+only+`
		WHERE c.ledger_id = ? AND c.size >= ? GROUP BY c.size, c.note ORDER BY c.size DESC`, args...)
	if err != nil {
		return exportHeadRow{}, 0, db.classify(fmt.Errorf("read checkpoints of %s: %w", ledgerID, err))
	}
	defer rows.Close()
	var latest, chosen []byte
	latestN, chosenN := 0, 0
	for rows.Next() {
		var size int64
		var note []byte
		var n int
		if err := rows.Scan(&size, &note, &n); err != nil {
			return exportHeadRow{}, 0, db.classify(err)
		}
		if latest == nil {
			latest, latestN = note, n
		}
		if n >= quorum {
			chosen, chosenN = note, n
			break
		}
	}
	if err := rows.Err(); err != nil {
		return exportHeadRow{}, 0, db.classify(err)
	}
	if chosen == nil {
		chosen, chosenN = latest, latestN
	}
	if chosen == nil {
		return exportHeadRow{}, 0, setsafe.Errorf(setsafe.EUnavailable, "No checkpoint of %s covers entry %d yet; try again in a moment.", ledgerID, to)
	}
	cp, err := ledger.ReadCheckpoint(ledgerID, chosen)
	if err != nil {
		return exportHeadRow{}, 0, tamperedError(ledgerID, "a checkpoint's note cannot be read: "+err.Error())
	}
	origin, _, _ := bytes.Cut(chosen, []byte("\n"))
	return exportHeadRow{size: cp.Size, origin: string(origin)}, chosenN, nil
}

// fileInfo is a stored file's media type and size.
type fileInfo struct {
	contentType string
	size        int64
}

// fileSizes returns the files stored for a ledger, without their bytes.
func (db *DB) fileSizes(ctx context.Context, run reader, ledgerID string) (map[string]fileInfo, error) {
	rows, err := run(ctx, "SELECT sha256, content_type, size FROM files WHERE ledger_id = ?", ledgerID)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read files of %s: %w", ledgerID, err))
	}
	defer rows.Close()
	out := map[string]fileInfo{}
	for rows.Next() {
		var sha string
		var f fileInfo
		if err := rows.Scan(&sha, &f.contentType, &f.size); err != nil {
			return nil, db.classify(err)
		}
		out[sha] = f
	}
	return out, db.classify(rows.Err())
}

// exporter is one export under way.
type exporter struct {
	db       *DB
	run      reader
	ledger   string
	from, to int64
	opt      ExportOptions
	files    map[string]fileInfo
	tree     *ledger.Tree

	// attached are the files kept entries name, with those entries;
	// withheldFiles those withheld entries name, which are left out.
	attached      map[string][]uint64
	withheldFiles map[string]bool

	kept, withheld, checkpointsWritten int
	written                            []evidence.Attachment
}

// exportRow is one ledger row as an export reads it.
type exportRow struct {
	seq   int64
	typ   string
	entry []byte
	leaf  []byte
}

// page reads the rows after seq up to the range's end, at most
// exportPage of them; with types, only rows of those types.
func (x *exporter) page(ctx context.Context, after int64, types []string) ([]exportRow, error) {
	q := "SELECT seq, type, entry, leaf_hash FROM ledger WHERE ledger_id = ? AND seq > ? AND seq <= ?"
	args := []any{x.ledger, after, x.to}
	if len(types) > 0 {
		q += " AND type IN (" + placeholders(len(types)) + ")"
		for _, t := range types {
			args = append(args, t)
		}
	}
	rows, err := x.run(ctx, q+" ORDER BY seq LIMIT ?", append(args, exportPage)...)
	if err != nil {
		return nil, x.db.classify(fmt.Errorf("read entries of %s: %w", x.ledger, err))
	}
	defer rows.Close()
	out := make([]exportRow, 0, exportPage)
	for rows.Next() {
		var r exportRow
		if err := rows.Scan(&r.seq, &r.typ, &r.entry, &r.leaf); err != nil {
			return nil, x.db.classify(fmt.Errorf("read entries of %s: %w", x.ledger, err))
		}
		out = append(out, r)
	}
	return out, x.db.classify(rows.Err())
}

// open decodes a row's envelope and checks it against the row's columns;
// a difference is a change made outside setsafe.
func (x *exporter) open(r exportRow) (ledger.Envelope, error) {
	env, err := ledger.DecodeEnvelope(r.entry)
	if err != nil {
		return env, tamperedError(x.ledger, fmt.Sprintf("entry %d cannot be read: %v", r.seq, err))
	}
	if env.Ledger != x.ledger || env.Seq != r.seq || env.Type != r.typ {
		return env, tamperedError(x.ledger, fmt.Sprintf("entry %d says it is entry %d of %s, of type %s", r.seq, env.Seq, env.Ledger, env.Type))
	}
	return env, nil
}

// private returns what an entry carries that a third party must not read,
// if the export is for one and it does.
func (x *exporter) private(env ledger.Envelope) (bool, error) {
	if !x.opt.ForThirdParty {
		return false, nil
	}
	if _, ok := setsafe.PrivateWhat(env.Type); ok {
		return true, nil
	}
	if !setsafe.PrivateByBody(env.Type) {
		return false, nil
	}
	b, err := setsafe.DecodeBody(env.Type, env.Version, env.Body)
	if err != nil {
		return false, tamperedError(x.ledger, fmt.Sprintf("entry %d's body cannot be read: %v", env.Seq, err))
	}
	_, ok := setsafe.PrivateEntry(env.Type, b)
	return ok, nil
}

// findWithheldFiles reads the entries that may be withheld, before the
// bundle begins, for the files they name: those are left out, and the
// manifest counts them.
func (x *exporter) findWithheldFiles(ctx context.Context) error {
	types := setsafe.PrivateTypes()
	for after := x.from - 1; ; {
		rows, err := x.page(ctx, after, types)
		if err != nil {
			return err
		}
		for _, r := range rows {
			env, err := x.open(r)
			if err != nil {
				return err
			}
			if p, err := x.private(env); err != nil {
				return err
			} else if p {
				namedFiles(env.Body, x.files, func(sha string) { x.withheldFiles[sha] = true })
			}
		}
		if len(rows) < exportPage {
			return nil
		}
		after = rows[len(rows)-1].seq
	}
}

// entries writes the entries of the range, and checks each against its
// leaf hash and the tree against every checkpoint signed within the range.
func (x *exporter) entries(ctx context.Context, w BundleWriter) error {
	next := x.from
	if x.from > 1 {
		roots, err := x.signedRoots(ctx, x.from-2, x.from-1)
		if err == nil {
			_, err = x.checkRoot(roots)
		}
		if err != nil {
			return err
		}
	}
	// One goroutine reads pages while this one hashes and writes them; it
	// ends, and leaves the transaction, before this returns.
	ctx, cancel := context.WithCancel(ctx)
	batches := make(chan entryBatch, 2)
	go x.readEntries(ctx, batches)
	defer func() {
		cancel()
		for range batches {
		}
	}()
	for next <= x.to {
		batch, ok := <-batches
		if !ok {
			return ctx.Err()
		}
		rows, roots := batch.rows, batch.roots
		if batch.err != nil {
			return batch.err
		}
		if len(rows) == 0 {
			return tamperedError(x.ledger, fmt.Sprintf("entries %d to %d are missing", next, x.to))
		}
		for _, r := range rows {
			if r.seq != next {
				return tamperedError(x.ledger, fmt.Sprintf("entry %d is missing", next))
			}
			env, err := x.open(r)
			if err != nil {
				return err
			}
			leaf := ledger.LeafHash(r.entry)
			if !bytes.Equal(leaf, r.leaf) {
				return tamperedError(x.ledger, fmt.Sprintf("entry %d no longer hashes to its leaf hash", r.seq))
			}
			x.tree.Append(leaf)
			if roots, err = x.checkRoot(roots); err != nil {
				return err
			}
			withhold, err := x.private(env)
			if err != nil {
				return err
			}
			if withhold {
				err = w.Withheld(uint64(r.seq), leaf, env.Type)
				x.withheld++
			} else {
				namedFiles(env.Body, x.files, func(sha string) {
					if by := x.attached[sha]; !x.withheldFiles[sha] && (len(by) == 0 || by[len(by)-1] != uint64(r.seq)) {
						x.attached[sha] = append(by, uint64(r.seq))
					}
				})
				err = w.Entry(uint64(r.seq), r.entry)
				x.kept++
			}
			if err != nil {
				return err
			}
			next++
		}
	}
	return nil
}

// entryBatch is a page of entries with the roots signed within it.
type entryBatch struct {
	rows  []exportRow
	roots []signedRoot
	err   error
}

// readEntries sends the range's entries in pages, each with the roots
// signed at the sizes it reaches.
func (x *exporter) readEntries(ctx context.Context, out chan<- entryBatch) {
	defer close(out)
	for after := x.from - 1; after < x.to; {
		rows, err := x.page(ctx, after, nil)
		var roots []signedRoot
		if err == nil && len(rows) > 0 {
			roots, err = x.signedRoots(ctx, after, rows[len(rows)-1].seq)
		}
		select {
		case out <- entryBatch{rows: rows, roots: roots, err: err}:
		case <-ctx.Done():
			return
		}
		if err != nil || len(rows) == 0 {
			return
		}
		after = rows[len(rows)-1].seq
	}
}

// signedRoot is the root a checkpoint signed at a size.
type signedRoot struct {
	size uint64
	root []byte
}

// signedRoots returns the roots signed at sizes after+1 to upTo, in order.
func (x *exporter) signedRoots(ctx context.Context, after, upTo int64) ([]signedRoot, error) {
	rows, err := x.run(ctx, "SELECT size, note FROM checkpoints WHERE ledger_id = ? AND size > ? AND size <= ? ORDER BY size", x.ledger, after, upTo)
	if err != nil {
		return nil, x.db.classify(fmt.Errorf("read checkpoints of %s: %w", x.ledger, err))
	}
	defer rows.Close()
	var out []signedRoot
	for rows.Next() {
		var size int64
		var note []byte
		if err := rows.Scan(&size, &note); err != nil {
			return nil, x.db.classify(err)
		}
		cp, err := ledger.ReadCheckpoint(x.ledger, note)
		if err != nil || cp.Size != uint64(size) {
			return nil, tamperedError(x.ledger, fmt.Sprintf("the checkpoint at size %d cannot be read", size))
		}
		out = append(out, signedRoot{size: cp.Size, root: cp.Root})
	}
	return out, x.db.classify(rows.Err())
}

// checkRoot compares the tree with the root signed at its size, if one
// was, and returns the roots still to compare.
func (x *exporter) checkRoot(roots []signedRoot) ([]signedRoot, error) {
	for len(roots) > 0 && roots[0].size <= x.tree.Size() {
		if roots[0].size == x.tree.Size() && !bytes.Equal(roots[0].root, x.tree.Root()) {
			what := fmt.Sprintf("entries 1 to %d do not hash to the root signed at size %d", x.tree.Size(), x.tree.Size())
			if x.tree.Size() < uint64(x.from) {
				what = fmt.Sprintf("the tree nodes stored for entries 1 to %d do not hash to the root signed at size %d", x.tree.Size(), x.tree.Size())
			}
			return nil, tamperedError(x.ledger, what)
		}
		roots = roots[1:]
	}
	return roots, nil
}

// checkpoints writes the checkpoints of sizes from-1 to to, then the head,
// each with its witnesses' cosignatures after its own signatures.
func (x *exporter) checkpoints(ctx context.Context, w BundleWriter, head uint64) error {
	rows, err := x.run(ctx, `SELECT c.size, c.note, s.line FROM checkpoints c
		LEFT JOIN cosignatures s ON s.ledger_id = c.ledger_id AND s.size = c.size
		WHERE c.ledger_id = ? AND (c.size >= ? AND c.size <= ? OR c.size = ?)
		ORDER BY c.size, s.witness, s.key_hash`, x.ledger, x.from-1, x.to, int64(head))
	if err != nil {
		return x.db.classify(fmt.Errorf("read checkpoints of %s: %w", x.ledger, err))
	}
	defer rows.Close()
	var note []byte
	size := int64(-1)
	flush := func() error {
		if note == nil {
			return nil
		}
		x.checkpointsWritten++
		err := w.Checkpoint(note)
		note = nil
		return err
	}
	for rows.Next() {
		var s int64
		var n []byte
		var line sql.NullString
		if err := rows.Scan(&s, &n, &line); err != nil {
			return x.db.classify(err)
		}
		if s != size {
			if err := flush(); err != nil {
				return err
			}
			size, note = s, bytes.Clone(n)
		}
		if line.Valid && line.String != "" {
			note = append(note, line.String...)
			if !strings.HasSuffix(line.String, "\n") {
				note = append(note, '\n')
			}
		}
	}
	if err := rows.Err(); err != nil {
		return x.db.classify(err)
	}
	return flush()
}

// attachments writes the files the kept entries name, each once, in the
// order of their hashes.
func (x *exporter) attachments(ctx context.Context, w BundleWriter) error {
	for _, sha := range slices.Sorted(maps.Keys(x.attached)) {
		var contentType string
		var data []byte
		err := x.db.scanOne(ctx, x.run, "SELECT content_type, data FROM files WHERE ledger_id = ? AND sha256 = ?", []any{x.ledger, sha}, &contentType, &data)
		if err != nil {
			return err
		}
		if setsafe.NewFile(contentType, data).SHA256 != sha {
			return tamperedError(x.ledger, fmt.Sprintf("file %s no longer holds the bytes the entries attached", sha))
		}
		a := evidence.Attachment{SHA256: sha, Size: int64(len(data)), ContentType: contentType, Entries: x.attached[sha]}
		if err := w.Attachment(a, bytes.NewReader(data)); err != nil {
			return err
		}
		x.written = append(x.written, a)
	}
	return nil
}

// scanOne reads one row.
func (db *DB) scanOne(ctx context.Context, run reader, q string, args []any, dest ...any) error {
	rows, err := run(ctx, q, args...)
	if err != nil {
		return db.classify(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return db.classify(err)
		}
		return db.classify(fmt.Errorf("%s: %w", q, sql.ErrNoRows))
	}
	if err := rows.Scan(dest...); err != nil {
		return db.classify(err)
	}
	return db.classify(rows.Err())
}

// namedFiles calls f with each stored file whose SHA-256 an entry's body
// names: a run of exactly 64 lower-case hex digits that is a stored file's.
func namedFiles(body []byte, files map[string]fileInfo, f func(sha string)) {
	if len(files) == 0 {
		return
	}
	run := 0
	for i := 0; i <= len(body); i++ {
		if i < len(body) && (body[i] >= '0' && body[i] <= '9' || body[i] >= 'a' && body[i] <= 'f') {
			run++
			continue
		}
		if run == 64 {
			sha := string(body[i-64 : i])
			if _, ok := files[sha]; ok {
				f(sha)
			}
		}
		run = 0
	}
}

// splitHashes splits concatenated tree hashes.
func splitHashes(b []byte) [][]byte {
	out := make([][]byte, 0, len(b)/ledger.HashSize)
	for i := 0; i+ledger.HashSize <= len(b); i += ledger.HashSize {
		out = append(out, b[i:i+ledger.HashSize])
	}
	return out
}
