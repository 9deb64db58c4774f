package http_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestWebhookSecretIsRecorded checks that setting a webhook secret is an
// entry of the ledger naming who set it for which rung, that the entry
// holds neither the secret nor anything else of it, and that a secret
// refused leaves no entry and no secret behind.
func TestWebhookSecretIsRecorded(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			const prod = "/api/v1/productions/red-mesa"
			tests := []struct {
				name, actor, body string
				// secret is the secret sent, or "" for one setsafe makes.
				secret, rung string
				status       int
			}{
				{"the safety coordinator sets the union's", "safety_coordinator", `{"rung":"union_representative","secret":"Local-480-shared-signing-key"}`,
					"Local-480-shared-signing-key", "union_representative", http.StatusOK},
				{"a producer has setsafe make the production's", "producer", `{}`, "", "", http.StatusOK},
				{"a short secret", "producer", `{"rung":"studio_safety","secret":"too-short"}`, "too-short", "studio_safety", http.StatusBadRequest},
				{"no such rung", "producer", `{"rung":"mayor","secret":"a-long-enough-secret-for-the-mayor"}`, "a-long-enough-secret-for-the-mayor", "mayor", http.StatusBadRequest},
				{"the 1st AD may not", "first_ad", `{"rung":"studio_safety","secret":"the-first-ADs-own-secret-here"}`, "the-first-ADs-own-secret-here", "studio_safety", http.StatusForbidden},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					before, err := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
					if err != nil {
						t.Fatal(err)
					}
					status, body := ts.call(t, tt.actor, "PUT", prod+"/escalation/webhook-secret", tt.body)
					if status != tt.status {
						t.Fatalf("%d %s, want %d", status, body, tt.status)
					}
					after, err := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
					if err != nil {
						t.Fatal(err)
					}
					if status != http.StatusOK {
						if after != before {
							t.Fatalf("a refused secret added %d entries", after-before)
						}
						if rungs, err := ts.env.DB.WebhookSecrets(t.Context(), "red-mesa"); err != nil || slices.Contains(rungs, tt.rung) {
							t.Fatalf("a refused secret was stored: %v %v", rungs, err)
						}
						return
					}
					res := decode[sshttp.WebhookSecretResult](t, body)
					secret := res.Secret
					if tt.secret != "" && secret != tt.secret {
						t.Fatalf("the answer shows %q, sent %q", secret, tt.secret)
					}
					if after != before+1 || len(res.Recorded) != 1 || res.Recorded[0].Seq != after || res.Recorded[0].Type != "escalation.webhook_secret_set" {
						t.Fatalf("recorded %+v; ledger went from %d to %d entries", res.Recorded, before, after)
					}
					if stored, err := ts.env.DB.WebhookSecret(t.Context(), "red-mesa", tt.rung); err != nil || stored != secret {
						t.Fatalf("the stored secret: %q %v", stored, err)
					}
					e := decode[sshttp.EntryView](t, ts.caller(t)("investigator", "GET", "/api/v1/ledgers/red-mesa/entries/"+strconv.FormatInt(after, 10), "", http.StatusOK))
					if e.Actor != "person:"+ts.ids[tt.actor] || e.Time.IsZero() {
						t.Errorf("the entry says %s set it at %v, want %s", e.Actor, e.Time, ts.ids[tt.actor])
					}
					var rec struct {
						Rung string `json:"rung"`
					}
					if err := json.Unmarshal(e.Body, &rec); err != nil || rec.Rung != tt.rung {
						t.Errorf("the entry names rung %q (%v), want %q: %s", rec.Rung, err, tt.rung, e.Body)
					}
					for _, part := range []string{secret, secret[:len(secret)/2], secret[len(secret)/2:]} {
						if strings.Contains(string(e.Entry), part) || strings.Contains(string(e.Body), part) {
							t.Errorf("the ledger entry holds the secret (%q): %s", part, e.Entry)
						}
					}
				})
			}
		})
	}
}
