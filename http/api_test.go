package http_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// TestOpenAPIMatchesRoutes checks that every route the server registers is
// documented and every documented route is registered. Pages for people
// (HTML) are the only routes outside the document.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	doc := api.OpenAPI("dev")
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+path] = true
			o := op.(map[string]any)
			if o["summary"] == "" || o["responses"] == nil || o["operationId"] == "" {
				t.Errorf("%s %s is documented without summary, responses or operationId", method, path)
			}
		}
	}
	registered := map[string]bool{}
	for _, p := range ts.srv.Patterns() {
		registered[p] = true
		_, path, _ := strings.Cut(p, " ")
		if !strings.HasPrefix(path, "/api/v1/") && !strings.HasPrefix(p, "/api/v1/") {
			continue // a page, or the API's catch-all
		}
		if !documented[p] {
			t.Errorf("route %q is registered but not in /api/v1/openapi.json", p)
		}
	}
	for p := range documented {
		if !registered[p] {
			t.Errorf("route %q is documented but not registered", p)
		}
	}
	// Every $ref resolves.
	components := doc["components"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				kind, name, _ := strings.Cut(strings.TrimPrefix(ref, "#/components/"), "/")
				if group, _ := components[kind].(map[string]any); group[name] == nil {
					t.Errorf("unresolved $ref %s", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	// And the served document is the same one.
	status, body := ts.call(t, "", "GET", "/api/v1/openapi.json", "")
	if status != http.StatusOK || decode[map[string]any](t, body)["openapi"] != "3.1.0" {
		t.Fatalf("served document: %d %.200s", status, body)
	}
}

// TestOpenAPIFlattensEmbeddedFields checks that the fields of an embedded
// struct are documented as the object's own, as they are sent.
func TestOpenAPIFlattensEmbeddedFields(t *testing.T) {
	schemas := api.OpenAPI("dev")["components"].(map[string]any)["schemas"].(map[string]any)
	for name, fields := range map[string][]string{
		"AnonymousConcernRequest": {"challenge", "proof", "severity"},
		"ReceiptReplyRequest":     {"challenge", "proof", "code", "text"},
		"ConcernView":             {"overdue", "severity", "state"},
		"SetUpView":               {"id", "name", "hazards", "verdict"},
		"Problem":                 {"type", "title", "status", "detail", "code", "message", "fields", "rules"},
	} {
		props := schemas[name].(map[string]any)["properties"].(map[string]any)
		for _, f := range fields {
			if props[f] == nil {
				t.Errorf("%s documents no %q: %v", name, f, props)
			}
		}
		for f := range props {
			if f == "Work" || f == "Concern" || f == "SetUp" || f == "ErrorDetail" {
				t.Errorf("%s documents the embedded %s as a field", name, f)
			}
		}
	}
}

// TestBadInput sends broken requests and checks each gets a clear error and
// changes nothing.
func TestBadInput(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	ctx := context.Background()
	before, _ := ts.env.DB.LedgerSize(ctx, "red-mesa")
	people := "/api/v1/productions/red-mesa/people"
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		code, field, message                  string
	}{
		{"malformed JSON", "POST", people, "application/json", `{"name": "X"`, 400, setsafe.EInvalid, "", "ends in the middle"},
		{"syntax error", "POST", people, "application/json", `{"name": X}`, 400, setsafe.EInvalid, "", "not valid JSON"},
		{"unknown field", "POST", people, "application/json", `{"name":"X","nickname":"Y"}`, 400, setsafe.EInvalid, "nickname", "not a field"},
		{"wrong type", "POST", people, "application/json", `{"name":42}`, 400, setsafe.EInvalid, "name", "must be a string"},
		{"array body", "POST", people, "application/json", `[{"name":"X"}]`, 400, setsafe.EInvalid, "", "must be a JSON object"},
		{"two objects", "POST", people, "application/json", `{"name":"X"}{"name":"Y"}`, 400, setsafe.EInvalid, "", "exactly one JSON object"},
		{"empty body", "POST", people, "application/json", ``, 400, setsafe.EInvalid, "", "empty"},
		{"not JSON", "POST", people, "text/plain", `name=X`, 400, setsafe.EInvalid, "", "Content-Type: application/json"},
		{"too large", "POST", people, "application/json", `{"name":"` + strings.Repeat("x", sshttp.MaxBody) + `"}`, 413, setsafe.ETooLarge, "", "larger than"},
		{"missing name", "POST", people, "application/json", `{"department":"Grip"}`, 400, setsafe.EInvalid, "name", "required"},
		{"bad e-mail", "POST", people, "application/json", `{"name":"X","email":"nobody"}`, 400, setsafe.EInvalid, "email", "e-mail address"},
		{"control characters", "POST", people, "application/json", `{"name":"X\u0007"}`, 400, setsafe.EInvalid, "name", "control characters"},
		{"bytes that are not UTF-8", "POST", people, "application/json", "{\"name\":\"Ana \xffRuiz\"}", 400, setsafe.EInvalid, "name", "UTF-8"},
		{"a lone surrogate", "POST", people, "application/json", `{"name":"Ana \ud800Ruiz"}`, 400, setsafe.EInvalid, "name", "surrogate"},
		{"a lone low surrogate", "POST", people, "application/json", `{"name":"Ana","department":"\uDC00"}`, 400, setsafe.EInvalid, "department", "surrogate"},
		{"a surrogate in a list", "POST", people, "application/json", `{"name":"Ana","roles":["crew","\ud83d"]}`, 400, setsafe.EInvalid, "roles.1", "surrogate"},
		{"unknown role", "POST", people, "application/json", `{"name":"X","roles":["gaffer"]}`, 400, setsafe.EInvalid, "role", "one of"},
		{"unknown production", "POST", "/api/v1/productions/no-such-film/people", "application/json", `{"name":"X"}`, 403, setsafe.EForbidden, "", ""},
		{"invalid production ID", "GET", "/api/v1/productions/NO_SUCH/people", "", "", 404, setsafe.ENotFound, "", "no production"},
		{"unknown person", "PUT", people + "/nobody/pin", "application/json", `{"pin":"2580"}`, 404, setsafe.ENotFound, "", "nobody"},
		{"easy PIN", "PUT", people + "/" + "x" + "/pin", "application/json", `{"pin":"1234"}`, 400, setsafe.EInvalid, "pin", "too easy"},
		{"short PIN", "PUT", people + "/x/pin", "application/json", `{"pin":"12"}`, 400, setsafe.EInvalid, "pin", "4 to 8 digits"},
		{"unknown entry", "GET", "/api/v1/ledgers/red-mesa/entries/9999", "", "", 404, setsafe.ENotFound, "", "no entry 9999"},
		{"bad sequence", "GET", "/api/v1/ledgers/red-mesa/entries/abc", "", "", 400, setsafe.EInvalid, "", "positive whole number"},
		{"bad limit", "GET", "/api/v1/ledgers/red-mesa/entries?limit=0", "", "", 400, setsafe.EInvalid, "limit", "from 1 to 1000"},
		{"proof beyond the ledger", "GET", "/api/v1/ledgers/red-mesa/proof/inclusion?seq=1&size=99999", "", "", 400, setsafe.EInvalid, "", "tree size must be"},
		{"proof without seq", "GET", "/api/v1/ledgers/red-mesa/proof/inclusion", "", "", 400, setsafe.EInvalid, "seq", "required"},
		{"unknown API route", "GET", "/api/v1/firearms", "", "", 404, setsafe.ENotFound, "", "openapi.json"},
		{"wrong method", "DELETE", "/api/v1/productions", "", "", 405, setsafe.EInvalid, "", "use GET or POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			req.Header.Set("Authorization", "Bearer "+ts.tokens["producer"])
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body sshttp.ErrorDetail
			b := make([]byte, 1<<16)
			n, _ := resp.Body.Read(b)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, b[:n])
			}
			if tt.code == "" {
				return
			}
			body = errorOf(t, b[:n])
			if body.Code != tt.code {
				t.Errorf("code %q, want %q", body.Code, tt.code)
			}
			if tt.field != "" && body.Fields[tt.field] == "" {
				t.Errorf("no problem reported for field %q: %+v", tt.field, body)
			}
			if !strings.Contains(body.Message+fmt.Sprint(body.Fields), tt.message) {
				t.Errorf("message %q (fields %v) does not say %q", body.Message, body.Fields, tt.message)
			}
		})
	}
	if after, _ := ts.env.DB.LedgerSize(ctx, "red-mesa"); after != before {
		t.Fatalf("bad requests changed the ledger: %d entries, then %d", before, after)
	}
}

// TestPeopleAndRoles is what a production office does first: add a person,
// give them a role, correct a mistake, and see it all in the ledger.
func TestPeopleAndRoles(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			status, body := ts.call(t, "unit_production_manager", "POST", "/api/v1/productions/red-mesa/people",
				`{"name":"Halyna Hutchens","department":"Camera","job_title":"Director of photography","email":"halyna@example.com"}`)
			if status != http.StatusCreated {
				t.Fatalf("add person: %d %s", status, body)
			}
			added := decode[sshttp.PersonResult](t, body)
			id := added.Person.ID
			if len(added.Recorded) != 1 || added.Recorded[0].Type != "person.added" || added.Person.Email != "halyna@example.com" {
				t.Fatalf("add person answered %s", body)
			}
			status, body = ts.call(t, "unit_production_manager", "POST", "/api/v1/productions/red-mesa/people/"+id+"/roles", `{"role":"department_head"}`)
			granted := decode[sshttp.PersonResult](t, body)
			if status != http.StatusOK || !slices.Equal(granted.Person.Roles, []setsafe.Role{setsafe.RoleDepartmentHead}) || granted.Recorded[0].Type != "role.granted" {
				t.Fatalf("grant: %d %s", status, body)
			}
			// A correction names only what was wrong; the rest stays.
			status, body = ts.call(t, "unit_production_manager", "PATCH", "/api/v1/productions/red-mesa/people/"+id,
				fmt.Sprintf(`{"name":"Halyna Hutchins","corrects":%d,"reason":"misspelt"}`, added.Recorded[0].Seq))
			fixed := decode[sshttp.PersonResult](t, body)
			if status != http.StatusOK || fixed.Person == nil || fixed.Person.Name != "Halyna Hutchins" || fixed.Person.Department != added.Person.Department ||
				fixed.Person.Email != added.Person.Email || added.Person.Email == "" {
				t.Fatalf("correct: %d %s", status, body)
			}
			// The producer reads both entries in the ledger; the first is untouched.
			status, body = ts.call(t, "producer", "GET", fmt.Sprintf("/api/v1/ledgers/red-mesa/entries/%d", fixed.Recorded[0].Seq), "")
			e := decode[sshttp.EntryView](t, body)
			if status != http.StatusOK || e.Corrects != added.Recorded[0].Seq || e.Type != "person.updated" || !strings.HasPrefix(e.Actor, "person:") {
				t.Fatalf("correction entry: %d %s", status, body)
			}
			_, body = ts.call(t, "producer", "GET", fmt.Sprintf("/api/v1/ledgers/red-mesa/entries/%d", added.Recorded[0].Seq), "")
			if orig := decode[sshttp.EntryView](t, body); !strings.Contains(string(orig.Body), "Hutchens") {
				t.Fatalf("the original entry changed: %s", body)
			}
			// Recording the same role twice records nothing.
			_, body = ts.call(t, "unit_production_manager", "POST", "/api/v1/productions/red-mesa/people/"+id+"/roles", `{"role":"department_head"}`)
			if again := decode[sshttp.PersonResult](t, body); len(again.Recorded) != 0 {
				t.Fatalf("granting a held role recorded %v", again.Recorded)
			}
			status, body = ts.call(t, "unit_production_manager", "POST", "/api/v1/productions/red-mesa/people/"+id+"/roles/department_head/revoke", `{}`)
			if status != http.StatusBadRequest || errorOf(t, body).Fields["reason"] == "" {
				t.Fatalf("revoke without a reason: %d %s", status, body)
			}
		})
	}
}

// TestProofsOverHTTP fetches checkpoints and proofs as an investigator and
// checks them with the Merkle library and the verifier key alone.
func TestProofsOverHTTP(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			_, body := ts.call(t, "investigator", "GET", "/api/v1/verifier-key", "")
			v, err := ledger.ParseVerifierKey(decode[sshttp.VerifierKeyView](t, body).Key)
			if err != nil {
				t.Fatal(err)
			}
			_, body = ts.call(t, "investigator", "GET", "/api/v1/ledgers/red-mesa/checkpoint", "")
			cp1 := decode[sshttp.CheckpointView](t, body)
			size1, root1, err := v.Open("red-mesa", []byte(cp1.Note))
			if err != nil || size1 != cp1.Size {
				t.Fatalf("checkpoint does not verify: %v", err)
			}
			ts.call(t, "producer", "POST", "/api/v1/productions/red-mesa/people", `{"name":"Late Arrival"}`)
			status, body := ts.call(t, "investigator", "POST", "/api/v1/ledgers/red-mesa/checkpoint", "")
			cp2 := decode[sshttp.CheckpointView](t, body)
			size2, root2, err := v.Open("red-mesa", []byte(cp2.Note))
			if status != http.StatusOK || err != nil || size2 != size1+1 {
				t.Fatalf("fresh checkpoint: %d %v %s", status, err, body)
			}
			_, body = ts.call(t, "investigator", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", "")
			entries := decode[sshttp.EntriesView](t, body)
			if uint64(len(entries.Entries)) != size2 {
				t.Fatalf("%d entries, checkpoint says %d", len(entries.Entries), size2)
			}
			for _, e := range entries.Entries {
				if e.Seq > int64(size2) {
					break
				}
				_, body = ts.call(t, "investigator", "GET", fmt.Sprintf("/api/v1/ledgers/red-mesa/proof/inclusion?seq=%d", e.Seq), "")
				p := decode[sshttp.InclusionView](t, body)
				leaf := rfc6962.DefaultHasher.HashLeaf(e.Entry)
				if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(e.Seq-1), size2, leaf, p.Hashes, root2); err != nil {
					t.Fatalf("inclusion of entry %d: %v", e.Seq, err)
				}
			}
			_, body = ts.call(t, "investigator", "GET", fmt.Sprintf("/api/v1/ledgers/red-mesa/proof/consistency?from=%d&to=%d", size1, size2), "")
			c := decode[sshttp.ConsistencyView](t, body)
			if err := proof.VerifyConsistency(rfc6962.DefaultHasher, size1, size2, c.Hashes, root1, root2); err != nil {
				t.Fatalf("consistency: %v", err)
			}
			// A changed proof fails.
			if len(c.Hashes) > 0 {
				c.Hashes[0][0] ^= 1
				if proof.VerifyConsistency(rfc6962.DefaultHasher, size1, size2, c.Hashes, root1, root2) == nil {
					t.Fatal("a changed proof verified")
				}
			}
			if base64.StdEncoding.EncodeToString(cp2.Root) != strings.Split(cp2.Note, "\n")[2] {
				t.Fatalf("root field and note disagree: %s", body)
			}
		})
	}
}

func TestHealthAndMetrics(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	status, body := ts.call(t, "", "GET", "/healthz", "")
	if status != http.StatusOK || decode[sshttp.HealthView](t, body).Status != "ok" {
		t.Fatalf("healthz: %d %s", status, body)
	}
	ts.call(t, "producer", "POST", "/api/v1/productions/red-mesa/people", `{"name":"Metric Person"}`)
	status, body = ts.call(t, "", "GET", "/metrics", "")
	for _, want := range []string{"setsafe_http_request_duration_seconds_bucket", `setsafe_ledger_appends_total{ledger="production"}`,
		"setsafe_ledger_commit_duration_seconds", "go_goroutines",
		`route="POST /api/v1/productions/{production}/people"`, `route="GET /healthz"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if status != http.StatusOK {
		t.Fatalf("metrics: %d", status)
	}
	// A request from elsewhere needs the token.
	req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("metrics for a forwarded client without a token: %d", resp.StatusCode)
	}
}
