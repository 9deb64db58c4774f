package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// This file holds how the writer writes a batch's rows: entries,
// projections and credentials.

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
	at     time.Time // the time of the entry it is written with
}

// secretRow is a webhook secret to store beside the entry that records
// it was set.
type secretRow struct {
	ledger string
	secret setsafe.WebhookSecret
}

// fileRow is a file to store under its hash, beside the entry that
// refers to it.
type fileRow struct {
	ledger string
	file   setsafe.File
	// at is the time of the entry that attaches it, which verification
	// compares with the time the file was stored.
	at time.Time
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

func (w *writer) writeCredentials(ctx context.Context, tx *sql.Tx, creds []credentialRow) error {
	for _, c := range creds {
		err := w.db.txExec(ctx, tx, `INSERT INTO credentials (ledger_id, kind, subject, hash, set_us) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (ledger_id, kind, subject) DO UPDATE SET hash = excluded.hash, set_us = excluded.set_us`,
			c.ledger, string(c.cred.Kind), c.cred.Subject, c.cred.Hash, c.at.UnixMicro())
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

// writeWebhookSecrets stores webhook secrets, each replacing the one the
// rung (or the production) had.
func (w *writer) writeWebhookSecrets(ctx context.Context, tx *sql.Tx, secrets []secretRow, now time.Time) error {
	for _, s := range secrets {
		err := w.db.txExec(ctx, tx, `INSERT INTO webhook_secrets (ledger_id, rung, secret, set_us) VALUES (?, ?, ?, ?)
			ON CONFLICT (ledger_id, rung) DO UPDATE SET secret = excluded.secret, set_us = excluded.set_us`,
			s.ledger, s.secret.Rung, s.secret.Secret, now.UnixMicro())
		if err != nil {
			return fmt.Errorf("store webhook secret: %w", err)
		}
	}
	return nil
}

// writeFiles stores attached files. A file is stored once per ledger under
// its hash, at the time of the first entry that attaches it, and never
// changed.
func (w *writer) writeFiles(ctx context.Context, tx *sql.Tx, files []fileRow) error {
	for _, f := range files {
		err := w.db.txExec(ctx, tx, `INSERT INTO files (ledger_id, sha256, content_type, size, data, stored_us) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (ledger_id, sha256) DO NOTHING`,
			f.ledger, f.file.SHA256, f.file.ContentType, int64(len(f.file.Data)), f.file.Data, f.at.UnixMicro())
		if err != nil {
			return fmt.Errorf("store file: %w", err)
		}
	}
	return nil
}
