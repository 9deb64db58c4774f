package http_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// TestReceiptCodeOfAKeyUsedAgain sends two anonymous reports with the same
// Idempotency-Key, the second once the first one's key is forgotten, as a
// client that reuses its keys, or two clients that drew the same one,
// would: each gets a code of its own, which opens its own concern and not
// the other's; each sent again gets its own code back.
func TestReceiptCodeOfAKeyUsedAgain(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "", shortWait)
			ts.seed(t)
			const report = "/api/v1/report/red-mesa/concerns"
			const key = "a-key-used-twice-0001"
			bodies := []string{
				`{"category":"stunts","severity":"high","description":"The fall mat by the stable has a tear"}`,
				`{"category":"vehicles","severity":"normal","description":"The camera car has no brake lights"}`,
			}
			var receipts []sshttp.ReceiptResult
			for i, body := range bodies {
				if i > 0 {
					answersKept(t, ts)
					ts.env.Clock.Advance(sqldb.KeysKept + time.Hour)
					if n, err := ts.env.DB.ForgetOldKeys(t.Context(), ts.env.Clock.Now().Add(-sqldb.KeysKept)); err != nil || n == 0 {
						t.Fatalf("forgetting the day-old keys: %d, %v", n, err)
					}
				}
				a := ts.keyedCall(t, "", "POST", report, key, body)
				if a.status != http.StatusCreated {
					t.Fatalf("report %d: %d %s", i, a.status, a.body)
				}
				receipts = append(receipts, decode[sshttp.ReceiptResult](t, a.body))
				if again := ts.keyedCall(t, "", "POST", report, key, body); again.status != a.status || string(again.body) != string(a.body) {
					t.Fatalf("report %d sent again: %d %s, want %d %s", i, again.status, again.body, a.status, a.body)
				}
			}
			if receipts[0].Code == receipts[1].Code || receipts[0].ID == receipts[1].ID {
				t.Fatalf("two reports with one key share a receipt code or a concern: %+v", receipts)
			}
			for i, rc := range receipts {
				read := ts.keyedCall(t, "", "POST", "/api/v1/report/red-mesa/receipt", "", `{"code":"`+rc.Code+`"}`)
				if read.status != http.StatusOK {
					t.Fatalf("reading with code %d: %d %s", i, read.status, read.body)
				}
				d := decode[sshttp.ConcernDetail](t, read.body)
				if d.Concern.ID != rc.ID || !strings.Contains(d.Concern.Description, strings.Split(bodies[i], `"description":"`)[1][:12]) {
					t.Fatalf("code %d opens concern %s (%q), want %s", i, d.Concern.ID, d.Concern.Description, rc.ID)
				}
			}

			// After a crash between recording and answering, the second
			// report sent again is answered with its own code.
			forgetAnswers(t, ts)
			ts.env.Clock.Advance(2 * time.Minute)
			a := ts.keyedCall(t, "", "POST", report, key, bodies[1])
			if a.status != http.StatusCreated || decode[sshttp.ReceiptResult](t, a.body) != receipts[1] {
				t.Fatalf("the second report sent again after a crash: %d %s, want %+v", a.status, a.body, receipts[1])
			}
		})
	}
}
