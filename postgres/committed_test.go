package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestReadersNeverSeeUncommittedEvents makes every commit take a second (a
// trigger that sleeps when the transaction commits), so that the writer
// decides a second request while the first commits, and checks that
// readers see each write only once it is committed, never the one decided
// ahead.
func TestReadersNeverSeeUncommittedEvents(t *testing.T) {
	e := storagetest.NewEnv(t, storagetest.Postgres())
	storagetest.Seed(t, e.DB)
	other := e.Reopen(t)
	ctx := context.Background()
	before, err := e.DB.LedgerState(ctx, "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE FUNCTION slow_commit() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(1); RETURN NULL; END $$ LANGUAGE plpgsql`,
		`CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON ledger DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()`,
	} {
		if _, err := e.DB.WritePool().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	add := func(name string, done chan<- error) {
		_, err := e.DB.Append(ctx, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(),
			PersonDetails: setsafe.PersonDetails{Name: name}}))
		done <- err
	}
	sizes := func() (int64, int64) {
		t.Helper()
		var out [2]int64
		for i, db := range []interface {
			LedgerState(context.Context, string) (*setsafe.State, error)
		}{e.DB, other} {
			st, err := db.LedgerState(ctx, "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			out[i] = st.Size
		}
		return out[0], out[1]
	}

	first, second := make(chan error, 1), make(chan error, 1)
	go add("Ben Carver", first)
	time.Sleep(300 * time.Millisecond) // the first is committing
	go add("Kate Lindqvist", second)
	time.Sleep(300 * time.Millisecond) // the second is decided ahead
	if here, there := sizes(); here != before.Size || there != before.Size {
		t.Fatalf("while the first write commits, readers see %d entries here and %d on another server; %d are committed", here, there, before.Size)
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-second:
		t.Fatalf("the second write did not wait for its own commit: %v", err)
	default:
	}
	if here, there := sizes(); here != before.Size+1 || there != before.Size+1 {
		t.Fatalf("once the first write is committed, readers see %d entries here and %d on another server; %d are committed", here, there, before.Size+1)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if here, there := sizes(); here != before.Size+2 || there != before.Size+2 {
		t.Fatalf("once both writes are committed, readers see %d entries here and %d on another server, not %d", here, there, before.Size+2)
	}
}
