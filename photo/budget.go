package photo

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

// Limits bound what reading photos may take of a server.
type Limits struct {
	// Photo is the most memory, in bytes, one photo may take to decode,
	// turn upright and encode again; a larger one is refused before a
	// pixel is decoded.
	Photo int64
	// Server is the most memory the photos being read at once may take
	// together.
	Server int64
	// Readers is how many photos are read at once.
	Readers int
	// Waiting is how many photos may wait for their turn; Wait is how long
	// each may wait. Beyond either the server answers that it is busy.
	Waiting int
	Wait    time.Duration
}

// PhotoMemory is the memory one photo may take to read. A phone's 48
// megapixel photo (8000×6000, a JPEG with its colour at half resolution
// as phones save them) takes 72 MiB decoded, as much again turned upright,
// and 10 MiB for the re-encoded file: about 150 MiB, under this. A 12
// megapixel one takes under 50 MiB. A 7000×7000 PNG of 16-bit colour (392
// MB decoded) or a progressive 48 megapixel JPEG (its coefficients take
// 288 MB) is refused.
const PhotoMemory = 160 << 20

// DefaultLimits are the limits of a server on this machine: PhotoMemory
// for all photos read at once, on every processor but one, which stays
// free for everything else (a report without photos, a hand-off, the
// gate); 16 photos waiting at most 15 seconds each. Six clients posting
// huge photos back to back left setsafe serve at 260 MB
// (docs/performance.md).
func DefaultLimits() Limits {
	return Limits{Photo: PhotoMemory, Server: PhotoMemory, Readers: max(1, runtime.GOMAXPROCS(0)-1), Waiting: 16, Wait: 15 * time.Second}
}

// Budget shares the memory and the processors photos are read with:
// a photo waits until both are free, the smallest first, so that a phone's
// photo does not queue behind large ones.
type Budget struct {
	limits Limits

	mu      sync.Mutex
	free    int64 // bytes no photo holds
	readers int   // readers no photo holds
	queue   []*waiter

	// granted, when set, is called with the bytes and readers in use each
	// time a photo is given its turn.
	granted func(bytes int64, readers int)
}

// waiter is a photo waiting for its turn.
type waiter struct {
	cost  int64
	ready chan struct{} // closed when the photo is given its turn or turned away
	given bool
}

// NewBudget returns a budget with the given limits; a photo may take no
// more than the server's memory.
func NewBudget(l Limits) *Budget {
	l.Photo = min(l.Photo, l.Server)
	return &Budget{limits: l, free: l.Server, readers: l.Readers}
}

// Default is the budget every server of this process shares.
var Default = sync.OnceValue(func() *Budget { return NewBudget(DefaultLimits()) })

// collectAbove is the size of a photo after which memory is collected at
// once: the server runs with a lazy garbage collector (sqldb.GCPercent),
// which would otherwise let the memory of several photos pile up.
const collectAbove = 16 << 20

// acquire waits until cost bytes and a reader are free, and returns the
// function that gives them back.
func (b *Budget) acquire(ctx context.Context, field string, cost int64) (release func(), err error) {
	b.mu.Lock()
	// A photo that fits now goes first: those waiting are waiting for a
	// reader (and it will not fit) or for more memory than it needs.
	if b.fits(cost) {
		b.take(cost)
		b.mu.Unlock()
		return b.releaser(cost), nil
	}
	w := &waiter{cost: cost, ready: make(chan struct{})}
	if len(b.queue) >= b.limits.Waiting {
		if len(b.queue) == 0 || b.queue[len(b.queue)-1].cost <= cost {
			b.mu.Unlock()
			return nil, busy(field)
		}
		// The largest photo waiting gives its place to a smaller one.
		close(b.queue[len(b.queue)-1].ready)
		b.queue = b.queue[:len(b.queue)-1]
	}
	at, _ := slices.BinarySearchFunc(b.queue, cost, func(w *waiter, cost int64) int {
		if w.cost <= cost {
			return -1
		}
		return 1
	})
	b.queue = slices.Insert(b.queue, at, w)
	b.mu.Unlock()

	timer := time.NewTimer(b.limits.Wait)
	defer timer.Stop()
	select {
	case <-w.ready:
	case <-ctx.Done():
	case <-timer.C:
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if w.given {
		if ctx.Err() != nil {
			b.give(cost)
			return nil, cancelled(field)
		}
		return b.releaser(cost), nil
	}
	if i := slices.Index(b.queue, w); i >= 0 {
		b.queue = slices.Delete(b.queue, i, i+1)
	}
	if ctx.Err() != nil {
		return nil, cancelled(field)
	}
	return nil, busy(field)
}

func (b *Budget) fits(cost int64) bool { return b.readers > 0 && b.free >= cost }

// take holds cost bytes and a reader; b.mu is held.
func (b *Budget) take(cost int64) {
	b.free -= cost
	b.readers--
	if b.granted != nil {
		b.granted(b.limits.Server-b.free, b.limits.Readers-b.readers)
	}
}

// give gives back cost bytes and a reader, and gives the photos waiting
// their turn while they fit; b.mu is held.
func (b *Budget) give(cost int64) {
	b.free += cost
	b.readers++
	for len(b.queue) > 0 && b.fits(b.queue[0].cost) {
		w := b.queue[0]
		b.queue = b.queue[1:]
		b.take(w.cost)
		w.given = true
		close(w.ready)
	}
}

// releaser returns the function that gives back what a photo held, once.
func (b *Budget) releaser(cost int64) func() {
	return sync.OnceFunc(func() {
		// The photo's memory is garbage now: collect it before the next
		// photo allocates its own, so that the two never add up.
		if cost >= collectAbove {
			runtime.GC()
		}
		b.mu.Lock()
		b.give(cost)
		b.mu.Unlock()
	})
}

func busy(field string) error {
	return &setsafe.Error{Code: setsafe.EUnavailable,
		Message: "The server is busy reading other photos. Try again in a minute, or send the report without its photos.",
		Fields:  map[string]string{field: "could not be read now; try again in a minute, or send without photos"}}
}

func cancelled(field string) error {
	return &setsafe.Error{Code: setsafe.EUnavailable, Message: "The request ended before its photos were read; send it again.",
		Fields: map[string]string{field: "were not read"}}
}
