package metrics

import (
	"context"
	"database/sql"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Pending is what waits in the outbox on one channel.
type Pending struct {
	Channel string
	// Messages is how many notifications wait to be sent or tried again.
	Messages int64
	// Oldest is when the oldest of them was written.
	Oldest time.Time
}

// Sources are what the measurements read at each scrape come from.
type Sources struct {
	// Outbox returns what waits in the outbox, by channel; a channel it
	// leaves out has nothing waiting. It must be cheap: one indexed query.
	Outbox func(ctx context.Context) ([]Pending, error)
	// Pools are the database's connection pools, by name ("write",
	// "read"); a pool given twice is measured once.
	Pools map[string]*sql.DB
	// DataDir is the directory of the data (a SQLite database's), whose
	// file system's space is measured; none when empty.
	DataDir string
}

// scrapeTimeout bounds what a scrape reads from the database: a database
// that does not answer leaves its measurements out of the scrape.
const scrapeTimeout = 2 * time.Second

const (
	collectorOutbox = "outbox"
	collectorDisk   = "disk"
)

// Watch adds the measurements read at each scrape from the sources: the
// outbox, the connection pools (as go_sql_* with a db_name label), and
// the data directory's disk. Call it once, when the database is open.
func (m *Metrics) Watch(s Sources) {
	if s.Outbox != nil {
		m.registry.MustRegister(&outboxCollector{read: s.Outbox, errors: m.collectErrors.WithLabelValues(collectorOutbox), now: m.now})
	}
	seen := map[*sql.DB]bool{}
	for _, name := range []string{"write", "read"} {
		if p := s.Pools[name]; p != nil && !seen[p] {
			seen[p] = true
			m.registry.MustRegister(collectors.NewDBStatsCollector(p, name))
		}
	}
	if s.DataDir != "" {
		m.registry.MustRegister(&diskCollector{dir: s.DataDir, errors: m.collectErrors.WithLabelValues(collectorDisk)})
	}
}

var (
	outboxDepth = prometheus.NewDesc("setsafe_outbox_pending_messages",
		"Notifications waiting in the outbox to be sent or tried again, by channel (email or webhook).", []string{"channel"}, nil)
	outboxAge = prometheus.NewDesc("setsafe_outbox_oldest_pending_age_seconds",
		"Age of the oldest notification waiting in the outbox, by channel (email or webhook); 0 when none waits.", []string{"channel"}, nil)
)

// outboxCollector reads the outbox's depth at each scrape.
type outboxCollector struct {
	read   func(ctx context.Context) ([]Pending, error)
	errors prometheus.Counter
	now    func() time.Time
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxAge
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	pending, err := c.read(ctx)
	if err != nil {
		c.errors.Inc()
		return
	}
	now := c.now()
	by := map[string]Pending{}
	for _, p := range pending {
		by[p.Channel] = p
	}
	for _, name := range Channels {
		p := by[name]
		age := 0.0
		if p.Messages > 0 {
			age = max(0, now.Sub(p.Oldest).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(p.Messages), name)
		ch <- prometheus.MustNewConstMetric(outboxAge, prometheus.GaugeValue, age, name)
	}
}

var (
	dataFree = prometheus.NewDesc("setsafe_data_free_bytes",
		"Space left for setsafe on the file system of the data directory, in bytes.", nil, nil)
	dataSize = prometheus.NewDesc("setsafe_data_size_bytes",
		"Size of the file system of the data directory, in bytes.", nil, nil)
)

// diskCollector measures the file system of the data directory at each
// scrape, where the system can tell (see diskSpace).
type diskCollector struct {
	dir    string
	errors prometheus.Counter
}

func (c *diskCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- dataFree
	ch <- dataSize
}

func (c *diskCollector) Collect(ch chan<- prometheus.Metric) {
	free, size, ok, err := diskSpace(c.dir)
	if err != nil {
		c.errors.Inc()
		return
	}
	if !ok {
		return
	}
	ch <- prometheus.MustNewConstMetric(dataFree, prometheus.GaugeValue, float64(free))
	ch <- prometheus.MustNewConstMetric(dataSize, prometheus.GaugeValue, float64(size))
}
