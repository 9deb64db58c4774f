package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/escalation"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/http/pages"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/notify"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/witnessing"
)

// serverFlags are the options of the commands that run the server.
type serverFlags struct {
	dbFlags
	logFlags
	addr         string
	publicURL    string
	metricsToken string
	proxies      trustedProxies
	verifyEvery  time.Duration
	pinMemory    time.Duration
	stateMemory  int64
	smtp         notify.SMTP
}

func (s *serverFlags) register(f *flags) {
	s.dbFlags.registerWriter(f)
	s.logFlags.register(f)
	f.StringVar(&s.addr, "addr", "127.0.0.1:8080", "the address to listen on; 0.0.0.0:8080 for every network")
	f.StringVar(&s.publicURL, "public-url", "", "the URL people use to reach setsafe, such as https://setsafe.example.com (default: http://ADDR); https makes session cookies Secure")
	f.StringVar(&s.metricsToken, "metrics-token", "", "a token that lets a Prometheus scraper on another host read /metrics")
	f.Var(&s.proxies, "trusted-proxy", "the reverse proxies in front of the server, as addresses or CIDR networks separated by commas (127.0.0.1/32,::1/128): "+
		"only their X-Forwarded-For and Forwarded headers are believed, for limits and logs")
	f.DurationVar(&s.verifyEvery, "verify-every", time.Hour, "how often the server verifies its own ledgers in the background (0 to never)")
	f.DurationVar(&s.pinMemory, "pin-remembered", 15*time.Minute, "how long a right PIN is remembered, so that typing it again skips the slow hash (0 to never)")
	f.Int64Var(&s.stateMemory, "state-memory", sqldb.DefaultCacheBytes>>20, "the memory, in MiB, that the productions kept in memory may take, for writing and for reading; those used least recently are read again when next needed")
	f.StringVar(&s.smtp.Host, "smtp-host", "", "the mail server that sends notifications by e-mail (none: e-mails wait and fail, saying so in the delivery log)")
	f.IntVar(&s.smtp.Port, "smtp-port", 587, "the mail server's port: 587 for STARTTLS, 465 for TLS")
	f.StringVar(&s.smtp.From, "smtp-from", "", "the address notifications come from, such as \"setsafe <safety@example.com>\"")
	f.StringVar(&s.smtp.Username, "smtp-user", "", "the user name to sign in to the mail server with, if it asks for one")
	f.StringVar(&s.smtp.Password, "smtp-password", "", "the password to sign in to the mail server with")
	f.StringVar(&s.smtp.TLS, "smtp-tls", notify.TLSStartTLS, "how the connection to the mail server is secured: starttls, tls, or none (only for a relay on this machine or network)")
	f.secret("metrics-token", "smtp-password")
}

// config returns the database's configuration for a server.
func (s *serverFlags) config(signer *ledger.Signer, log *slog.Logger) (sqldb.Config, error) {
	if s.stateMemory < 1 || s.stateMemory > 1<<20 {
		return sqldb.Config{}, usagef("--state-memory is in MiB: give a number from 1 to 1048576 (1 TiB), not %d", s.stateMemory)
	}
	cfg, err := s.dbFlags.config(signer, log)
	cfg.CacheBytes = s.stateMemory << 20
	return cfg, err
}

// mail returns the mail server to send e-mails through, or nil when none
// is set.
func (s *serverFlags) mail() (*notify.SMTP, error) {
	if s.smtp.Host == "" && s.smtp.From == "" {
		return nil, nil
	}
	if err := s.smtp.Check(); err != nil {
		return nil, usagef("%v", err)
	}
	m := s.smtp
	return &m, nil
}

func runServe(ctx context.Context, a *app, args []string) error {
	var s serverFlags
	f := a.flags("serve", "serve [--db URL] [--addr HOST:PORT] [options]")
	s.register(f)
	if err := f.parse(args); err != nil {
		return err
	}
	log, err := s.logger(a.stderr)
	if err != nil {
		return err
	}
	signer, created, err := s.signer(true)
	if err != nil {
		return err
	}
	if created {
		log.Info("created a new checkpoint signing key; keep it safe and never put it in the database",
			"key", s.keyPath(), "verifier_key_file", ledger.VerifierKeyPath(s.keyPath()))
	}
	m := newMetrics(setsafe.SystemClock{})
	cfg, err := s.config(signer, log)
	if err != nil {
		return err
	}
	cfg.Observer = m
	db, err := s.open(ctx, openReadWrite, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return a.serve(ctx, s, db, signer, m, log, nil)
}

// memoryLimit is the server's soft memory limit unless GOMEMLIMIT is set.
// The collector's target of sqldb.GCPercent lets garbage grow to five
// times what is live: a flood of large requests (photos refused from their
// headers, or read one at a time within their budget, see package photo)
// took the server past 450 MB. Nearing the limit the collector works
// harder, and the server stays under 300 MB resident. A server that keeps
// more live, with many productions open at once, should set GOMEMLIMIT
// higher.
const memoryLimit = 224 << 20

// serve runs the HTTP server until ctx ends. banner, if set, prints extra
// lines once the server listens.
func (a *app) serve(ctx context.Context, s serverFlags, db *sqldb.DB, signer *ledger.Signer, m *metrics.Metrics, log *slog.Logger, banner func(url string)) error {
	if a.getenv("GOGC") == "" {
		debug.SetGCPercent(sqldb.GCPercent)
	}
	if a.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.addr, err)
	}
	public := s.publicURL
	if public == "" {
		public = "http://" + ln.Addr().String()
	}
	pu, err := url.Parse(public)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		ln.Close()
		return usagef("--public-url %q is not an http or https URL", public)
	}
	public = strings.TrimSuffix(public, "/")
	mail, err := s.mail()
	if err != nil {
		ln.Close()
		return err
	}

	var setupToken string
	has, err := db.HasAccounts(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	if !has {
		setupToken = strings.ToLower(rand.Text())
	}
	m.Watch(metricsSources(db, sqlitePath(s.location())))
	srv, err := sshttp.New(sshttp.Config{
		Ledger: db, Records: db, Credentials: db, Armory: db, Sessions: db.Sessions(),
		Clock: db.Clock(), Logger: log, Metrics: m, MetricsToken: s.metricsToken, TrustedProxies: s.proxies,
		PasswordHash: argon2id.Default, PublicURL: pu, SetupToken: setupToken,
		VerifierKey: signer.VerifierKey(), ReporterKey: signer.Key(setsafe.ReporterSealKey), Version: version(), PINRemembered: pinRemembered(s.pinMemory),
	}, api.Mount, pages.Mount)
	if err != nil {
		ln.Close()
		return err
	}
	// Housekeeping ends before the caller closes the database.
	hctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { housekeeping(hctx, db, signer, s.verifyEvery, log) })
	// The escalation clock and the notification sender read what they do
	// from the database, so they carry on after a restart.
	wg.Go(func() {
		escalation.New(escalation.Config{Store: db, Time: db.Clock(), Observer: m, Logger: log}).Run(hctx)
	})
	wg.Go(func() {
		notify.New(notify.Config{Outbox: db, Mail: mail, Time: db.Clock(), Wake: db.OutboxWritten(), Observer: m, Logger: log}).Run(hctx)
	})
	// Checkpoints go to the productions' witnesses off the write path.
	wg.Go(func() {
		copies := &witnessing.Copies{Mail: mail, Secrets: db, Time: db.Clock(), Logger: log}
		witnessing.New(witnessing.Config{Store: db, Time: db.Clock(), Observer: m, Copies: copies, Logger: log}).Run(hctx)
	})
	defer wg.Wait()
	defer stop()

	fmt.Fprintf(a.stdout, "setsafe %s is listening at %s\n", version(), public)
	if setupToken != "" {
		fmt.Fprintf(a.stdout, "\nThis site has no administrator yet. Open this link once to create one:\n  %s/setup?token=%s\n\n", public, setupToken)
	}
	if banner != nil {
		banner(public)
	}
	if a.ready != nil {
		a.ready(public)
	}
	return srv.Serve(ctx, ln)
}

// housekeeping removes expired sessions and the idempotency keys and
// answers of requests older than a day, and verifies the ledgers now and
// then, until ctx ends.
func housekeeping(ctx context.Context, db *sqldb.DB, signer *ledger.Signer, verifyEvery time.Duration, log *slog.Logger) {
	sessions := time.NewTicker(10 * time.Minute)
	defer sessions.Stop()
	var verify <-chan time.Time
	if verifyEvery > 0 {
		t := time.NewTicker(verifyEvery)
		defer t.Stop()
		verify = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-sessions.C:
			if _, err := db.Sessions().DeleteExpired(ctx); err != nil {
				log.Warn("remove expired sessions", "err", err)
			}
			if _, err := db.ForgetOldKeys(ctx, db.Clock().Now().Add(-sqldb.KeysKept)); err != nil {
				log.Warn("forget the idempotency keys of old requests", "err", err)
			}
		case <-verify:
			start := time.Now()
			rep, err := db.Verify(ctx, signer.Verifier(), "")
			switch {
			case err != nil:
				log.Warn("background verification could not run", "err", err)
			case !rep.OK():
				for _, p := range rep.Problems {
					log.Error("verification problem", "ledger", p.Ledger, "seq", p.Seq, "problem", p.What)
				}
			default:
				log.Info("background verification passed", "ledgers", len(rep.Ledgers), "duration", time.Since(start))
			}
		}
	}
}

// metricsSources are what the measurements read at each scrape: the
// outbox and the pools of db, and the directory of a SQLite database's
// file (none for PostgreSQL, whose disk is the database server's).
func metricsSources(db *sqldb.DB, sqliteFile string) metrics.Sources {
	src := metrics.Sources{
		Outbox: func(ctx context.Context) ([]metrics.Pending, error) {
			pending, err := db.PendingNotifications(ctx)
			out := make([]metrics.Pending, len(pending))
			for i, p := range pending {
				out[i] = metrics.Pending{Channel: p.Channel, Messages: p.Messages, Oldest: p.Oldest}
			}
			return out, err
		},
		Pools: map[string]*sql.DB{"write": db.WritePool(), "read": db.ReadPool()},
	}
	if sqliteFile != "" {
		src.DataDir = filepath.Dir(sqliteFile)
	}
	return src
}

// trustedProxies is the value of --trusted-proxy: each use of the flag
// adds to the list.
type trustedProxies []netip.Prefix

// String implements flag.Value.
func (p *trustedProxies) String() string {
	var s []string
	for _, n := range *p {
		s = append(s, n.String())
	}
	return strings.Join(s, ",")
}

// Set implements flag.Value: a comma-separated list of addresses or CIDR
// ranges.
func (p *trustedProxies) Set(list string) error {
	more, err := sshttp.ParseTrustedProxies(list)
	if err != nil {
		return err
	}
	*p = append(*p, more...)
	return nil
}

// pinRemembered turns the flag's 0 (never) into the server's negative.
func pinRemembered(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}
