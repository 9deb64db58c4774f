package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Sessions is a store of web sessions for github.com/alexedwards/scs/v2
// (it implements scs.CtxStore). Sessions are working data, not evidence:
// they are kept outside the ledger and expire.
type Sessions struct{ db *DB }

// Sessions returns the session store.
func (db *DB) Sessions() *Sessions { return &Sessions{db: db} }

// FindCtx returns the data of an unexpired session.
func (s *Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	var expiry int64
	err := s.db.queryRow(ctx, "SELECT data, expiry_us FROM sessions WHERE token = ?", token).Scan(&data, &expiry)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.db.classify(fmt.Errorf("read session: %w", err))
	}
	if time.Now().UnixMicro() >= expiry {
		return nil, false, nil
	}
	return data, true, nil
}

// CommitCtx stores a session's data until expiry.
func (s *Sessions) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	_, err := s.db.write.ExecContext(ctx, s.db.rebind(`INSERT INTO sessions (token, data, expiry_us) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry_us = excluded.expiry_us`), token, data, expiry.UnixMicro())
	if err != nil {
		return s.db.classify(fmt.Errorf("store session: %w", err))
	}
	return nil
}

// DeleteCtx removes a session.
func (s *Sessions) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.write.ExecContext(ctx, s.db.rebind("DELETE FROM sessions WHERE token = ?"), token)
	return s.db.classify(err)
}

// Find implements scs.Store.
func (s *Sessions) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit implements scs.Store.
func (s *Sessions) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

// Delete implements scs.Store.
func (s *Sessions) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// DeleteExpired removes sessions that have expired and returns how many.
func (s *Sessions) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.write.ExecContext(ctx, s.db.rebind("DELETE FROM sessions WHERE expiry_us < ?"), time.Now().UnixMicro())
	if err != nil {
		return 0, s.db.classify(err)
	}
	return res.RowsAffected()
}
