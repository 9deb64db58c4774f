package http_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// slowAnswers is a database that keeps answers only once let.
type slowAnswers struct {
	*sqldb.DB
	keeping chan struct{} // an answer is being kept
	let     chan struct{}
}

func (l *slowAnswers) KeepAnswer(ctx context.Context, key, answer []byte) (bool, error) {
	l.keeping <- struct{}{}
	<-l.let
	return l.DB.KeepAnswer(ctx, key, answer)
}

// TestServeKeepsAnswersWhenItFails stops the listener while an answer
// just given is being kept: Serve returns its error only once the answer
// is kept, before the caller closes the database.
func TestServeKeepsAnswersWhenItFails(t *testing.T) {
	var slow *slowAnswers
	ts := newTestServer(t, storagetest.SQLite(), "", func(c *sshttp.Config) {
		slow = &slowAnswers{DB: c.Ledger.(*sqldb.DB), keeping: make(chan struct{}, 1), let: make(chan struct{})}
		c.Ledger = slow
	})
	ts.seed(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- ts.srv.Serve(t.Context(), ln) }()

	req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+"/api/v1/productions/red-mesa/people", strings.NewReader(`{"name":"Ana Ruiz"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+ts.tokens["producer"])
	req.Header.Set("Idempotency-Key", "kept-before-serve-ends-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("the request: %d", resp.StatusCode)
	}
	<-slow.keeping
	ln.Close()
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v while an answer was being kept", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(slow.let)
	select {
	case err := <-served:
		if err == nil {
			t.Fatal("Serve on a closed listener returned no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return once the answer was kept")
	}
	answersKept(t, ts)
}
