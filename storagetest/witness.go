package storagetest

import (
	"database/sql"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
)

// RewriteEntries plays someone with the database but not the key: it
// changes entry seq of red-mesa and recomputes every hash from it on, so
// that the rows agree with each other again. Triggers must be off (see
// Backend.AllowTampering).
func RewriteEntries(t *testing.T, db *sqldb.DB, pool *sql.DB, seq int64, change func(*setsafe.Event)) {
	t.Helper()
	rewriteEntries(t, db, pool, seq, change)
}

// AllowRemovingCosignatures switches off the triggers that keep
// witnesses' cosignatures, so that a test can remove them as a forger
// would.
func (b Backend) AllowRemovingCosignatures(t testing.TB, db *sql.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER cosignatures_never_updated", "DROP TRIGGER cosignatures_never_deleted"}
	if b.Name == "postgres" {
		stmts = []string{"ALTER TABLE cosignatures DISABLE TRIGGER cosignatures_never_changed"}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}
