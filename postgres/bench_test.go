package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/setsafe/setsafe/postgres"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// bareDB is the baseline: one table of entry bytes in a fresh schema, one
// row per commit, with PostgreSQL's default durability (the commit waits for
// the WAL to be flushed).
func bareDB(b *testing.B) func() {
	loc := storagetest.Postgres().New(b)
	db, err := sql.Open("pgx", loc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE TABLE bare (id BIGSERIAL PRIMARY KEY, entry BYTEA NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	entry := storagetest.BenchEntry(b)
	return func() {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO bare (entry) VALUES ($1)", entry); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDB(b *testing.B, obs sqldb.Observer) (*sqldb.DB, []string) {
	loc := storagetest.Postgres().New(b)
	db, err := postgres.Open(context.Background(), loc, postgres.Options{Config: sqldb.Config{Signer: storagetest.Signer(b), Observer: obs}})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, storagetest.PrepareBench(b, db)
}

// BenchmarkDurableAppend compares, in alternation, a bare insert of a
// typical entry's bytes with a durable append of that event by one writer.
func BenchmarkDurableAppend(b *testing.B) {
	insert := bareDB(b)
	db, ids := benchDB(b, nil)
	storagetest.DurableAppend(b, db, ids, insert)
}

// BenchmarkGroupCommit compares one writer with 64 writers that each wait
// for their own acknowledgement.
func BenchmarkGroupCommit(b *testing.B) {
	for _, spread := range []struct {
		name string
		s    storagetest.Spread
	}{{"own", storagetest.OwnPerson}, {"every", storagetest.EveryPerson}} {
		b.Run("spread="+spread.name, func(b *testing.B) {
			counter := &storagetest.CommitCounter{}
			db, ids := benchDB(b, counter)
			storagetest.GroupCommit(b, db, ids, counter, spread.s)
		})
	}
}

// BenchmarkStudioView counts 100 productions' last 90 days for a studio's
// view (the budget is 200 ms).
func BenchmarkStudioView(b *testing.B) {
	e := storagetest.NewEnv(b, storagetest.Postgres())
	ids := storagetest.StudioHistory(b, e, 100, 90)
	storagetest.BenchStudio(b, e, ids, 90)
}
