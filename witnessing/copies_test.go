package witnessing_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/notify"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/setsafe/setsafe/witness"
	"github.com/setsafe/setsafe/witnessing"
)

// copiesReceived is a webhook receiver of every rung of the ladder.
type copiesReceived struct {
	t      *testing.T
	mu     sync.Mutex
	byRung map[string][]setsafe.WebhookPayload
}

func (c *copiesReceived) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if !notify.Verify("copies-secret-of-red-mesa", body, r.Header.Get(notify.HeaderSignature)) {
		c.t.Errorf("a copy with a wrong signature")
	}
	var p setsafe.WebhookPayload
	if err := json.Unmarshal(body, &p); err != nil {
		c.t.Errorf("a copy that is not a webhook payload: %s", body)
	}
	c.mu.Lock()
	c.byRung[strings.TrimPrefix(r.URL.Path, "/")] = append(c.byRung[strings.TrimPrefix(r.URL.Path, "/")], p)
	c.mu.Unlock()
}

func (c *copiesReceived) of(rung string) []setsafe.WebhookPayload {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]setsafe.WebhookPayload(nil), c.byRung[rung]...)
}

// TestCopies checks that the rung chosen receives a copy of the final
// checkpoint, with the witness's cosignature, at most once an hour, and
// that the copies record nothing in the ledger.
func TestCopies(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			p := newProduction(t, b, 1)
			rc := &copiesReceived{t: t, byRung: map[string][]setsafe.WebhookPayload{}}
			ts := httptest.NewServer(rc)
			defer ts.Close()
			var rungs []setsafe.LadderRungSetting
			for _, r := range setsafe.Rungs {
				rungs = append(rungs, setsafe.LadderRungSetting{Rung: r, Webhook: ts.URL + "/" + r})
			}
			for _, c := range []setsafe.Command{setsafe.SetLadder{Rungs: rungs}, setsafe.SetWebhookSecret{Secret: "copies-secret-of-red-mesa"},
				witness.SetCopies{Rungs: []string{setsafe.RungStudioSafety}, By: p.ids["producer"]}} {
				storagetest.MustAppend(t, p.e.DB, setsafe.On("red-mesa", storagetest.Operator, c))
			}
			p.sub = witnessing.New(witnessing.Config{Store: p.e.DB, Time: p.e.Clock, Observer: p.obs,
				Copies: &witnessing.Copies{Secrets: p.e.DB, Time: p.e.Clock}})

			first := p.submit(t)
			got := rc.of(setsafe.RungStudioSafety)
			if len(got) != 1 || got[0].Seq != int64(first.Size) || got[0].Event != witnessing.CopyEvent ||
				!strings.Contains(got[0].Text, string(first.Note)+"— "+p.witnesses[0].Name+" ") {
				t.Fatalf("copies to the studio's safety rung: %+v; want one of size %d with the witness's cosignature", got, first.Size)
			}
			for _, r := range setsafe.Rungs {
				if n := len(rc.of(r)); r != setsafe.RungStudioSafety && n != 0 {
					t.Errorf("rung %s, not chosen, received %d copies", r, n)
				}
			}
			size, _ := p.e.DB.LedgerSize(t.Context(), "red-mesa")

			// Within the hour, a new final checkpoint waits.
			p.addPeople(t, 1)
			second := p.submit(t)
			p.cosigned(t, second, 2)
			if got := rc.of(setsafe.RungStudioSafety); len(got) != 1 {
				t.Fatalf("%d copies within the hour, want 1", len(got))
			}
			p.e.Clock.Advance(witnessing.CopyEvery)
			p.sub.Pass(t.Context())
			got = rc.of(setsafe.RungStudioSafety)
			if len(got) != 2 || got[1].Seq != int64(second.Size) {
				t.Fatalf("copies after the hour: %+v; want a second, of size %d", got, second.Size)
			}
			p.e.Clock.Advance(2 * witnessing.CopyEvery)
			p.sub.Pass(t.Context())
			if got := rc.of(setsafe.RungStudioSafety); len(got) != 2 {
				t.Fatalf("%d copies with no new final checkpoint, want 2", len(got))
			}
			if after, _ := p.e.DB.LedgerSize(t.Context(), "red-mesa"); after != size+1 {
				t.Errorf("the ledger grew from %d to %d entries; only the one person added should be there", size, after)
			}
		})
	}
}
