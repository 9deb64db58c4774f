package storagetest

import (
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RSS returns the resident memory of a process in bytes, read from
// /proc/PID/status (0 where there is no /proc).
func RSS(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// Peak samples this process's Go heap and resident memory every 10 ms until
// stopped, and keeps the largest values.
type Peak struct {
	stop     chan struct{}
	done     sync.WaitGroup
	Heap     uint64
	Resident int64
}

// WatchMemory starts sampling.
func WatchMemory() *Peak {
	p := &Peak{stop: make(chan struct{})}
	p.done.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			p.Heap = max(p.Heap, m.HeapInuse)
			p.Resident = max(p.Resident, RSS(os.Getpid()))
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	})
	return p
}

// Stop ends sampling.
func (p *Peak) Stop() { close(p.stop); p.done.Wait() }

// Percentile returns the p-th percentile (0 to 100) of durations by the
// nearest rank: the smallest value at or above p% of them, as the load
// generator reports it.
func Percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(i, 0)]
}
