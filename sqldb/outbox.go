package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// This file holds the outbox of notifications, which the writer fills in
// the transaction that writes the entries causing them, and what the
// escalation clock keeps aside. None of it is evidence: see docs/ledger.md.

// writeOutbox stores a batch's notifications and keeps the escalation
// clock's queue. A notification is written at the time of its entry, which
// for the anonymous actor's is kept to the minute.
func (w *writer) writeOutbox(ctx context.Context, tx *sql.Tx, p *plan) error {
	for notes := p.notes; len(notes) > 0; {
		n := min(len(notes), entriesPerInsert)
		args := make([]any, 0, n*15)
		for _, nt := range notes[:n] {
			at := nt.At.UnixMicro()
			state, delivered := setsafe.DeliveryPending, any(nil)
			if nt.Channel == setsafe.ChannelInbox {
				// Written is delivered: the inbox is read from this table.
				state, delivered = setsafe.DeliveryDelivered, at
			}
			args = append(args, nt.ID, nt.Ledger, nt.Seq, nt.Event, nt.Channel, nt.Recipient, nt.Rung, nt.About, nt.Subject, nt.Text, at, state, at, delivered, nt.Anonymous)
		}
		row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, '', ?)"
		err := w.db.txExec(ctx, tx, `INSERT INTO notifications (id, ledger_id, seq, event, channel, recipient, rung, about, subject, text,
			created_us, state, attempts, next_us, claimed_until_us, delivered_us, last_error, anonymous) VALUES `+strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")+`
			ON CONFLICT (ledger_id, seq, channel, recipient) DO NOTHING`, args...)
		if err != nil {
			return fmt.Errorf("store notifications: %w", err)
		}
		notes = notes[n:]
	}
	// The last change to each concern in the batch is the one that stands.
	last := map[[2]string]setsafe.EscalationUpdate{}
	var order [][2]string
	for _, q := range p.queue {
		k := [2]string{q.ledger, q.update.Item}
		if _, ok := last[k]; !ok {
			order = append(order, k)
		}
		last[k] = q.update
	}
	var waiting, gone []any
	for _, k := range order {
		if u := last[k]; u.Waiting {
			waiting = append(waiting, k[0], k[1], u.Deadline.UnixMicro())
		} else {
			gone = append(gone, k[0], k[1])
		}
	}
	for len(waiting) > 0 {
		n := min(len(waiting)/3, entriesPerInsert)
		err := w.db.txExec(ctx, tx, `INSERT INTO escalation_queue (ledger_id, item, deadline_us) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")+`
			ON CONFLICT (ledger_id, item) DO UPDATE SET deadline_us = excluded.deadline_us`, waiting[:3*n]...)
		if err != nil {
			return fmt.Errorf("keep the escalation queue: %w", err)
		}
		waiting = waiting[3*n:]
	}
	for len(gone) > 0 {
		n := min(len(gone)/2, entriesPerInsert)
		err := w.db.txExec(ctx, tx, `DELETE FROM escalation_queue WHERE (ledger_id, item) IN (VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")+`)`, gone[:2*n]...)
		if err != nil {
			return fmt.Errorf("keep the escalation queue: %w", err)
		}
		gone = gone[2*n:]
	}
	return nil
}

// signalOutbox wakes the sender after a commit that left notifications to
// send.
func (db *DB) signalOutbox(p *plan) {
	for _, n := range p.notes {
		if n.Channel != setsafe.ChannelInbox {
			select {
			case db.outbox <- struct{}{}:
			default:
			}
			return
		}
	}
}

// OutboxWritten receives a value after a commit that left notifications to
// send, so that the sender need not wait for its next poll.
func (db *DB) OutboxWritten() <-chan struct{} { return db.outbox }

// DueItems returns up to limit items of the escalation clock, in every
// production, whose deadline is at or before now, earliest first: concerns
// and alerts with a rung left to climb, and watches due. It reads the
// escalation queue that the writer keeps beside them, so a concern at the
// top of its ladder costs nothing however long it stays late.
func (db *DB) DueItems(ctx context.Context, now time.Time, limit int) ([]setsafe.ClockItem, error) {
	rows, err := db.query(ctx, `SELECT ledger_id, item, deadline_us FROM escalation_queue
		WHERE deadline_us <= ? ORDER BY deadline_us LIMIT ?`, now.UnixMicro(), limit)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read the escalation queue: %w", err))
	}
	defer rows.Close()
	var out []setsafe.ClockItem
	for rows.Next() {
		var c setsafe.ClockItem
		var us int64
		if err := rows.Scan(&c.Ledger, &c.Item, &us); err != nil {
			return nil, db.classify(fmt.Errorf("read the escalation queue: %w", err))
		}
		c.Deadline = time.UnixMicro(us).UTC()
		out = append(out, c)
	}
	return out, db.classify(rows.Err())
}

// SetAside takes a due item that was not due after all out of the
// escalation queue, unless its deadline changed meanwhile; an entry that
// changes it puts it back.
func (db *DB) SetAside(ctx context.Context, c setsafe.ClockItem) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM escalation_queue WHERE ledger_id = ? AND item = ? AND deadline_us = ?`),
		c.Ledger, c.Item, c.Deadline.UnixMicro())
	if err != nil {
		return db.classify(fmt.Errorf("set aside an item of the escalation queue: %w", err))
	}
	return nil
}

const deliveryColumns = "id, ledger_id, seq, event, channel, recipient, rung, about, subject, text, created_us, state, attempts, next_us, delivered_us, last_error, anonymous"

func scanDelivery(rows *sql.Rows) (setsafe.Delivery, error) {
	var d setsafe.Delivery
	var created, next int64
	var delivered sql.NullInt64
	err := rows.Scan(&d.ID, &d.Ledger, &d.Seq, &d.Event, &d.Channel, &d.Recipient, &d.Rung, &d.About, &d.Subject, &d.Text,
		&created, &d.State, &d.Attempts, &next, &delivered, &d.LastError, &d.Anonymous)
	d.At = time.UnixMicro(created).UTC()
	if d.State == setsafe.DeliveryPending {
		d.NextAttempt = time.UnixMicro(next).UTC()
	}
	if delivered.Valid {
		d.DeliveredAt = time.UnixMicro(delivered.Int64).UTC()
	}
	d.Log = []setsafe.DeliveryAttempt{}
	return d, err
}

func (db *DB) deliveries(ctx context.Context, rows *sql.Rows, err error) ([]setsafe.Delivery, error) {
	if err != nil {
		return nil, db.classify(fmt.Errorf("read notifications: %w", err))
	}
	defer rows.Close()
	out := []setsafe.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, db.classify(fmt.Errorf("read notifications: %w", err))
		}
		out = append(out, d)
	}
	return out, db.classify(rows.Err())
}

// ClaimNotifications takes up to limit pending e-mails and webhooks that
// are due at now, for lease: until then no other sender takes them. A
// sender that stops before it reports on one leaves it to be claimed again
// when the lease ends, so a crash loses none.
func (db *DB) ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]setsafe.Delivery, error) {
	us := now.UnixMicro()
	rows, err := db.write.QueryContext(ctx, db.rebind(`UPDATE notifications SET claimed_until_us = ?
		WHERE (ledger_id, seq, channel, recipient) IN (SELECT ledger_id, seq, channel, recipient FROM notifications
			WHERE state = 'pending' AND next_us <= ? AND claimed_until_us <= ? ORDER BY next_us LIMIT ?)
		AND state = 'pending' AND claimed_until_us <= ?
		RETURNING `+deliveryColumns), now.Add(lease).UnixMicro(), us, us, limit, us)
	return db.deliveries(ctx, rows, err)
}

// NotificationSent records a notification delivered on its attempt.
func (db *DB) NotificationSent(ctx context.Context, n setsafe.Notification, attempt int64, at time.Time) error {
	return db.attempted(ctx, n, attempt, at, setsafe.DeliveryDelivered, "", time.Time{})
}

// NotificationFailed records a failed attempt: the notification is tried
// again at next, or never again when next is zero.
func (db *DB) NotificationFailed(ctx context.Context, n setsafe.Notification, attempt int64, at time.Time, detail string, next time.Time) error {
	return db.attempted(ctx, n, attempt, at, setsafe.DeliveryFailed, detail, next)
}

func (db *DB) attempted(ctx context.Context, n setsafe.Notification, attempt int64, at time.Time, outcome, detail string, next time.Time) error {
	id := n.ID
	key := []any{n.Ledger, n.Seq, n.Channel, n.Recipient}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(fmt.Errorf("record a delivery attempt: %w", err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO notification_attempts (notification_id, attempt, at_us, outcome, detail) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (notification_id, attempt) DO NOTHING`), id, attempt, at.UnixMicro(), outcome, detail); err != nil {
		return db.classify(fmt.Errorf("record a delivery attempt: %w", err))
	}
	switch {
	case outcome == setsafe.DeliveryDelivered:
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE notifications SET state = 'delivered', attempts = ?, delivered_us = ?, claimed_until_us = 0, last_error = ''
			WHERE ledger_id = ? AND seq = ? AND channel = ? AND recipient = ? AND state = 'pending'`), append([]any{attempt, at.UnixMicro()}, key...)...)
	case next.IsZero():
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE notifications SET state = 'failed', attempts = ?, claimed_until_us = 0, last_error = ?
			WHERE ledger_id = ? AND seq = ? AND channel = ? AND recipient = ? AND state = 'pending'`), append([]any{attempt, detail}, key...)...)
	default:
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE notifications SET attempts = ?, next_us = ?, claimed_until_us = 0, last_error = ?
			WHERE ledger_id = ? AND seq = ? AND channel = ? AND recipient = ? AND state = 'pending'`), append([]any{attempt, next.UnixMicro(), detail}, key...)...)
	}
	if err != nil {
		return db.classify(fmt.Errorf("record a delivery attempt: %w", err))
	}
	return db.classify(tx.Commit())
}

// Inbox returns the newest notifications, up to limit, in the inboxes of
// a production given: a person's, and those of the confidential concerns
// they raised.
func (db *DB) Inbox(ctx context.Context, productionID string, inboxes []string, limit int) ([]setsafe.Notification, error) {
	out, _, err := db.InboxAfter(ctx, productionID, inboxes, "", limit)
	return out, err
}

// InboxAfter returns up to limit notifications in the inboxes given (see
// Inbox) after the one cursor points at ("" for the first), newest first,
// and the cursor of the next part, or "" when these are the last.
func (db *DB) InboxAfter(ctx context.Context, productionID string, inboxes []string, cursor string, limit int) ([]setsafe.Notification, string, error) {
	after, afterArgs, err := inboxOrder.after(cursor)
	if err != nil || len(inboxes) == 0 {
		return nil, "", err
	}
	limit = max(limit, 1)
	args := []any{productionID}
	for _, in := range inboxes {
		args = append(args, in)
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT `+deliveryColumns+` FROM notifications
		WHERE ledger_id = ? AND channel = 'inbox' AND recipient IN (`+placeholders(len(inboxes))+`) AND `+after+inboxOrder.orderBy()+` LIMIT ?`),
		append(append(args, afterArgs...), limit+1)...)
	ds, err := db.deliveries(ctx, rows, err)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(ds) > limit {
		ds = ds[:limit]
		next = inboxOrder.cursor(ds[limit-1].Seq, ds[limit-1].Recipient)
	}
	out := make([]setsafe.Notification, len(ds))
	for i, d := range ds {
		out[i] = d.Notification
	}
	return out, next, nil
}

// Deliveries returns the newest e-mails and webhooks of a production, up
// to limit, each with every attempt to send it.
func (db *DB) Deliveries(ctx context.Context, productionID string, limit int) ([]setsafe.Delivery, error) {
	out, _, err := db.DeliveriesAfter(ctx, productionID, "", limit)
	return out, err
}

// DeliveriesAfter returns up to limit e-mails and webhooks of a
// production, each with every attempt to send it, after the one cursor
// points at ("" for the first), newest first, and the cursor of the next
// part, or "" when these are the last.
func (db *DB) DeliveriesAfter(ctx context.Context, productionID, cursor string, limit int) ([]setsafe.Delivery, string, error) {
	after, afterArgs, err := deliveryOrder.after(cursor)
	if err != nil {
		return nil, "", err
	}
	limit = max(limit, 1)
	rows, err := db.query(ctx, `SELECT `+deliveryColumns+` FROM notifications
		WHERE ledger_id = ? AND channel <> 'inbox' AND `+after+deliveryOrder.orderBy()+` LIMIT ?`, append(append([]any{productionID}, afterArgs...), limit+1)...)
	ds, err := db.deliveries(ctx, rows, err)
	if err != nil || len(ds) == 0 {
		return ds, "", err
	}
	next := ""
	if len(ds) > limit {
		ds = ds[:limit]
		last := ds[limit-1]
		next = deliveryOrder.cursor(last.Seq, last.Channel, last.Recipient)
	}
	ids := make([]any, len(ds))
	at := map[string]int{}
	for i, d := range ds {
		ids[i], at[d.ID] = d.ID, i
	}
	arows, err := db.read.QueryContext(ctx, db.rebind(`SELECT notification_id, attempt, at_us, outcome, detail FROM notification_attempts
		WHERE notification_id IN (`+placeholders(len(ids))+`) ORDER BY notification_id, attempt`), ids...)
	if err != nil {
		return nil, "", db.classify(fmt.Errorf("read delivery attempts: %w", err))
	}
	defer arows.Close()
	for arows.Next() {
		var id string
		var a setsafe.DeliveryAttempt
		var us int64
		if err := arows.Scan(&id, &a.Attempt, &us, &a.Outcome, &a.Detail); err != nil {
			return nil, "", db.classify(fmt.Errorf("read delivery attempts: %w", err))
		}
		a.At = time.UnixMicro(us).UTC()
		ds[at[id]].Log = append(ds[at[id]].Log, a)
	}
	return ds, next, db.classify(arows.Err())
}

// WebhookSecret returns the secret that signs requests to a rung's
// webhook: the rung's own, or else the production's. It returns an
// ENotFound error when neither is set.
func (db *DB) WebhookSecret(ctx context.Context, productionID, rung string) (string, error) {
	var secret string
	err := db.queryRow(ctx, `SELECT secret FROM webhook_secrets WHERE ledger_id = ? AND (rung = ? OR rung = '') ORDER BY rung DESC LIMIT 1`,
		productionID, rung).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		return "", setsafe.Errorf(setsafe.ENotFound, "Production %s has no webhook secret; set one for the production or the %s rung.", productionID, strings.ReplaceAll(rung, "_", " "))
	}
	if err != nil {
		return "", db.classify(fmt.Errorf("read webhook secret: %w", err))
	}
	return secret, nil
}

// WebhookSecrets returns the rungs of a production that have a secret of
// their own, and "" if the production has one.
func (db *DB) WebhookSecrets(ctx context.Context, productionID string) ([]string, error) {
	rows, err := db.query(ctx, `SELECT rung FROM webhook_secrets WHERE ledger_id = ? ORDER BY rung`, productionID)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read webhook secrets: %w", err))
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, db.classify(fmt.Errorf("read webhook secrets: %w", err))
		}
		out = append(out, r)
	}
	return out, db.classify(rows.Err())
}

// PendingOutbox is what waits to be sent on one channel of the outbox.
type PendingOutbox struct {
	Channel string
	// Messages is how many notifications wait, to be sent or tried again.
	Messages int64
	// Oldest is when the oldest of them was written.
	Oldest time.Time
}

// PendingNotifications returns, for each channel with e-mails or webhooks
// waiting to be sent, how many wait and since when, by channel. It reads
// one index (notifications_pending), so it is cheap enough for every
// scrape of the metrics.
func (db *DB) PendingNotifications(ctx context.Context) ([]PendingOutbox, error) {
	rows, err := db.query(ctx, `SELECT channel, COUNT(*), MIN(created_us) FROM notifications
		WHERE state = 'pending' GROUP BY channel ORDER BY channel`)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read the outbox: %w", err))
	}
	defer rows.Close()
	var out []PendingOutbox
	for rows.Next() {
		var p PendingOutbox
		var us int64
		if err := rows.Scan(&p.Channel, &p.Messages, &us); err != nil {
			return nil, db.classify(fmt.Errorf("read the outbox: %w", err))
		}
		p.Oldest = time.UnixMicro(us).UTC()
		out = append(out, p)
	}
	return out, db.classify(rows.Err())
}
