package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestWriterDoesNotWaitForASlowReader plays a reader slowly bringing a
// large production's state up to date on a server that holds none of it:
// a write to that production goes ahead meanwhile, the writer reading the
// ledger under its own lock, and so do the writes queued behind it.
func TestWriterDoesNotWaitForASlowReader(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := storagetest.NewEnv(t, b)
			storagetest.Seed(t, e.DB)
			server := e.Reopen(t) // holds no state of red-mesa yet
			reader := server.CatchingUp("red-mesa")
			reader.Lock()
			defer reader.Unlock()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			evs, err := server.Append(ctx, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(),
				PersonDetails: setsafe.PersonDetails{Name: "Written While Read"}}))
			if err != nil || len(evs) != 1 || evs[0].Seq != 10 {
				t.Fatalf("a write while a reader brings the ledger up to date: %v %v", evs, err)
			}
		})
	}
}
