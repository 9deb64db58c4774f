package http_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestProblems checks the API's errors as problems (RFC 9457): every
// error code has a kind with a title, its type describes it when fetched,
// and an error is sent as application/problem+json with the members of
// its kind.
func TestProblems(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	call := ts.caller(t)
	for _, code := range sshttp.ProblemCodes() {
		kind, ok := sshttp.ProblemTypeOf(code)
		if !ok || kind.Title == "" || kind.Meaning == "" || kind.Status != sshttp.StatusOf[code] {
			t.Errorf("the error code %q has no kind of its own: %+v", code, kind)
			continue
		}
		got := decode[sshttp.ProblemType](t, call("", "GET", kind.Type, "", http.StatusOK))
		if got != kind {
			t.Errorf("GET %s: %+v, want %+v", kind.Type, got, kind)
		}
	}
	if e := errorOf(t, call("", "GET", sshttp.ProblemTypes+"sorry", "", http.StatusNotFound)); e.Code != setsafe.ENotFound {
		t.Errorf("an unknown kind of error: %+v", e)
	}

	// A refusal, as a client receives it.
	req, err := http.NewRequest("POST", ts.URL+"/api/v1/productions/red-mesa/firearms/"+ts.ids["firearm"]+"/unsecure", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ts.tokens["first_ad"])
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	p := decode[sshttp.Problem](t, b)
	if resp.StatusCode != http.StatusConflict || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("a refusal: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	want := sshttp.NewProblem(http.StatusConflict, p.ErrorDetail)
	if p.Type != "/api/v1/problems/refused" || p.Title != want.Title || p.Status != http.StatusConflict || p.Detail != p.Message || len(p.Rules) == 0 {
		t.Fatalf("a refusal: %+v", p)
	}
}
