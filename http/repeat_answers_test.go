package http_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/storagetest"
)

// TestRepeatOfAnAnswerNeverKept pins what a request sent again gets on a
// route that answers with more than the entries it recorded (a firearm):
// the first answer byte for byte once it is kept; after the server
// stopped before keeping it, the route's status and the entries recorded
// only, as the OpenAPI document says.
func TestRepeatOfAnAnswerNeverKept(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "", shortWait)
			ts.seed(t)
			must := ts.caller(t)
			must("producer", "PUT", "/api/v1/productions/red-mesa/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`, http.StatusOK)
			unsecure := "/api/v1/productions/red-mesa/firearms/" + ts.ids["firearm"] + "/unsecure"
			const key = "unsecure-the-revolver-1"
			first := ts.keyedCall(t, "armorer", "POST", unsecure, key, "")
			if first.status != http.StatusOK || !bytes.Contains(first.body, []byte(`"firearm"`)) {
				t.Fatalf("the first answer: %d %s, want the firearm", first.status, first.body)
			}
			if again := ts.keyedCall(t, "armorer", "POST", unsecure, key, ""); again.status != first.status || !bytes.Equal(again.body, first.body) {
				t.Fatalf("sent again once kept: %d %s, want the first answer", again.status, again.body)
			}

			forgetAnswers(t, ts)
			ts.env.Clock.Advance(2 * time.Minute)
			rebuilt := ts.keyedCall(t, "armorer", "POST", unsecure, key, "")
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(rebuilt.body, &fields); err != nil {
				t.Fatal(err)
			}
			keys := slices.Sorted(func(yield func(string) bool) {
				for k := range fields {
					if !yield(k) {
						return
					}
				}
			})
			want := decode[sshttp.FirearmResult](t, first.body).Recorded
			got := decode[sshttp.RecordedResult](t, rebuilt.body).Recorded
			if rebuilt.status != first.status || !slices.Equal(keys, []string{"recorded"}) || len(got) != len(want) || got[0] != want[0] {
				t.Fatalf("sent again after a crash: %d %s, want %d and the entries %+v only", rebuilt.status, rebuilt.body, first.status, want)
			}

			param := ""
			for _, p := range api.OpenAPI("dev")["paths"].(map[string]any)["/api/v1/productions/{production}/firearms/{firearm}/unsecure"].(map[string]any)["post"].(map[string]any)["parameters"].([]any) {
				if m := p.(map[string]any); m["name"] == "Idempotency-Key" {
					param = m["description"].(string)
				}
			}
			for _, says := range []string{"byte for byte, once that answer was kept", "RecordedResult", "whatever the route answers otherwise"} {
				if !strings.Contains(param, says) {
					t.Errorf("the OpenAPI document's Idempotency-Key does not say %q: %s", says, param)
				}
			}
		})
	}
}
