package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/http/apiclient"
	"github.com/setsafe/setsafe/storagetest"
)

// TestGeneratedClientReadsEveryField speaks to a real server through the
// client generated from docs/openapi.json, which nobody here wrote: it
// raises concerns, moves one on, lists them by state, and reads today's
// board and one concern with its conversation and photo. Each answer the
// client decodes must hold every field the server sent and no other, so a
// field the document forgets, or one it names that the server never sends,
// fails here through a reader built from the document alone.
func TestGeneratedClientReadsEveryField(t *testing.T) {
	photo, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			ctx := t.Context()
			const prod = "red-mesa"
			as := func(actor string) *apiclient.ClientWithResponses {
				t.Helper()
				c, err := apiclient.NewClientWithResponses(ts.URL, apiclient.WithHTTPClient(ts.Client()),
					apiclient.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
						r.Header.Set("Authorization", "Bearer "+ts.tokens[actor])
						return nil
					}))
				if err != nil {
					t.Fatal(err)
				}
				return c
			}

			// A set-up with firearms and no shot plan is NO-GO for reasons,
			// and a stop-work on firearms is in force.
			setUp, err := as("first_ad").PostProductionsProductionSetupsWithResponse(ctx, prod, nil,
				apiclient.SetUpRequest{Scene: "42", Name: "Street standoff", Hazards: []string{"firearms"}})
			answered(t, "a set-up", err, setUp, http.StatusCreated)
			stop, err := as("crew").PostProductionsProductionStopWorksWithResponse(ctx, prod, nil,
				apiclient.StopWorkRequest{Scope: "hazard", Hazard: ptr("firearms"), Reason: "A dummy rattles wrong"})
			answered(t, "a stop-work", err, stop, http.StatusCreated)

			// Three concerns: one by name that is resolved, one
			// confidential on the set-up with a photo and a conversation,
			// and one left open.
			raise := func(actor string, req apiclient.ConcernRequest) string {
				t.Helper()
				r, err := as(actor).PostProductionsProductionConcernsWithResponse(ctx, prod, nil, req)
				answered(t, "a concern", err, r, http.StatusCreated)
				if r.JSON201 == nil || r.JSON201.Id == nil {
					t.Fatalf("a concern raised names no ID: %s", r.Body)
				}
				return *r.JSON201.Id
			}
			resolved := raise("crew", apiclient.ConcernRequest{Category: "stunts", Severity: "high", Location: ptr("Stable yard"),
				Description: "The fall mat has a torn seam", Mode: "named"})
			confidential := raise("cast", apiclient.ConcernRequest{Category: "firearms", Severity: "critical", SetupId: setUp.JSON201.Id,
				Description: "The revolver's cylinder sticks", Mode: "confidential",
				Photos: &[]apiclient.PhotoUpload{{ContentType: "image/jpeg", Data: photo}}})
			open := raise("crew", apiclient.ConcernRequest{Category: "fatigue_and_hours", Severity: "normal",
				Description: "Fourteen-hour days all week", Mode: "named"})
			for _, move := range []apiclient.ConcernMoveRequest{{State: "acknowledged"}, {State: "resolved", Why: ptr("The mat is replaced")}} {
				r, err := as("producer").PostProductionsProductionConcernsConcernMoveWithResponse(ctx, prod, resolved, nil, move)
				answered(t, "moving the concern to "+move.State, err, r, http.StatusOK)
			}
			answer, err := as("department_head").PostProductionsProductionConcernsConcernAnswersWithResponse(ctx, prod, confidential, nil,
				apiclient.ConcernTextRequest{Text: "Which revolver?"})
			answered(t, "an answer", err, answer, http.StatusCreated)
			reply, err := as("cast").PostProductionsProductionConcernsConcernRepliesWithResponse(ctx, prod, confidential, nil,
				apiclient.ConcernTextRequest{Text: "The one in the second prop case"})
			answered(t, "a reply", err, reply, http.StatusCreated)

			// The safety coordinator sees every concern with its reporter.
			coordinator := as("safety_coordinator")
			for _, tt := range []struct {
				state apiclient.GetProductionsProductionConcernsParamsState
				want  []string
			}{
				{apiclient.Resolved, []string{resolved}},
				{apiclient.Open, []string{confidential, open}},
			} {
				r, err := coordinator.GetProductionsProductionConcernsWithResponse(ctx, prod,
					&apiclient.GetProductionsProductionConcernsParams{State: &tt.state})
				answered(t, "the concerns "+string(tt.state), err, r, http.StatusOK)
				var got []string
				for _, c := range r.JSON200.Concerns {
					got = append(got, c.Id)
				}
				if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(tt.want))) {
					t.Errorf("the concerns %s are %v, want %v", tt.state, got, tt.want)
				}
				sameFields(t, "the concerns "+string(tt.state), r.Body, r.JSON200)
			}

			today, err := coordinator.GetProductionsProductionTodayWithResponse(ctx, prod)
			answered(t, "today's board", err, today, http.StatusOK)
			if len(today.JSON200.Setups) != 1 || today.JSON200.Setups[0].Verdict.Go || len(today.JSON200.StopWorks) != 1 {
				t.Errorf("today's board is %s, want the set-up NO-GO and the stop-work", today.Body)
			}
			sameFields(t, "today's board", today.Body, today.JSON200)

			one, err := coordinator.GetProductionsProductionConcernsConcernWithResponse(ctx, prod, confidential)
			answered(t, "the confidential concern", err, one, http.StatusOK)
			if d := one.JSON200; d.Concern.Reporter == nil || len(d.Messages) != 2 || len(d.Photos) != 1 {
				t.Errorf("the confidential concern is %s, want its reporter, two messages and a photo", one.Body)
			}
			sameFields(t, "the confidential concern", one.Body, one.JSON200)
		})
	}
}

// answered fails t unless the generated client got an answer r with the
// status wanted.
func answered(t testing.TB, what string, err error, r interface{ StatusCode() int }, want int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got := r.StatusCode(); got != want {
		// Every answer of the generated client keeps its body in Body.
		body := reflect.ValueOf(r).Elem().FieldByName("Body").Bytes()
		t.Fatalf("%s: %d %s, want %d", what, got, compact(body), want)
	}
}

// sameFields fails t unless typed, what the generated client decoded from
// body, holds the fields body has and no others, at every depth: encoded
// again, it must have the same members as the body.
func sameFields(t testing.TB, what string, body []byte, typed any) {
	t.Helper()
	var sent, kept any
	if err := json.Unmarshal(body, &sent); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	again, err := json.Marshal(typed)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := json.Unmarshal(again, &kept); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if d := fieldDifferences("", sent, kept); len(d) > 0 {
		t.Errorf("%s: the generated client does not read what the server sends:\n%s\nsent: %s\nread: %s",
			what, strings.Join(d, "\n"), compact(body), again)
	}
}

// fieldDifferences lists where the members of the objects in kept differ
// from those in sent, each named by its path.
func fieldDifferences(path string, sent, kept any) []string {
	switch s := sent.(type) {
	case map[string]any:
		k, ok := kept.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s is an object, read as %v", orTop(path), kept)}
		}
		var out []string
		for _, name := range slices.Sorted(maps.Keys(s)) {
			if _, ok := k[name]; !ok {
				out = append(out, fmt.Sprintf("%s.%s is sent, and the generated type has no field for it", path, name))
				continue
			}
			out = append(out, fieldDifferences(path+"."+name, s[name], k[name])...)
		}
		for _, name := range slices.Sorted(maps.Keys(k)) {
			if _, ok := s[name]; !ok {
				out = append(out, fmt.Sprintf("%s.%s is not sent, and the generated type has it", path, name))
			}
		}
		return out
	case []any:
		k, ok := kept.([]any)
		if !ok || len(k) != len(s) {
			return []string{fmt.Sprintf("%s is an array of %d, read as %v", orTop(path), len(s), kept)}
		}
		var out []string
		for i := range s {
			out = append(out, fieldDifferences(fmt.Sprintf("%s[%d]", path, i), s[i], k[i])...)
		}
		return out
	}
	return nil
}

func orTop(path string) string {
	if path == "" {
		return "the body"
	}
	return path
}

func ptr[T any](v T) *T { return &v }

// TestFieldDifferences checks that the comparison of what was sent with
// what the generated client read finds a member left out or added at any
// depth, and nothing else.
func TestFieldDifferences(t *testing.T) {
	const sent = `{"id":"c1","rung":0,"reasons":[{"rule":"WS-4","message":"m"}],"concern":{"hazard":"firearms"}}`
	tests := []struct {
		name, read string
		want       []string
	}{
		{"all read", `{"concern":{"hazard":"stunts"},"id":"c2","reasons":[{"message":"n","rule":"HZ-1"}],"rung":3}`, nil},
		{"a member dropped", `{"concern":{"hazard":"firearms"},"id":"c1","reasons":[{"message":"m","rule":"WS-4"}]}`,
			[]string{".rung is sent, and the generated type has no field for it"}},
		{"a member dropped in an array", `{"concern":{"hazard":"firearms"},"id":"c1","reasons":[{"message":"m"}],"rung":0}`,
			[]string{".reasons[0].rule is sent, and the generated type has no field for it"}},
		{"a member dropped in an object", `{"concern":{},"id":"c1","reasons":[{"message":"m","rule":"WS-4"}],"rung":0}`,
			[]string{".concern.hazard is sent, and the generated type has no field for it"}},
		{"a member added", `{"concern":{"hazard":"firearms","state":""},"id":"c1","reasons":[{"message":"m","rule":"WS-4"}],"rung":0}`,
			[]string{".concern.state is not sent, and the generated type has it"}},
		{"an array shortened", `{"concern":{"hazard":"firearms"},"id":"c1","reasons":[],"rung":0}`,
			[]string{".reasons is an array of 1, read as []"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fieldDifferences("", decode[any](t, []byte(sent)), decode[any](t, []byte(tt.read)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("differences %q, want %q", got, tt.want)
			}
		})
	}
}
