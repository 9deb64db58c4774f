package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/notify"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// receiver is a webhook receiver that checks signatures and counts each
// notification by its ID, as a deduplicating receiver would.
type receiver struct {
	t      *testing.T
	secret string
	mu     sync.Mutex
	seen   map[string]int
	// again counts requests for notifications seen already, which a
	// receiver that deduplicates by ID ignores.
	again int
	// fail answers 500 to the first fail[id] requests for a notification.
	fail map[string]int
	// onRequest, if set, runs for each request before it is answered.
	onRequest func(r *http.Request, n int) bool
	requests  int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if !notify.Verify(rc.secret, body, r.Header.Get(notify.HeaderSignature)) {
		rc.t.Errorf("a webhook request with a wrong signature: %q", r.Header.Get(notify.HeaderSignature))
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var p setsafe.WebhookPayload
	if err := json.Unmarshal(body, &p); err != nil || p.ID != r.Header.Get(notify.HeaderNotification) {
		rc.t.Errorf("a webhook body that does not carry its ID: %s, %v", body, err)
	}
	rc.mu.Lock()
	rc.requests++
	n := rc.requests
	rc.mu.Unlock()
	if rc.onRequest != nil && !rc.onRequest(r, n) {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.fail[p.ID] > 0 {
		rc.fail[p.ID]--
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	if rc.seen[p.ID] > 0 {
		rc.again++
		return
	}
	rc.seen[p.ID]++
}

// webhookLadder puts a webhook of the receiver on every rung and sets the
// production's secret.
func webhookLadder(t *testing.T, env *storagetest.Env, url, secret string) {
	t.Helper()
	var rungs []setsafe.LadderRungSetting
	for _, r := range setsafe.Rungs {
		rungs = append(rungs, setsafe.LadderRungSetting{Rung: r, Webhook: url + "/" + r})
	}
	storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetLadder{Rungs: rungs}))
	storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetWebhookSecret{Secret: secret}))
}

func stopWork(t *testing.T, db *sqldb.DB, person string) {
	t.Helper()
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", setsafe.PersonActor(person), setsafe.CallStopWork{ID: setsafe.NewID(), Scope: "production",
		Reason: "Smoke from the generator truck"}))
}

func deliveries(t *testing.T, db *sqldb.DB) []setsafe.Delivery {
	t.Helper()
	ds, err := db.Deliveries(context.Background(), "red-mesa", 1000)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestWebhooksRetry checks that a webhook that fails is tried again after
// a wait that doubles, that every attempt is in the delivery log, and that
// the request is signed.
func TestWebhooksRetry(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			env := storagetest.NewEnv(t, b)
			ids := storagetest.Seed(t, env.DB)
			rc := &receiver{t: t, secret: "production-secret", seen: map[string]int{}, fail: map[string]int{}}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetLadder{Rungs: []setsafe.LadderRungSetting{
				{Rung: setsafe.RungStudioSafety, Contact: "Studio safety", Webhook: srv.URL + "/studio"}}}))
			s := notify.New(notify.Config{Outbox: env.DB, Time: env.Clock})

			// No secret yet: the attempt fails and says how to fix it.
			stopWork(t, env.DB, ids["cast"])
			ds := deliveries(t, env.DB)
			if len(ds) != 1 || ds[0].Channel != setsafe.ChannelWebhook {
				t.Fatalf("outbox after a stop-work: %+v", ds)
			}
			id := ds[0].ID
			rc.fail[id] = 1
			if n, err := s.Tick(ctx); err != nil || n != 0 {
				t.Fatalf("without a secret: %d delivered, %v", n, err)
			}
			if ds := deliveries(t, env.DB); ds[0].State != setsafe.DeliveryPending || !strings.Contains(ds[0].LastError, "webhook secret") {
				t.Fatalf("after an attempt without a secret: %+v", ds[0])
			}
			storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetWebhookSecret{Rung: setsafe.RungStudioSafety, Secret: "studio-safety-rung-secret"}))
			rc.secret = "studio-safety-rung-secret" // the rung's own secret wins over none

			// Not due yet: the first retry waits 30 s.
			env.Clock.Advance(29 * time.Second)
			if n, _ := s.Tick(ctx); n != 0 || rc.requests != 0 {
				t.Fatalf("retried after %d requests before the wait was over", rc.requests)
			}
			env.Clock.Advance(time.Second)
			if n, _ := s.Tick(ctx); n != 0 || rc.requests != 1 {
				t.Fatalf("second attempt: %d delivered, %d requests", n, rc.requests)
			}
			// The second retry waits twice as long.
			env.Clock.Advance(59 * time.Second)
			if n, _ := s.Tick(ctx); n != 0 {
				t.Fatal("retried before the doubled wait was over")
			}
			env.Clock.Advance(time.Second)
			if n, err := s.Tick(ctx); n != 1 || err != nil {
				t.Fatalf("third attempt: %d delivered, %v", n, err)
			}
			d := deliveries(t, env.DB)[0]
			if d.State != setsafe.DeliveryDelivered || d.Attempts != 3 || len(d.Log) != 3 ||
				d.Log[0].Outcome != "failed" || d.Log[1].Outcome != "failed" || d.Log[2].Outcome != "delivered" {
				t.Fatalf("delivery log: %+v", d)
			}
			if rc.seen[id] != 1 {
				t.Fatalf("the receiver saw the notification %d times", rc.seen[id])
			}
		})
	}
}

// TestSenderStoppedMidway stops a sender while it sends, starts another,
// and checks that every notification reaches the receiver, once for a
// receiver that deduplicates by ID.
func TestSenderStoppedMidway(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			env := storagetest.NewEnv(t, b)
			ids := storagetest.Seed(t, env.DB)
			rc := &receiver{t: t, secret: "production-s3cret-for-webhooks", seen: map[string]int{}, fail: map[string]int{}}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			webhookLadder(t, env, srv.URL, "production-s3cret-for-webhooks")
			for range 20 {
				stopWork(t, env.DB, ids["cast"])
			}
			want := deliveries(t, env.DB)
			if len(want) != 100 {
				t.Fatalf("20 stop-works to a ladder of 5 webhooks left %d notifications", len(want))
			}

			ctx, stop := context.WithCancel(context.Background())
			rc.onRequest = func(r *http.Request, n int) bool {
				if n == 30 {
					stop() // the server goes down mid-way
				}
				if n >= 30 {
					<-r.Context().Done()
					return false
				}
				return true
			}
			first := notify.New(notify.Config{Outbox: env.DB, Time: env.Clock, Lease: time.Minute})
			if _, err := first.Tick(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("the stopped sender: %v", err)
			}
			sent := 0
			for _, d := range deliveries(t, env.DB) {
				if d.State == setsafe.DeliveryDelivered {
					sent++
				}
			}
			if sent == 0 || sent >= 100 {
				t.Fatalf("the first sender delivered %d of 100 before it stopped", sent)
			}

			// A new sender, once the lease of the stopped one ran out.
			rc.onRequest = nil
			env.Clock.Advance(time.Minute)
			second := notify.New(notify.Config{Outbox: env.DB, Time: env.Clock, Lease: time.Minute})
			if _, err := second.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			for _, d := range deliveries(t, env.DB) {
				if d.State != setsafe.DeliveryDelivered {
					t.Errorf("%s is %s: %s", d.ID, d.State, d.LastError)
				}
				if rc.seen[d.ID] != 1 {
					t.Errorf("%s reached the receiver %d times", d.ID, rc.seen[d.ID])
				}
			}
			if len(rc.seen) != 100 {
				t.Fatalf("the receiver saw %d notifications, want 100", len(rc.seen))
			}
			// Only those in flight when the sender stopped can come twice.
			if rc.again > 8 {
				t.Fatalf("%d notifications came twice", rc.again)
			}
			t.Logf("%d of 100 delivered before the stop; %d sent again after it", sent, rc.again)
		})
	}
}

// mailbox is an SMTP server's store of the messages it accepted.
type mailbox struct {
	mu       sync.Mutex
	messages []string
	rcpts    []string
}

type session struct {
	box    *mailbox
	authed bool
	rcpt   []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "setsafe" || pass != "mail-password" {
			return errors.New("wrong password")
		}
		s.authed = true
		return nil
	}), nil
}
func (s *session) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return errors.New("sign in first")
	}
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { s.rcpt = append(s.rcpt, to); return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.box.mu.Lock()
	s.box.messages = append(s.box.messages, string(b))
	s.box.rcpts = append(s.box.rcpts, s.rcpt...)
	s.box.mu.Unlock()
	return err
}
func (s *session) Reset()        { s.rcpt = nil }
func (s *session) Logout() error { return nil }

// certificate makes a certificate for 127.0.0.1 and a pool that trusts it.
func certificate(t *testing.T) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.test"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// TestEmail sends notifications through a real SMTP server with STARTTLS
// and a password, and checks what a recipient gets.
func TestEmail(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			env := storagetest.NewEnv(t, b)
			ids := storagetest.Seed(t, env.DB)
			storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(),
				PersonDetails: setsafe.PersonDetails{Name: "Tomas Reyes", Email: "tomas@example.com"}, Roles: []setsafe.Role{setsafe.RoleDepartmentHead}}))
			storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", setsafe.PersonActor(ids["cast"]), setsafe.RaiseConcern{ID: "c1",
				Category: setsafe.CategoryFirearms, Severity: setsafe.SeverityCritical, Description: "Rounds left on the props cart", Location: "Church set", Mode: setsafe.ReportConfidential,
				ReporterSeal: setsafe.ReporterSeal([]byte("the server's key"), "red-mesa", "c1", ids["cast"])}))

			// Without a mail server the attempt fails and says why.
			none := notify.New(notify.Config{Outbox: env.DB, Time: env.Clock})
			if n, _ := none.Tick(ctx); n != 0 {
				t.Fatal("an e-mail was delivered without a mail server")
			}
			if d := deliveries(t, env.DB)[0]; !strings.Contains(d.LastError, "--smtp-host") {
				t.Fatalf("an e-mail without a mail server: %+v", d)
			}
			env.Clock.Advance(time.Minute)

			cert, pool := certificate(t)
			box := &mailbox{}
			srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{box: box}, nil }))
			srv.Domain = "mail.test"
			srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			go srv.Serve(ln)
			defer srv.Close()
			mail := &notify.SMTP{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, From: "setsafe <safety@redmesa.example.com>",
				Username: "setsafe", Password: "mail-password", TLSConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}
			if err := mail.Check(); err != nil {
				t.Fatal(err)
			}
			s := notify.New(notify.Config{Outbox: env.DB, Mail: mail, Time: env.Clock})
			if n, err := s.Tick(ctx); n != 1 || err != nil {
				t.Fatalf("%d delivered, %v; log %+v", n, err, deliveries(t, env.DB))
			}
			d := deliveries(t, env.DB)[0]
			if len(box.messages) != 1 || box.rcpts[0] != "tomas@example.com" {
				t.Fatalf("the mail server got %d messages for %v", len(box.messages), box.rcpts)
			}
			msg := box.messages[0]
			for _, want := range []string{"Message-ID: <" + d.ID + "@setsafe>", "To: tomas@example.com", "Subject: Concern raised: critical, firearms",
				"Rounds left on the props cart", "Where: Church set."} {
				if !strings.Contains(msg, want) {
					t.Errorf("the e-mail has no %q:\n%s", want, msg)
				}
			}
			if strings.Contains(msg, "Jack Brennan") {
				t.Error("the e-mail names the confidential reporter")
			}
		})
	}
}

// TestSMTPCheck checks that a wrong mail configuration says what to fix.
func TestSMTPCheck(t *testing.T) {
	tests := []struct {
		name string
		smtp notify.SMTP
		want string
	}{
		{"fine", notify.SMTP{Host: "mail.example.com", Port: 587, From: "safety@example.com"}, ""},
		{"no host", notify.SMTP{Port: 587, From: "safety@example.com"}, "--smtp-host"},
		{"port", notify.SMTP{Host: "m", Port: 0, From: "safety@example.com"}, "--smtp-port"},
		{"from", notify.SMTP{Host: "m", Port: 25, From: "nobody"}, "--smtp-from"},
		{"tls", notify.SMTP{Host: "m", Port: 25, From: "a@b.c", TLS: "ssl"}, "--smtp-tls"},
		{"half a login", notify.SMTP{Host: "m", Port: 25, From: "a@b.c", Username: "u"}, "--smtp-password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.smtp.Check()
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("want %q, got %v", tt.want, err)
			}
		})
	}
}
