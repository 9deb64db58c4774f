package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/setsafe/setsafe/postgres"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkBareInsert is the baseline: one row holding the bytes of a
// typical entry per commit, with PostgreSQL's default durability (the
// commit waits for the WAL to be flushed).
func BenchmarkBareInsert(b *testing.B) {
	loc := storagetest.Postgres().New(b)
	db, err := sql.Open("pgx", loc)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE bare (id BIGSERIAL PRIMARY KEY, entry BYTEA NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	entry := storagetest.BenchEntry(b)
	b.SetBytes(int64(len(entry)))
	b.ResetTimer()
	for b.Loop() {
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
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAppend appends changes from one writer and from 64 writers that
// each wait for their own acknowledgement.
func BenchmarkAppend(b *testing.B) {
	for _, writers := range []int{1, 64} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			loc := storagetest.Postgres().New(b)
			counter := &storagetest.CommitCounter{}
			db, err := postgres.Open(context.Background(), loc, postgres.Options{Config: sqldb.Config{Signer: storagetest.Signer(b), Observer: counter}})
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Start(context.Background()); err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			ids := storagetest.PrepareBench(b, db)
			b.SetBytes(int64(len(storagetest.BenchEntry(b))))
			counter.Reset()
			b.ResetTimer()
			storagetest.Stream(b, db, ids, writers, int64(b.N), storagetest.OwnPerson)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(counter.PerCommit(), "events/commit")
		})
	}
}
