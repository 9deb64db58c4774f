// Package metrics exposes setsafe's measurements to Prometheus: the build,
// request latency, ledger appends and commits, verification, ledger states
// read into memory, witnesses, the outbox of notifications, alerts and
// escalations, sign-ins and limits, the database's connections and the
// data directory's disk. docs/operations.md lists them all, and the alerts
// of docs/alerts.yml use them.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/setsafe/setsafe/buildinfo"
)

// Options are what New needs besides the build: the values each labelled
// counter takes, so that every one exists at zero from the start and an
// increase from nothing is seen as one.
type Options struct {
	// Build is the binary that runs, for setsafe_build_info.
	Build buildinfo.Build
	// Clock tells the time the outbox's ages and the verification's are
	// measured at (the system's when nil); setsafe.Clock is one.
	Clock interface{ Now() time.Time }
	// AlertKinds are the kinds of alert the escalation clock raises.
	AlertKinds []string
	// Rungs are the rungs of the escalation ladder.
	Rungs []string
	// SignInFailures are the reasons a sign-in fails.
	SignInFailures []string
	// Limiters are the limits that refuse requests for now.
	Limiters []string
}

// LedgerKinds are the kinds of ledger verification reports on (as package
// sqldb names them).
var LedgerKinds = []string{"site", "production"}

// Channels are the outbox's channels: what waits there is sent by e-mail
// or webhook (inbox notifications are delivered as they are written).
var Channels = []string{"email", "webhook"}

// escalatedItems are what climbs the escalation ladder.
var escalatedItems = []string{"concern", "alert"}

// Metrics holds setsafe's collectors in their own registry.
type Metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.HistogramVec
	appends        *prometheus.CounterVec
	commits        prometheus.Histogram
	commitRequests prometheus.Histogram
	verifyFailures *prometheus.CounterVec
	verifyPassed   *prometheus.GaugeVec
	stateReads     *prometheus.CounterVec
	witness        [3]*prometheus.CounterVec
	deliveries     *prometheus.CounterVec
	deliveryFails  *prometheus.CounterVec
	alerts         *prometheus.CounterVec
	escalations    *prometheus.CounterVec
	signInFailures *prometheus.CounterVec
	refusals       *prometheus.CounterVec
	collectErrors  *prometheus.CounterVec
	now            func() time.Time
}

// New returns a new set of collectors, with the Go runtime's and the
// process's. Those read from the database and the disk at each scrape are
// added by [Metrics.Watch].
func New(o Options) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		now:      time.Now,
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
			Help: "Ledgers that failed verification (by the server in the background, or a command on this process), by kind of ledger (site or production).",
		}, []string{"ledger"}),
		verifyPassed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "setsafe_verify_last_success_timestamp_seconds",
			Help: "When a verification of every ledger last found no problem in the ledgers of a kind (site or production), in Unix seconds. Absent until the first verification ends.",
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
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_outbox_deliveries_total",
			Help: "Notifications sent from the outbox, by channel (email or webhook).",
		}, []string{"channel"}),
		deliveryFails: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_outbox_delivery_failures_total",
			Help: "Attempts to send a notification from the outbox that failed, by channel (email or webhook); each is tried again, up to its last attempt.",
		}, []string{"channel"}),
		alerts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_alerts_raised_total",
			Help: "Alerts the escalation clock raised on a watched rule, by kind (out_too_long, not_back, duty_gap).",
		}, []string{"kind"}),
		escalations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_escalations_total",
			Help: "Concerns and alerts nobody answered in time that climbed to a rung of the escalation ladder, by what climbed (concern or alert) and the rung reached.",
		}, []string{"item", "rung"}),
		signInFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_signin_failures_total",
			Help: "Sign-ins with a password that failed, by reason (wrong_password, unknown_account, disabled_account, rate_limited).",
		}, []string{"reason"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_rate_limit_refusals_total",
			Help: "Requests refused for now by a limit, by limit (sign_in, anonymous_reports, receipt_codes, person_reports, pins).",
		}, []string{"limiter"}),
		collectErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setsafe_collect_errors_total",
			Help: "Scrapes in which a measurement read at scrape time could not be read (the database did not answer, say), by what was read (outbox, disk); the scrape goes on without it.",
		}, []string{"collector"}),
	}
	if o.Clock != nil {
		m.now = o.Clock.Now
	}
	revision := o.Build.Commit
	if revision == "" {
		revision = "unknown"
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "setsafe_build_info",
		Help: "The build that runs, as labels: version, the commit it was built from (revision), and the Go release that built it; always 1.",
	}, []string{"version", "revision", "goversion"})
	build.WithLabelValues(o.Build.Version, revision, o.Build.GoVersion).Set(1)

	for _, kind := range LedgerKinds {
		m.verifyFailures.WithLabelValues(kind)
		m.appends.WithLabelValues(kind)
	}
	for _, by := range []string{"writer", "reader"} {
		for _, from := range []string{"tables", "entries"} {
			m.stateReads.WithLabelValues(by, from)
		}
	}
	for _, c := range Channels {
		m.deliveries.WithLabelValues(c)
		m.deliveryFails.WithLabelValues(c)
	}
	for _, k := range o.AlertKinds {
		m.alerts.WithLabelValues(k)
	}
	for _, item := range escalatedItems {
		for _, r := range o.Rungs {
			m.escalations.WithLabelValues(item, r)
		}
	}
	for _, r := range o.SignInFailures {
		m.signInFailures.WithLabelValues(r)
	}
	for _, l := range o.Limiters {
		m.refusals.WithLabelValues(l)
	}
	for _, c := range []string{collectorOutbox, collectorDisk} {
		m.collectErrors.WithLabelValues(c)
	}
	m.registry.MustRegister(m.witness[0], m.witness[1], m.witness[2])
	m.registry.MustRegister(build, m.requests, m.appends, m.commits, m.commitRequests, m.verifyFailures, m.verifyPassed, m.stateReads,
		m.deliveries, m.deliveryFails, m.alerts, m.escalations, m.signInFailures, m.refusals, m.collectErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format. A collector
// that fails leaves its measurements out and the rest are served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
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
func (m *Metrics) VerifyFailed(kind string) { m.verifyFailures.WithLabelValues(kind).Inc() }

// VerifyPassed implements sqldb.Observer.
func (m *Metrics) VerifyPassed(kind string) {
	m.verifyPassed.WithLabelValues(kind).Set(float64(m.now().UnixNano()) / 1e9)
}

// StateRead implements sqldb.Observer.
func (m *Metrics) StateRead(by, from string) { m.stateReads.WithLabelValues(by, from).Inc() }

// WitnessCosigned implements witnessing.Observer.
func (m *Metrics) WitnessCosigned(witness string) { m.witness[0].WithLabelValues(witness).Inc() }

// WitnessRefused implements witnessing.Observer.
func (m *Metrics) WitnessRefused(witness string) { m.witness[1].WithLabelValues(witness).Inc() }

// WitnessSubmitFailed implements witnessing.Observer.
func (m *Metrics) WitnessSubmitFailed(witness string) { m.witness[2].WithLabelValues(witness).Inc() }

// Delivered implements notify.Observer.
func (m *Metrics) Delivered(channel string) { m.deliveries.WithLabelValues(channel).Inc() }

// DeliveryFailed implements notify.Observer.
func (m *Metrics) DeliveryFailed(channel string) { m.deliveryFails.WithLabelValues(channel).Inc() }

// AlertRaised implements escalation.Observer.
func (m *Metrics) AlertRaised(kind string) { m.alerts.WithLabelValues(kind).Inc() }

// Escalated implements escalation.Observer.
func (m *Metrics) Escalated(item, rung string) { m.escalations.WithLabelValues(item, rung).Inc() }

// SignInFailed implements http.Observer.
func (m *Metrics) SignInFailed(reason string) { m.signInFailures.WithLabelValues(reason).Inc() }

// RateLimited implements http.Observer.
func (m *Metrics) RateLimited(limiter string) { m.refusals.WithLabelValues(limiter).Inc() }
