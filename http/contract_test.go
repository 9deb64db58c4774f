package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/storagetest"
)

// contract holds the server's OpenAPI document, loaded and checked, and
// the router that finds an operation in it.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

// loadContract loads the document srv serves and fails t if it is not a
// valid OpenAPI document.
func loadContract(t testing.TB, srv *sshttp.Server) *contract {
	t.Helper()
	b, err := json.Marshal(api.OpenAPI("dev"))
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		t.Fatalf("load the OpenAPI document: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	// The document's server is "/", relative to wherever it is served; the
	// router matches paths alone without one.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("route the OpenAPI document: %v", err)
	}
	return &contract{doc: doc, router: router}
}

// conforming wraps h so that every answer of the API is checked against
// the document: an answer it does not describe (an undeclared status, a
// body that does not match its schema) fails t, naming the operation.
func (c *contract) conforming(t testing.TB, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") && r.URL.Path != "/healthz" && r.URL.Path != "/readyz" && r.URL.Path != "/metrics" {
			h.ServeHTTP(w, r)
			return
		}
		// The request is kept as the handler reads it, which may answer
		// before reading all of it.
		var sent bytes.Buffer
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.TeeReader(r.Body, &sent), r.Body}
		// The answer is held until it is checked, so that a failure is
		// reported while the test that caused it still runs.
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		res := rec.Result()
		if err := c.check(r, res.StatusCode, res.Header, rec.Body.Bytes()); err != nil {
			t.Errorf("%s %s answered %d, which the OpenAPI document does not describe: %v\nbody: %s",
				r.Method, r.URL.Path, res.StatusCode, err, compact(rec.Body.Bytes()))
		}
		if res.StatusCode >= 200 && res.StatusCode < 300 {
			if err := c.checkRequest(r, sent.Bytes()); err != nil {
				t.Errorf("%s %s was accepted (%d), but the OpenAPI document does not allow the request: %v\nbody: %s",
					r.Method, r.URL.Path, res.StatusCode, err, compact(sent.Bytes()))
			}
		}
		if res.StatusCode == http.StatusCreated {
			c.readBack(t, h, r, res)
		}
		maps.Copy(w.Header(), res.Header)
		w.WriteHeader(res.StatusCode)
		w.Write(rec.Body.Bytes())
	})
}

// readBack checks that what a 201 answer to r says it created can be read:
// GET on its Location, as the same caller, answers 200. The anonymous
// reporter's Location is the route that reads their concern with its
// receipt code, which takes no GET.
func (c *contract) readBack(t testing.TB, h http.Handler, r *http.Request, res *http.Response) {
	loc := res.Header.Get("Location")
	switch {
	case loc == "":
		t.Errorf("%s %s answered 201 without a Location", r.Method, r.URL.Path)
		return
	case strings.HasPrefix(loc, "/api/v1/report/"):
		return
	}
	get := httptest.NewRequest("GET", loc, nil)
	get.Host, get.RemoteAddr = r.Host, r.RemoteAddr
	get.Header.Set("Authorization", r.Header.Get("Authorization"))
	// The caller's cookies, with any the answer set: setting up the site
	// signs its administrator in.
	cookies := map[string]*http.Cookie{}
	for _, ck := range r.Cookies() {
		cookies[ck.Name] = ck
	}
	for _, ck := range res.Cookies() {
		cookies[ck.Name] = ck
	}
	for _, ck := range cookies {
		get.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.conforming(t, h).ServeHTTP(rec, get)
	if rec.Code != http.StatusOK {
		t.Errorf("%s %s answered 201 with Location %s, which answers GET by the same caller with %d: %s",
			r.Method, r.URL.Path, loc, rec.Code, compact(rec.Body.Bytes()))
	}
}

// checkRequest validates a request the server accepted against the
// document: what the server takes, the document must allow. Files sent as
// they are have no schema to check beyond their media type.
func (c *contract) checkRequest(r *http.Request, body []byte) error {
	req := r.Clone(context.Background())
	req.URL.Scheme, req.URL.Host = "http", r.Host
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("no operation: %w", err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		ExcludeRequestBody: !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")}
	return openapi3filter.ValidateRequest(context.Background(),
		&openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts})
}

// check validates one answer to r against the document.
func (c *contract) check(r *http.Request, status int, header http.Header, body []byte) error {
	// The router matches on the full URL, which a server-side request
	// lacks.
	req := r.Clone(context.Background())
	req.URL.Scheme, req.URL.Host = "http", r.Host
	route, params, err := c.router.FindRoute(req)
	var missing *routers.RouteError
	if errors.As(err, &missing) {
		// No operation: the API answers an unknown path 404 and a method
		// a path does not take 405, each with an error body.
		want := map[string]int{routers.ErrPathNotFound.Error(): http.StatusNotFound, routers.ErrMethodNotAllowed.Error(): http.StatusMethodNotAllowed}
		if status != want[missing.Reason] {
			return fmt.Errorf("no operation (%w), and not answered as none", err)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return fmt.Errorf("no operation, and the body is not JSON: %w", err)
		}
		if mt := header.Get("Content-Type"); mt != sshttp.ProblemMediaType {
			return fmt.Errorf("no operation, and the answer is %s, not a problem", mt)
		}
		return c.doc.Components.Schemas["Problem"].Value.VisitJSON(v)
	}
	if err != nil {
		return fmt.Errorf("no operation: %w", err)
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
		Status:                 status,
		Header:                 header,
		Options:                opts,
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// TestContractCatchesDrift checks that the contract check fails answers
// the document does not describe, and passes those it does: a real answer
// of the server, then that answer changed.
func TestContractCatchesDrift(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	c := loadContract(t, ts.srv)
	body := ts.caller(t)("producer", "GET", "/api/v1/session", "", http.StatusOK)
	changed := func(change func(account map[string]any)) string {
		v := decode[map[string]any](t, body)
		change(v["account"].(map[string]any))
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	get := httptest.NewRequest("GET", "http://example.com/api/v1/session", nil)
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	problem := http.Header{"Content-Type": {sshttp.ProblemMediaType}}
	signIn := http.Header{"Content-Type": {sshttp.ProblemMediaType}, "Www-Authenticate": {`Bearer realm="setsafe"`}}
	// unauthorized is a problem as the server sends it, changed by change.
	unauthorized := func(change func(p map[string]any)) string {
		p := map[string]any{"type": "/api/v1/problems/unauthorized", "title": "Not signed in", "status": 401,
			"detail": "Sign in first.", "code": "unauthorized", "message": "Sign in first."}
		change(p)
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	same := func(map[string]any) {}
	for _, tc := range []struct {
		name   string
		status int
		header http.Header
		body   string
		ok     bool
	}{
		{"the answer as sent", 200, h, string(body), true},
		{"an answer with a field more", 200, h, changed(func(a map[string]any) { a["nickname"] = "x" }), false},
		{"an answer without a required field", 200, h, changed(func(a map[string]any) { delete(a, "email") }), false},
		{"an answer with null for a string", 200, h, changed(func(a map[string]any) { a["email"] = nil }), false},
		{"an answer with a number for a string", 200, h, changed(func(a map[string]any) { a["email"] = 7 }), false},
		{"a success missing everything", 200, h, `{}`, false},
		{"an error as documented", 401, signIn, unauthorized(same), true},
		{"an error without its header", 401, problem, unauthorized(same), false},
		{"an error as plain JSON", 401, http.Header{"Content-Type": h["Content-Type"], "Www-Authenticate": signIn["Www-Authenticate"]}, unauthorized(same), false},
		{"an error in the old shape", 401, signIn, `{"error":{"code":"unauthorized","message":"Sign in first."}}`, false},
		{"an error code not in the enum", 401, signIn, unauthorized(func(p map[string]any) { p["code"] = "sorry" }), false},
		{"an error code of another status", 401, signIn, unauthorized(func(p map[string]any) { p["code"] = "conflict" }), false},
		{"an error with another status inside", 401, signIn, unauthorized(func(p map[string]any) { p["status"] = 403 }), false},
		{"an error without its type", 401, signIn, unauthorized(func(p map[string]any) { delete(p, "type") }), false},
		{"an error without its message", 401, signIn, unauthorized(func(p map[string]any) { delete(p, "message") }), false},
		{"an undeclared status", 418, signIn, unauthorized(same), false},
		{"a status this operation does not answer", 409, problem, unauthorized(func(p map[string]any) { p["code"], p["status"] = "conflict", 409 }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.check(get, tc.status, tc.header, []byte(tc.body))
			if (err == nil) != tc.ok {
				t.Fatalf("check of %d %s: %v, want ok=%v", tc.status, tc.body, err, tc.ok)
			}
		})
	}
}

// TestDayBoardAsDocumented reads the day's board with a set-up on it, whose
// fields are sent as the set-up view's own.
func TestDayBoardAsDocumented(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	call := ts.caller(t)
	call("first_ad", "POST", "/api/v1/productions/red-mesa/setups", `{"scene":"42","name":"Street standoff","hazards":["firearms"]}`, http.StatusCreated)
	day := decode[map[string]any](t, call("first_ad", "GET", "/api/v1/productions/red-mesa/today", "", http.StatusOK))
	setups, _ := day["setups"].([]any)
	if len(setups) != 1 {
		t.Fatalf("the board has %d set-ups, want 1: %v", len(setups), day)
	}
	if s := setups[0].(map[string]any); s["name"] != "Street standoff" || s["SetUp"] != nil {
		t.Fatalf("the set-up is sent as %v, want its fields as its own", s)
	}
}

// TestMalformedKeyAsDocumented sends a change that takes nothing but its
// Idempotency-Key, with a key too short: the refusal is one the document
// names.
func TestMalformedKeyAsDocumented(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	a := ts.keyedCall(t, "producer", "DELETE", "/api/v1/session", "short", "")
	if a.status != http.StatusBadRequest || errorOf(t, a.body).Code != setsafe.EInvalid {
		t.Fatalf("a malformed key: %d %s, want 400 invalid", a.status, a.body)
	}
}
