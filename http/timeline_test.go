package http_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/storagetest"
)

// handOffDay is an armory day with hand-offs: a second firearm received,
// then the seeded revolver taken out, loaded, shown clear, handed to the
// performer and given back to the armorer. It returns the ID of the
// second firearm.
func handOffDay(t *testing.T, ts *testServer) string {
	t.Helper()
	armoryDay(t, ts, true)
	prod := "/api/v1/productions/red-mesa"
	firearm := prod + "/firearms/" + ts.ids["firearm"]
	cast, ad := ts.ids["cast"], ts.ids["first_ad"]
	must := ts.caller(t)
	other := decode[struct {
		Firearm struct {
			ID string `json:"id"`
		} `json:"firearm"`
	}](t, must("armorer", "POST", prod+"/firearms", `{"make":"Winchester","model":"1892","serial":"W-92","kind":"blank_firing","calibre":".44-40","chambers":10,"owner":"PDQ","store":"truck"}`, http.StatusCreated))
	must("armorer", "POST", firearm+"/unsecure", "", http.StatusOK)
	must("armorer", "POST", firearm+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, http.StatusOK)
	must("armorer", "POST", firearm+"/show-clear", `{"all_chambers":true,"witnesses":[{"person_id":"`+cast+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
	must("armorer", "POST", firearm+"/handover", `{"to":"`+cast+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK)
	must("armorer", "POST", firearm+"/handover", `{"from":"`+cast+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK)
	if _, err := ts.env.DB.SignCheckpoint(t.Context(), "red-mesa"); err != nil {
		t.Fatal(err)
	}
	return other.Firearm.ID
}

var proofBlock = regexp.MustCompile(`(?s)<script type="application/json" id="proof-data">(.*?)</script>`)

// pageProof is the proof data an entry page gives its script.
type pageProof struct {
	Format      string   `json:"format"`
	Ledger      string   `json:"ledger"`
	Seq         int64    `json:"seq"`
	Entry       []byte   `json:"entry"`
	LeafHash    []byte   `json:"leaf_hash"`
	TreeSize    int64    `json:"tree_size"`
	Proof       [][]byte `json:"proof"`
	Checkpoint  string   `json:"checkpoint"`
	VerifierKey string   `json:"verifier_key"`
}

// proofOnPage reads the proof data of an entry page.
func proofOnPage(t *testing.T, ts *testServer, actor string, seq int64) pageProof {
	t.Helper()
	status, body := ts.call(t, actor, "GET", "/productions/red-mesa/timeline/"+strconv.FormatInt(seq, 10), "")
	if status != http.StatusOK {
		t.Fatalf("entry %d: status %d", seq, status)
	}
	m := proofBlock.FindSubmatch(body)
	if m == nil {
		t.Fatalf("entry %d: no proof data on the page", seq)
	}
	var p pageProof
	if err := json.Unmarshal(m[1], &p); err != nil {
		t.Fatalf("entry %d: proof data %s: %v", seq, m[1], err)
	}
	return p
}

// checkProof verifies proof data as the ledger package and the merkle
// library do, independently of the page's script.
func checkProof(p pageProof) error {
	v, err := ledger.ParseVerifierKey(p.VerifierKey)
	if err != nil {
		return err
	}
	size, root, err := v.Open(p.Ledger, []byte(p.Checkpoint))
	if err != nil {
		return err
	}
	if int64(size) != p.TreeSize {
		return errString("the checkpoint's size differs from the proof's")
	}
	env, err := ledger.DecodeEnvelope(p.Entry)
	if err != nil {
		return err
	}
	if env.Seq != p.Seq || env.Ledger != p.Ledger {
		return errString("the entry is another one")
	}
	leaf := ledger.LeafHash(p.Entry)
	if !bytes.Equal(leaf, p.LeafHash) {
		return errString("the leaf hash differs")
	}
	return proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(p.Seq-1), size, leaf, p.Proof, root)
}

type errString string

func (e errString) Error() string { return string(e) }

// TestEntryPageProofMatchesTheLedger checks that what the entry page gives
// verify.js is the ledger's own entry and a proof the merkle library
// accepts against the signed checkpoint, for every entry; that the
// download is the same; and that a changed proof hash fails.
func TestEntryPageProofMatchesTheLedger(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			handOffDay(t, ts)
			size, err := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			for seq := int64(1); seq <= size; seq++ {
				p := proofOnPage(t, ts, "investigator", seq)
				e, err := ts.env.DB.LedgerEntry(t.Context(), "red-mesa", seq)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(p.Entry, e.Bytes) || p.TreeSize != size {
					t.Errorf("entry %d: the page's entry or tree size (%d) is not the ledger's (%d)", seq, p.TreeSize, size)
				}
				if err := checkProof(p); err != nil {
					t.Errorf("entry %d: the page's proof does not verify: %v", seq, err)
				}
				if seq == 7 && len(p.Proof) > 0 {
					bad := p
					bad.Proof = append([][]byte(nil), p.Proof...)
					bad.Proof[0] = bytes.Repeat([]byte{7}, 32)
					if checkProof(bad) == nil {
						t.Errorf("entry %d: a changed proof hash still verifies", seq)
					}
					bad = p
					bad.Entry = bytes.Clone(p.Entry)
					bad.Entry[len(bad.Entry)-2] ^= 1
					if checkProof(bad) == nil {
						t.Errorf("entry %d: a changed entry still verifies", seq)
					}
				}
			}

			// The download holds the same data.
			status, body := ts.call(t, "investigator", "GET", "/productions/red-mesa/timeline/3/proof.json", "")
			if status != http.StatusOK {
				t.Fatalf("proof bundle: %d %s", status, body)
			}
			bundle := decode[pageProof](t, body)
			if err := checkProof(bundle); err != nil || bundle.Format != "setsafe-inclusion-proof/1" || bundle.Seq != 3 {
				t.Errorf("proof bundle %+v: %v", bundle, err)
			}
			if p := proofOnPage(t, ts, "investigator", 3); !bytes.Equal(p.Entry, bundle.Entry) || p.Checkpoint != bundle.Checkpoint {
				t.Error("the proof bundle differs from the page's proof")
			}
		})
	}
}

// TestTimelineAccess checks who may read the timeline, an entry and its
// proof: those who may read the ledger, and nobody else.
func TestTimelineAccess(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	paths := []string{"/productions/red-mesa/timeline", "/productions/red-mesa/timeline/2", "/productions/red-mesa/timeline/2/proof.json"}
	for _, actor := range []string{"investigator", "safety_coordinator", "producer", "unit_production_manager"} {
		for _, p := range paths {
			if status, body := ts.call(t, actor, "GET", p, ""); status != http.StatusOK {
				t.Errorf("%s GET %s: %d %s", actor, p, status, body)
			}
		}
	}
	for _, actor := range []string{"crew", "cast", "armorer", "first_ad", "outsider", "site_admin"} {
		for _, p := range paths {
			if status, _ := ts.call(t, actor, "GET", p, ""); status != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", actor, p, status)
			}
		}
	}
	status, body := ts.call(t, "crew", "GET", "/productions/red-mesa/timeline", "")
	if status != http.StatusForbidden || !strings.Contains(html.UnescapeString(string(body)), "Not allowed") {
		t.Errorf("crew: %d, want the not-allowed page", status)
	}
	for p, want := range map[string]int{
		"/productions/red-mesa/timeline/0":                http.StatusBadRequest,
		"/productions/red-mesa/timeline/99999":            http.StatusNotFound,
		"/productions/red-mesa/timeline?before=x":         http.StatusBadRequest,
		"/productions/red-mesa/timeline?from=yesterday":   http.StatusUnprocessableEntity,
		"/productions/no-such-production/timeline":        http.StatusForbidden,
		"/productions/red-mesa/timeline/99999/proof.json": http.StatusNotFound,
	} {
		if status, body := ts.call(t, "investigator", "GET", p, ""); status != want {
			t.Errorf("GET %s: %d, want %d: %.200s", p, status, want, body)
		}
	}
}

// TestTimelinePaging checks that pages hold at most 50 entries, newest
// first, and that following "older" reaches every entry once.
func TestTimelinePaging(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	handOffDay(t, ts)
	for i := range 60 {
		if status, body := ts.call(t, "producer", "POST", "/api/v1/productions/red-mesa/people", `{"name":"Extra `+strconv.Itoa(i)+`","roles":["crew"]}`); status != http.StatusCreated {
			t.Fatalf("add person: %d %s", status, body)
		}
	}
	size, err := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	seqOf := regexp.MustCompile(`href="/productions/red-mesa/timeline/(\d+)"`)
	older := regexp.MustCompile(`href="([^"]*before=\d+[^"]*)" rel="next"`)
	next, want, pages := "/productions/red-mesa/timeline", size, 0
	for next != "" {
		status, body := ts.call(t, "investigator", "GET", next, "")
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", next, status)
		}
		pages++
		rows := seqOf.FindAllSubmatch(body, -1)
		if len(rows) > 50 {
			t.Fatalf("a page shows %d entries", len(rows))
		}
		for _, m := range rows {
			seq, _ := strconv.ParseInt(string(m[1]), 10, 64)
			if seq != want {
				t.Fatalf("page %d shows entry %d, want %d", pages, seq, want)
			}
			want--
		}
		next = ""
		if m := older.FindSubmatch(body); m != nil {
			next = html.UnescapeString(string(m[1]))
		}
	}
	if want != 0 || pages < 2 {
		t.Errorf("paging stopped before entry %d after %d pages", want, pages)
	}

	// Filtered by kind, the pages hold only those entries.
	status, body := ts.call(t, "investigator", "GET", "/productions/red-mesa/timeline?kind=person.added", "")
	if status != http.StatusOK {
		t.Fatal(status)
	}
	_, list, _ := bytes.Cut(body, []byte(`<ol class="timeline"`))
	if n := len(seqOf.FindAll(body, -1)); n != 50 || bytes.Count(list, []byte("<strong>Person added</strong>")) != 50 || older.Find(body) == nil {
		t.Errorf("filtered by kind: %d rows, or other kinds shown, or no older link", n)
	}
}

// TestTimelineFilters checks each filter against what the timeline lists.
func TestTimelineFilters(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	other := handOffDay(t, ts)
	if status, body := ts.call(t, "armorer", "POST", "/api/v1/productions/red-mesa/firearms/"+other+"/inspect", `{"bore_clear":true,"functions":true,"condition":"Good"}`); status != http.StatusOK {
		t.Fatalf("inspect: %d %s", status, body)
	}
	ts.env.Clock.Advance(2 * time.Hour) // 03:00 in Santa Fe
	status, body := ts.call(t, "first_ad", "POST", "/api/v1/productions/red-mesa/setups", `{"scene":"42","name":"Street standoff","hazards":["firearms"]}`)
	if status != http.StatusCreated {
		t.Fatalf("plan a set-up: %d %s", status, body)
	}
	setup := decode[struct {
		ID string `json:"id"`
	}](t, body)
	if setup.ID == "" {
		t.Fatalf("no set-up ID in %s", body)
	}
	// The kinds of event each filter lists, and those it must not.
	tests := []struct {
		query     string
		want, not []string
	}{
		{"person=" + ts.ids["cast"], []string{"Handed over", "Shown clear", "Attended the safety meeting", "Training recorded", "Person added"}, []string{"Loaded", "Set-up planned"}},
		{"lot=" + ts.ids["lot"], []string{"Loaded", "Dummy lot checked inert", "Ammunition lot received"}, []string{"Handed over", "Person added"}},
		{"setup=" + setup.ID, []string{"Set-up planned"}, []string{"Handed over"}},
		{"from=2021-10-21T02:00", []string{"Set-up planned"}, []string{"Handed over", "Person added"}},
		{"to=2021-10-21T02:00", []string{"Handed over", "Person added"}, []string{"Set-up planned"}},
		{"from=2021-10-21T02:00&to=2021-10-21T02:30", nil, []string{"Set-up planned", "Handed over"}},
		{"kind=firearm.loaded&firearm=" + ts.ids["firearm"], []string{"Loaded"}, []string{"Unloaded", "Handed over"}},
		{"firearm=" + other, []string{"Inspected at the bench", "Firearm received"}, []string{"Handed over", "Person added"}},
		{"person=" + ts.ids["armorer"], []string{"Inspected at the bench", "Permit recorded", "Handed over"}, []string{"Attended the safety meeting"}},
	}
	for _, tt := range tests {
		status, body := ts.call(t, "investigator", "GET", "/productions/red-mesa/timeline?"+tt.query, "")
		if status != http.StatusOK {
			t.Errorf("%s: status %d", tt.query, status)
			continue
		}
		_, list, _ := bytes.Cut(body, []byte(`<ol class="timeline"`))
		list, _, _ = bytes.Cut(list, []byte("</ol>"))
		for _, w := range tt.want {
			if !bytes.Contains(list, []byte("<strong>"+w+"</strong>")) {
				t.Errorf("%s: the timeline lacks %q", tt.query, w)
			}
		}
		for _, n := range tt.not {
			if bytes.Contains(list, []byte("<strong>"+n+"</strong>")) {
				t.Errorf("%s: the timeline shows %q", tt.query, n)
			}
		}
		if tt.want == nil && !bytes.Contains(list, []byte("Nothing in the ledger matches the filter.")) {
			t.Errorf("%s: the empty timeline does not say so", tt.query)
		}
	}
}
