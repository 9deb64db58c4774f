package sqldb

import "sync"

// CatchingUp returns the lock a reader holds while it brings a ledger's
// committed state up to date, so that a test can play a slow reader.
func (db *DB) CatchingUp(id string) *sync.Mutex { return db.committed.catchingUp(id) }
