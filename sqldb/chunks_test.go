package sqldb

import (
	"errors"
	"slices"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// TestInChunks checks that a lookup of any number of values runs in
// chunks of the few sizes queries are written for, which hold every value
// once, in order, padded only by repeating the chunk's last value.
func TestInChunks(t *testing.T) {
	for n := range 300 {
		vals := make([]int, n)
		for i := range vals {
			vals[i] = i
		}
		var got []int
		calls := 0
		err := inChunks(vals, func(chunk []int) error {
			calls++
			if !slices.Contains(lookupSizes, len(chunk)) {
				t.Fatalf("%d values: a chunk of %d, which no query is written for", n, len(chunk))
			}
			last := len(chunk) - 1
			for last > 0 && chunk[last-1] == chunk[last] {
				last--
			}
			got = append(got, chunk[:last+1]...)
			return nil
		})
		if err != nil || !slices.Equal(got, vals) {
			t.Fatalf("%d values: chunks held %v (%v)", n, got, err)
		}
		largest := lookupSizes[len(lookupSizes)-1]
		if want := (n + largest - 1) / largest; calls != want {
			t.Fatalf("%d values in %d chunks, want %d", n, calls, want)
		}
	}
	stop := errors.New("stop")
	calls := 0
	if err := inChunks(make([]int, 200), func([]int) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("an error from a chunk: %v after %d chunks", err, calls)
	}
}

// TestHeadsQueryShapes checks that the queries of where ledgers end take
// one shape per lookup size, each within SQLite's limit of 500 terms of a
// compound SELECT.
func TestHeadsQueryShapes(t *testing.T) {
	shapes := map[string]bool{}
	for n := 2; n <= 1200; n++ {
		inChunks(make([]string, n), func(chunk []string) error {
			if len(chunk) > 1 {
				shapes[headsQuery(len(chunk))] = true
			}
			return nil
		})
	}
	if len(shapes) > len(lookupSizes) {
		t.Fatalf("%d shapes of the query of where ledgers end, want at most %d", len(shapes), len(lookupSizes))
	}
	if lookupSizes[len(lookupSizes)-1] > 500 {
		t.Fatalf("the largest lookup, %d, is beyond SQLite's limit of 500 terms", lookupSizes[len(lookupSizes)-1])
	}
}

// TestThawKeepsRecency checks that a state the writer goes back to, after
// a batch decided ahead does not stand, is as recently used as the one it
// replaces, so that eviction does not take it first.
func TestThawKeepsRecency(t *testing.T) {
	c := &ledgerCache{state: setsafe.NewState("red-mesa"), tree: ledger.NewTree(), used: 41}
	base := c.frozen()
	c.used = 42
	if got := base.thaw().used; got != 41 {
		t.Fatalf("a state thawed from one used at transaction 41 is used at %d", got)
	}
}
