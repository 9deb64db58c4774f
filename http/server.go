package http

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/attestation"
	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/photo"
)

// Config is what a Server needs.
type Config struct {
	Ledger      Ledger
	Records     Records
	Credentials Credentials
	// Armory reads firearms, ammunition and a production's state for the
	// gate, and checks PINs at hand-overs.
	Armory Armory
	// Sessions stores web sessions.
	Sessions scs.Store
	// Notifications reads the inbox and the delivery log and keeps webhook
	// secrets; when nil, the Ledger is used if it keeps them.
	Notifications Notifications
	Clock         setsafe.Clock
	Logger        *slog.Logger
	// Answers keeps the requests recorded with an idempotency key and
	// their answers; when nil, the Ledger is used if it keeps them.
	Answers Answers
	// Dashboards gathers the counts of many productions at once for a
	// studio's view; when nil, the Armory is used if it gathers them.
	Dashboards dashboard.Store
	// Attestations reads what compliance attestations are built from and
	// signs them; when nil, the Armory is used if it does.
	Attestations attestation.Store
	// KeyWait is how long a request sent again waits for the first one's
	// answer before it is told to send it again (10 seconds when zero).
	KeyWait time.Duration
	// Readiness says whether the server can take work, for /readyz; when
	// nil, the Ledger does if it can, and otherwise its Ping.
	Readiness Readiness
	// Metrics, if set, records request latency and serves /metrics.
	Metrics *metrics.Metrics
	// Observer counts failed sign-ins and the requests the limits refuse;
	// when nil, the Metrics do if set.
	Observer Observer
	// MetricsToken, if set, lets a scraper read /metrics from another host
	// with "Authorization: Bearer TOKEN". Loopback clients need none.
	MetricsToken string
	// PasswordHash sets the cost of hashing passwords.
	PasswordHash argon2id.Params
	// PINHash sets the cost of hashing PINs (argon2id.PIN when zero).
	PINHash argon2id.Params
	// Hashing bounds how many slow hashes run at once, apart for each kind
	// of work; budgets left nil are made to fit the machine.
	Hashing Hashing
	// PINRemembered is how long a right PIN is remembered, so that typing
	// it again is checked without the full hash (15 minutes when zero;
	// negative: never).
	PINRemembered time.Duration
	// PublicURL is where people reach the server: forms and API writes
	// whose Origin is another are refused, and an https URL makes session
	// cookies Secure and asks browsers to come back over https only.
	PublicURL *url.URL
	// TrustedProxies are the reverse proxies in front of the server. Only
	// from them are X-Forwarded-For and Forwarded believed, for limits and
	// logs; the client is the right-most address there that is not one.
	// From a proxy that sends neither, X-Real-IP is.
	TrustedProxies []netip.Prefix
	// SetupToken, if set, lets whoever holds it create the first site
	// administrator of an empty site, once.
	SetupToken string
	// ReporterKey is the secret key of confidential reporters' seals (see
	// setsafe.ReporterSeal), and of the receipt codes drawn for anonymous
	// reports sent with an idempotency key, which are drawn again for a
	// report sent again after the server stopped before answering it. It
	// must stay the same across restarts and be the same on every server of
	// a database, or confidential reporters lose sight of their concerns and
	// such a report sent again is answered with a code that opens nothing;
	// when empty, a random key for this process is used.
	ReporterKey []byte
	// VerifierKey is the checkpoint verifier key, shown to investigators.
	VerifierKey string
	// Version is the build's version.
	Version string
	// Photos bounds the memory and processors that reading photos takes;
	// when nil, the budget every server of the process shares.
	Photos *photo.Budget
}

// Hashing are the budgets of the slow hashes, each bounding how many run at
// once. None waits for another: a crowd signing in, or guessing receipt
// codes, never delays a PIN typed at a hand-off.
type Hashing struct {
	// Passwords checks passwords at sign-in and hashes new ones.
	Passwords *argon2id.Budget
	// PINs checks PINs at hand-offs, witnessed actions and attendance, and
	// hashes new ones.
	PINs *argon2id.Budget
	// Reporters hashes anonymous reporters' receipt codes.
	Reporters *argon2id.Budget
}

// withDefaults fills in the budgets left nil: a PIN costs a megabyte and
// under a millisecond, so PINs get a turn on every core; passwords and
// receipt codes, 19 MiB each, half the cores each.
func (h Hashing) withDefaults() Hashing {
	cores := runtime.GOMAXPROCS(0)
	if h.Passwords == nil {
		h.Passwords = argon2id.NewBudget(cores / 2)
	}
	if h.PINs == nil {
		h.PINs = argon2id.NewBudget(max(2, cores))
	}
	if h.Reporters == nil {
		h.Reporters = argon2id.NewBudget(cores / 2)
	}
	return h
}

// Server is setsafe's HTTP handler.
type Server struct {
	// Config is the server's configuration, with its defaults filled in.
	Config Config
	log    *slog.Logger
	// Mux routes the requests of every part; the API asks it which
	// methods a path has.
	Mux     *http.ServeMux
	handler http.Handler
	// Sessions keeps the sessions of people signed in.
	Sessions *scs.SessionManager
	proxies  proxies
	// warnUntrustedProxy warns once of a proxy on this machine that is
	// not trusted; warnPublicURL, of forms refused that came from the
	// server's own address.
	warnUntrustedProxy sync.Once
	warnPublicURL      sync.Once
	logins             *signInLimits
	// Anonymous limits the anonymous reporter's routes.
	Anonymous *anonymousLimits
	// reportsByPerson limits the reports of signed-in people.
	reportsByPerson *personReports
	pins            *argon2id.Recent
	patterns        []string
	// ErrorPage and ReceiptPage draw an error and an anonymous reporter's
	// receipt for people; the pages set them when they are served, and
	// without them errors are JSON.
	ErrorPage   func(w http.ResponseWriter, r *http.Request, status int, d ErrorDetail)
	ReceiptPage func(w http.ResponseWriter, r *http.Request, code string) error
	// ReporterKey seals confidential reporters.
	ReporterKey []byte
	// keyWait is how long a request sent again waits for the first
	// one's answer; keeping keeps answers after they are given.
	keyWait time.Duration
	keeping keeper

	// SetupToken lets whoever holds it create the first site
	// administrator, once; SetupMu guards it.
	SetupMu    sync.Mutex
	SetupToken string
}

// Part is a part of the site served by a Server, such as the API or the
// pages: it registers its routes with Handle when the Server is made.
type Part func(*Server) error

// New returns a Server serving the given parts, with the routes every
// part shares: the health and readiness checks and the metrics.
func New(cfg Config, parts ...Part) (*Server, error) {
	if cfg.Ledger == nil || cfg.Records == nil || cfg.Credentials == nil || cfg.Sessions == nil || cfg.Armory == nil {
		return nil, errors.New("http: Ledger, Records, Credentials, Armory and Sessions are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = setsafe.SystemClock{}
	}
	if n, ok := cfg.Ledger.(Notifications); ok && cfg.Notifications == nil {
		cfg.Notifications = n
	}
	if d, ok := cfg.Armory.(dashboard.Store); ok && cfg.Dashboards == nil {
		cfg.Dashboards = d
	}
	if a, ok := cfg.Armory.(attestation.Store); ok && cfg.Attestations == nil {
		cfg.Attestations = a
	}
	if r, ok := cfg.Ledger.(Readiness); ok && cfg.Readiness == nil {
		cfg.Readiness = r
	}
	if cfg.Readiness == nil {
		cfg.Readiness = pingReadiness{cfg.Ledger}
	}
	if a, ok := cfg.Ledger.(Answers); ok && cfg.Answers == nil {
		cfg.Answers = a
	}
	if cfg.Answers == nil {
		return nil, errors.New("http: Answers is required, or a Ledger that keeps them")
	}
	cfg.Ledger = keyedLedger{cfg.Ledger}
	if cfg.KeyWait <= 0 {
		cfg.KeyWait = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.PasswordHash == (argon2id.Params{}) {
		cfg.PasswordHash = argon2id.Default
	}
	if cfg.PINHash == (argon2id.Params{}) {
		cfg.PINHash = argon2id.PIN
	}
	if cfg.PublicURL == nil {
		cfg.PublicURL = &url.URL{Scheme: "http", Host: "127.0.0.1:8080"}
	}
	cfg.Hashing = cfg.Hashing.withDefaults()
	if cfg.Observer == nil && cfg.Metrics != nil {
		cfg.Observer = cfg.Metrics
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	s := &Server{Config: cfg, log: cfg.Logger, Mux: http.NewServeMux(), logins: newSignInLimits(cfg.Clock),
		Anonymous: newAnonymousLimits(cfg.Clock), reportsByPerson: newPersonReports(cfg.Clock), SetupToken: cfg.SetupToken, proxies: cfg.TrustedProxies}
	// A PIN typed at a hand-off is usually typed again at the return.
	if cfg.PINRemembered == 0 {
		cfg.PINRemembered = 15 * time.Minute // about a scene
	}
	s.pins = argon2id.NewRecent(cfg.Hashing.PINs, cfg.PINRemembered, 10_000, cfg.Clock.Now)
	s.ReporterKey = cfg.ReporterKey
	s.keyWait = cfg.KeyWait
	if len(s.ReporterKey) == 0 {
		s.ReporterKey = make([]byte, 32)
		rand.Read(s.ReporterKey)
	}

	s.Sessions = scs.New()
	s.Sessions.Store = cfg.Sessions
	s.Sessions.Lifetime = 12 * time.Hour
	s.Sessions.HashTokenInStore = true
	s.Sessions.Cookie.Name = "setsafe_session"
	s.Sessions.Cookie.HttpOnly = true
	s.Sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.Sessions.Cookie.Secure = cfg.PublicURL.Scheme == "https"
	s.Sessions.Cookie.Persist = false
	s.Sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.Fail(w, r, err) }

	for _, part := range parts {
		if err := part(s); err != nil {
			return nil, err
		}
	}
	s.Handle("GET /healthz", http.HandlerFunc(s.healthz))
	s.Handle("GET /readyz", http.HandlerFunc(s.readyz))
	s.Handle("GET /metrics", http.HandlerFunc(s.metrics))

	signedIn := s.Sessions.LoadAndSave(s.authenticate(s.Mux))
	anonymous := anonymously(s.Mux)
	s.handler = withRoute(s.withClient(s.recoverPanics(s.observe(s.securityHeaders(s.refuseOtherSites(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if anonymousPath(r.URL.Path) {
			anonymous.ServeHTTP(w, r)
			return
		}
		signedIn.ServeHTTP(w, r)
	})))))))
	return s, nil
}

// anonymousPath says whether a path is one of the anonymous reporter's:
// the report page and its API, which never read or set the session.
func anonymousPath(p string) bool {
	return strings.HasPrefix(p, "/report/") || strings.HasPrefix(p, "/api/v1/report/")
}

// Unlogged says whether nothing about a request may reach the log: the
// anonymous reporter's, since a log line's own time would say when someone
// reported, even of a request that failed. They are counted in the
// metrics only.
func Unlogged(r *http.Request) bool { return anonymousPath(r.URL.Path) }

// anonymously serves the anonymous reporter's routes as nobody: the
// session cookie is neither read nor set, and an Authorization header is
// ignored, so that nothing ties a report to an account, a session or a
// browser. The request log never holds the client's address or user
// agent (see observe).
func anonymously(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), actorKey, setsafe.Actor{})
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, accessKey, &accessSeen{})))
	})
}

// Handle registers a pattern on the mux and remembers it. The handler notes
// its pattern for the logs and metrics, which wrap the mux and so never see
// the request the mux matched.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.patterns = append(s.patterns, pattern)
	s.Mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := r.Context().Value(routeKey{}).(*string); ok {
			*p = pattern
		}
		h.ServeHTTP(w, r)
	}))
}

type routeKey struct{}

// withRoute gives each request a place for the pattern of the route that
// answers it.
func withRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), routeKey{}, new(string))))
	})
}

// routeOf returns the pattern of the route that answered r, once known.
func routeOf(r *http.Request) string {
	if p, ok := r.Context().Value(routeKey{}).(*string); ok && *p != "" {
		return *p
	}
	return "unmatched"
}

// Patterns returns every pattern registered on the mux.
func (s *Server) Patterns() []string { return s.patterns }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully, giving requests in flight up to 10 seconds. Before it
// returns, however it ends, the answers given are kept; answers given
// after that (by a request still running when the 10 seconds were up) are
// not, and the request sent again is answered from its entries. A Server
// serves once.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.keeping.close() // the answers just given, before the database closes
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(shutdown)
	s.keeping.close()
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// keeper runs the keeping of answers after they are given, until it is
// closed.
type keeper struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// Go runs f in the background, unless the keeper is closed, and says
// whether it does.
func (k *keeper) Go(f func()) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return false
	}
	k.wg.Go(f)
	return true
}

// close runs nothing more and waits for what runs: a handler still
// running may call Go meanwhile, or after.
func (k *keeper) close() {
	k.mu.Lock()
	k.closed = true
	k.mu.Unlock()
	k.wg.Wait()
}

// Readiness says whether a server can take work; package sqldb implements
// it.
type Readiness interface {
	// Ready returns nil when the server can take work, and otherwise a
	// short reason ("database", "migrations", "signing_key") and why.
	Ready(ctx context.Context) (reason string, err error)
}

// pingReadiness is the readiness of a Ledger that says no more than
// whether it answers.
type pingReadiness struct{ l Ledger }

func (p pingReadiness) Ready(ctx context.Context) (string, error) {
	if err := p.l.Ping(ctx); err != nil {
		return "database", err
	}
	return "", nil
}

// readyTimeout bounds the readiness check: a database slower than this to
// answer is as good as down to a load balancer.
const readyTimeout = 2 * time.Second

// healthz answers that the process is up and serving, touching nothing
// else: a database down makes the server not ready (readyz), and
// restarting the process would not bring it back.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	WriteJSON(w, http.StatusOK, HealthView{Status: "ok", Version: s.Config.Version})
}

// readyz answers whether the server can take work: its database answers,
// its schema is migrated, and it holds its signing key.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if reason, err := s.Config.Readiness.Ready(ctx); err != nil {
		s.log.Warn("not ready", "reason", reason, "err", err)
		WriteJSON(w, http.StatusServiceUnavailable, HealthView{Status: "unavailable", Version: s.Config.Version, Reason: reason, Message: setsafe.ErrorMessage(err)})
		return
	}
	WriteJSON(w, http.StatusOK, HealthView{Status: "ok", Version: s.Config.Version})
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if s.Config.Metrics == nil {
		s.Fail(w, r, setsafe.Errorf(setsafe.ENotFound, "Metrics are not enabled."))
		return
	}
	if !isLoopback(r) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if s.Config.MetricsToken == "" || !ok || !constantTimeEqual(tok, s.Config.MetricsToken) {
			s.Fail(w, r, setsafe.Errorf(setsafe.EForbidden, "Metrics are served to this machine, or to a scraper with the metrics token."))
			return
		}
	}
	s.Config.Metrics.Handler().ServeHTTP(w, r)
}

// securityHeaders sets headers that every response carries; browsers are
// told to come back over https only when the public URL is https.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	https := s.Config.PublicURL.Scheme == "https"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if https {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			h.Set("Cache-Control", "no-store")
		} else {
			h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
				"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		}
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe logs each request and records its latency. It logs neither the
// client's address nor any body: PINs and anonymous reporters must leave no
// trace here; nor the anonymous reporter's requests at all, even those that
// fail, which the metrics count.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		route := routeOf(r)
		if s.Config.Metrics != nil {
			s.Config.Metrics.Request(route, r.Method, rec.status, d)
		}
		if Unlogged(r) {
			return
		}
		level := slog.LevelDebug
		if rec.status >= 500 {
			level = slog.LevelWarn
		}
		s.log.Log(r.Context(), level, "request", "method", r.Method, "route", route, "status", rec.status, "duration", d)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				if !Unlogged(r) {
					s.log.Error("panic while answering a request", "route", routeOf(r), "panic", v, "stack", string(debug.Stack()))
				}
				s.Fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
