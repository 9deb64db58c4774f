package http

import (
	"sync"
	"sync/atomic"
	"testing"
)

// TestKeeperAfterClose calls Go while the keeper closes, as handlers still
// running after a shutdown's time is up do: close waits for every keeping
// it let run, and none runs after it returned.
func TestKeeperAfterClose(t *testing.T) {
	for range 50 {
		var k keeper
		var ran, running atomic.Int64
		var afterClose atomic.Bool
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				for range 10 {
					k.Go(func() {
						running.Add(1)
						if afterClose.Load() {
							t.Error("a keeping ran after close returned")
						}
						ran.Add(1)
					})
				}
			})
		}
		k.close()
		afterClose.Store(true)
		if running.Load() != ran.Load() {
			t.Fatalf("close returned while %d keepings ran", running.Load()-ran.Load())
		}
		wg.Wait()
		if k.Go(func() {}) {
			t.Fatal("a closed keeper runs more")
		}
	}
}
