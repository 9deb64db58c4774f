package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/http/pages"
	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// fastHash keeps tests quick; it is still real Argon2id.
var fastHash = argon2id.Params{Memory: 64, Time: 1, Threads: 1}

// testServer is a real server over a real database, reached over HTTP.
type testServer struct {
	*httptest.Server
	env *storagetest.Env
	srv *sshttp.Server
	// ids of the seeded people and accounts, by name.
	ids map[string]string
	// tokens are API tokens by actor name (a role, site_admin, outsider).
	tokens map[string]string
}

func newTestServer(t testing.TB, b storagetest.Backend, setupToken string, configure ...func(*sshttp.Config)) *testServer {
	t.Helper()
	m := metrics.New(metrics.Options{})
	env := storagetest.NewEnv(t, b, func(c *sqldb.Config) { c.Observer = m })
	return serveOn(t, env, env.DB, m, setupToken, configure...)
}

// serveOn starts a server over db, a handle on env's database.
func serveOn(t testing.TB, env *storagetest.Env, db *sqldb.DB, m *metrics.Metrics, setupToken string, configure ...func(*sshttp.Config)) *testServer {
	t.Helper()
	cfg := sshttp.Config{
		Ledger: db, Records: db, Credentials: db, Armory: db, Sessions: db.Sessions(),
		Clock: env.Clock, Metrics: m, Logger: slog.New(slog.DiscardHandler), PasswordHash: fastHash, PINHash: fastHash, SetupToken: setupToken,
		VerifierKey: env.Signer.VerifierKey(), Version: "test",
	}
	for _, f := range configure {
		f(&cfg)
	}
	srv, err := sshttp.New(cfg, api.Mount, pages.Mount)
	if err != nil {
		t.Fatal(err)
	}
	// Every answer of the API is checked against the OpenAPI document.
	ts := &testServer{Server: httptest.NewServer(loadContract(t, srv).conforming(t, srv)), env: env, srv: srv, ids: map[string]string{}, tokens: map[string]string{}}
	t.Cleanup(ts.Close)
	return ts
}

// size is the number of entries in red-mesa's ledger.
func (ts *testServer) size(t testing.TB) int64 {
	t.Helper()
	n, err := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// seed creates the production red-mesa with one account per role, a site
// administrator and an outsider, each with an API token.
func (ts *testServer) seed(t testing.TB) {
	t.Helper()
	db := ts.env.DB
	op := storagetest.Operator
	storagetest.MustAppend(t, db, setsafe.CreateProductionRequest(op, setsafe.CreateProduction{
		ID: "red-mesa", Name: "Red Mesa", Location: "Santa Fe, New Mexico", TimeZone: "America/Denver"}))
	account := func(name string, admin bool) string {
		id := setsafe.NewID()
		h, _ := argon2id.Hash("password-of-"+name, fastHash)
		storagetest.MustAppend(t, db, setsafe.On(setsafe.SiteLedger, op, setsafe.CreateAccount{
			ID: id, Email: name + "@example.com", Name: name, PasswordHash: h, SiteAdmin: admin}))
		tokID, token, hash := setsafe.NewAPITokenSecret()
		storagetest.MustAppend(t, db, setsafe.On(setsafe.SiteLedger, op, setsafe.CreateAPIToken{ID: tokID, AccountID: id, Name: "test", SecretHash: hash}))
		ts.ids["account:"+name] = id
		ts.tokens[name] = token
		return id
	}
	account("site_admin", true)
	account("outsider", false)
	for _, r := range setsafe.Roles {
		acct := account(string(r), false)
		id := setsafe.NewID()
		storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, setsafe.AddPerson{ID: id, AccountID: acct, Roles: []setsafe.Role{r},
			PersonDetails: setsafe.PersonDetails{Name: "The " + r.Title(), Email: string(r) + "@example.com", Phone: "+1 505 555 0100"}}))
		ts.ids[string(r)] = id
	}
	// A person and an account that requests act on.
	target := account("target", false)
	ts.ids["target"] = setsafe.NewID()
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, setsafe.AddPerson{ID: ts.ids["target"], Roles: []setsafe.Role{setsafe.RoleCrew, setsafe.RoleCast},
		PersonDetails: setsafe.PersonDetails{Name: "Target Person"}}))
	ts.ids["target-account"] = target
	tokID, _, hash := setsafe.NewAPITokenSecret()
	storagetest.MustAppend(t, db, setsafe.On(setsafe.SiteLedger, op, setsafe.CreateAPIToken{ID: tokID, AccountID: target, Name: "target", SecretHash: hash}))
	ts.ids["target-token"] = tokID
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, setsafe.RecordPermit{ID: setsafe.NewID(), PersonID: ts.ids["armorer"], Kind: "armorer",
		Number: "NM-0042", Issuer: "State of New Mexico", Expires: "2030-12-31"}))
	ts.ids["firearm"] = setsafe.NewID()
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, setsafe.ReceiveFirearm{ID: ts.ids["firearm"], Make: "Colt", Model: "Single Action Army",
		Serial: "4417", Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: ts.ids["armorer"]}))
	ts.ids["lot"] = setsafe.NewID()
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, setsafe.ReceiveAmmoLot{ID: ts.ids["lot"], Label: "D-1", Kind: "dummy", Calibre: ".45 Colt",
		Source: "PDQ Arm & Prop", Headstamp: "PDQ 45", Count: 50,
		Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-D45"}, By: ts.ids["armorer"]}))
	if _, err := db.SignCheckpoint(context.Background(), "red-mesa"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignCheckpoint(context.Background(), setsafe.SiteLedger); err != nil {
		t.Fatal(err)
	}
}

// call makes a request as an actor (a key of tokens, or "" for nobody) and
// returns the status and body.
func (ts *testServer) call(t testing.TB, actor, method, path, body string) (int, []byte) {
	t.Helper()
	a := ts.keyedCall(t, actor, method, path, "", body)
	return a.status, a.body
}

// caller returns a function that makes a request as call does and fails
// the test unless the answer has the status wanted.
func (ts *testServer) caller(t testing.TB) func(actor, method, path, body string, want int) []byte {
	return func(actor, method, path, body string, want int) []byte {
		t.Helper()
		status, resp := ts.call(t, actor, method, path, body)
		if status != want {
			t.Fatalf("%s %s as %s: %d %s, want %d", method, path, actor, status, compact(resp), want)
		}
		return resp
	}
}

// decode unmarshals a response body and fails the test on error.
func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, b, err)
	}
	return v
}

// errorOf decodes an API error, a problem, and returns setsafe's members
// of it, after checking that its standard members agree with them: the
// type of its code, the code's title, and its message as its detail.
func errorOf(t testing.TB, b []byte) sshttp.ErrorDetail {
	t.Helper()
	p := decode[sshttp.Problem](t, b)
	kind, ok := sshttp.ProblemTypeOf(p.Code)
	if !ok || p.Type != kind.Type || p.Title != kind.Title || p.Detail != p.Message || p.Status < 400 {
		t.Fatalf("the problem %s does not agree with its code %q (%+v)", compact(b), p.Code, kind)
	}
	return p.ErrorDetail
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}
