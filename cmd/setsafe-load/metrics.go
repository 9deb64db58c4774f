package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
)

// processSample is a server process's CPU time and resident memory, as its
// /metrics says.
type processSample struct {
	cpu float64 // seconds
	rss float64 // bytes
}

// sample reads a server's /metrics. It answers clients on the server's own
// machine, or those with the metrics token.
func (c *client) sample(ctx context.Context, server, metricsToken string) (processSample, error) {
	var s processSample
	a, err := c.call(ctx, server, metricsToken, "GET", "/metrics", nil, http.StatusOK, nil)
	if e, ok := errors.AsType[*apiError](err); ok && (e.status == http.StatusUnauthorized || e.status == http.StatusForbidden) {
		return s, fmt.Errorf("%w: the server shows its metrics only to its own machine or with its metrics token; "+
			"start it with --metrics-token and pass the same with -metrics-token (or $SETSAFE_METRICS_TOKEN)", err)
	}
	if err != nil {
		return s, err
	}
	found := 0
	sc := bufio.NewScanner(bytes.NewReader(a.body))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		var into *float64
		switch name {
		case "process_cpu_seconds_total":
			into = &s.cpu
		case "process_resident_memory_bytes":
			into = &s.rss
		default:
			continue
		}
		if *into, err = strconv.ParseFloat(strings.TrimSpace(value), 64); err != nil {
			return s, fmt.Errorf("%s/metrics: %s: %v", server, name, err)
		}
		found++
	}
	if found != 2 {
		return s, fmt.Errorf("%s/metrics has no process_cpu_seconds_total or process_resident_memory_bytes", server)
	}
	return s, nil
}

// memoryWatch samples the servers' resident memory every few seconds and
// keeps the highest.
type memoryWatch struct {
	mu   sync.Mutex
	peak map[string]float64
	stop chan struct{}
	done sync.WaitGroup
}

func (c *client) watchMemory(servers []string, metricsToken string, every time.Duration) *memoryWatch {
	m := &memoryWatch{peak: map[string]float64{}, stop: make(chan struct{})}
	m.done.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			for _, s := range servers {
				if p, err := c.sample(context.Background(), s, metricsToken); err == nil {
					m.mu.Lock()
					m.peak[s] = max(m.peak[s], p.rss)
					m.mu.Unlock()
				}
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	})
	return m
}

// end stops sampling and returns the peaks by server.
func (m *memoryWatch) end() map[string]float64 {
	close(m.stop)
	m.done.Wait()
	return m.peak
}

// health asks a server's /readyz, which asks its database too, and
// returns its status, or what went wrong.
func (c *client) health(ctx context.Context, server string) string {
	var h sshttp.HealthView
	a, err := c.call(ctx, server, "", "GET", "/readyz", nil, http.StatusOK, &h)
	if err != nil {
		if a.status != 0 {
			return fmt.Sprintf("%d %s", a.status, errorMessage(a.body))
		}
		return err.Error()
	}
	return h.Status
}

// loadAverage returns this machine's load averages over 1, 5 and 15
// minutes, where the system says them (Linux).
func loadAverage() []float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return nil
	}
	var out []float64
	for _, f := range strings.Fields(string(b))[:3] {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}
