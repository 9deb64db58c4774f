// Package metrics exposes setsafe's measurements to Prometheus: request
// latency, ledger appends and commits, verification failures, and ledger
// states read into memory.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds setsafe's collectors in their own registry.
type Metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.HistogramVec
	appends        *prometheus.CounterVec
	commits        prometheus.Histogram
	commitRequests prometheus.Histogram
	verifyFailures *prometheus.CounterVec
	stateReads     *prometheus.CounterVec
	witness        [3]*prometheus.CounterVec
}

// New returns a new set of collectors, with the Go runtime's and the
// process's.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "setsafe_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route, method and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method", "code"}),
		appends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_ledger_appends_total",
			Help: "Events appended to ledgers, by kind of ledger (site or production).",
		}, []string{"ledger"}),
		commits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "setsafe_ledger_commit_duration_seconds",
			Help:    "Time of each durable write transaction, from begin to commit.",
			Buckets: prometheus.ExponentialBuckets(0.0002, 2, 14),
		}),
		commitRequests: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "setsafe_ledger_commit_requests",
			Help:    "Requests carried by each write transaction (group commit).",
			Buckets: prometheus.ExponentialBuckets(1, 2, 9),
		}),
		verifyFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_verify_failures_total",
			Help: "Ledgers that failed verification, by ledger.",
		}, []string{"ledger"}),
		stateReads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_state_reads_total",
			Help: "Ledger states read from the database into memory, by who needed it (writer or reader) and from what: " +
				"whole from the projection tables, or brought up to date from the entries written since (by another server, mostly).",
		}, []string{"by", "from"}),
		witness: [3]*prometheus.CounterVec{
			prometheus.NewCounterVec(prometheus.CounterOpts{
				Name: "setsafe_witness_cosignatures_total",
				Help: "Cosignatures of checkpoints stored, by witness.",
			}, []string{"witness"}),
			prometheus.NewCounterVec(prometheus.CounterOpts{
				Name: "setsafe_witness_refusals_total",
				Help: "Checkpoints a witness refused because the ledger does not extend what it saw, by witness.",
			}, []string{"witness"}),
			prometheus.NewCounterVec(prometheus.CounterOpts{
				Name: "setsafe_witness_submit_errors_total",
				Help: "Submissions to a witness that failed and are tried again (network, timeouts, the witness's own errors), by witness.",
			}, []string{"witness"}),
		},
	}
	m.registry.MustRegister(m.witness[0], m.witness[1], m.witness[2])
	m.registry.MustRegister(m.requests, m.appends, m.commits, m.commitRequests, m.verifyFailures, m.stateReads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Request records one answered HTTP request.
func (m *Metrics) Request(route, method string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Observe(d.Seconds())
}

// Committed implements sqldb.Observer.
func (m *Metrics) Committed(requests, events int, d time.Duration) {
	m.commits.Observe(d.Seconds())
	m.commitRequests.Observe(float64(requests))
}

// Appended implements sqldb.Observer.
func (m *Metrics) Appended(kind string, events int) {
	m.appends.WithLabelValues(kind).Add(float64(events))
}

// VerifyFailed implements sqldb.Observer.
func (m *Metrics) VerifyFailed(ledger string) { m.verifyFailures.WithLabelValues(ledger).Inc() }

// StateRead implements sqldb.Observer.
func (m *Metrics) StateRead(by, from string) { m.stateReads.WithLabelValues(by, from).Inc() }

// WitnessCosigned implements witnessing.Observer.
func (m *Metrics) WitnessCosigned(witness string) { m.witness[0].WithLabelValues(witness).Inc() }

// WitnessRefused implements witnessing.Observer.
func (m *Metrics) WitnessRefused(witness string) { m.witness[1].WithLabelValues(witness).Inc() }

// WitnessSubmitFailed implements witnessing.Observer.
func (m *Metrics) WitnessSubmitFailed(witness string) { m.witness[2].WithLabelValues(witness).Inc() }
