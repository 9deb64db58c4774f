package http_test

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"

	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/storagetest"
)

// plusKeyCheckpoint signs the checkpoint of a page's proof again, with a
// new key whose base64 holds a "+", and returns the signed note and the
// verifier key, each as a JavaScript string.
func plusKeyCheckpoint(t *testing.T, pp pageProof) (string, string) {
	t.Helper()
	v, err := ledger.ParseVerifierKey(pp.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	size, root, err := v.Open(pp.Ledger, []byte(pp.Checkpoint))
	if err != nil {
		t.Fatal(err)
	}
	for {
		skey, vkey, err := note.GenerateKey(rand.Reader, "setsafe-plus")
		if err != nil {
			t.Fatal(err)
		}
		if parts := strings.SplitN(vkey, "+", 3); !strings.Contains(parts[2], "+") {
			continue
		}
		signer, err := note.NewSigner(skey)
		if err != nil {
			t.Fatal(err)
		}
		text := log.Checkpoint{Origin: ledger.Origin("setsafe-plus", pp.Ledger), Size: size, Hash: root}.Marshal()
		signed, err := note.Sign(&note.Note{Text: string(text)}, signer)
		if err != nil {
			t.Fatal(err)
		}
		cp, _ := json.Marshal(string(signed))
		key, _ := json.Marshal(vkey)
		return string(cp), string(key)
	}
}

// pressVerify presses the entry page's Verify button and returns the
// verdict it shows.
func pressVerify(p *phone) string {
	p.t.Helper()
	p.do("press Verify", chromedp.WaitVisible(chromedp.CSS("#verify-button")), chromedp.Click(chromedp.CSS("#verify-button")),
		chromedp.WaitVisible(chromedp.CSS("#verify-result .verdict")))
	return p.text("#verify-result")
}

func TestBrowserTimelineInvestigator(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	other := handOffDay(t, ts)
	p := newPhone(t, ts.URL)

	// From the production's home, the timeline is the first tile.
	signInAs(p, "investigator", "/productions/red-mesa")
	p.wantText(".tiles li:first-child", "Timeline")
	if status := p.tap(".tiles li:first-child a"); status != http.StatusOK {
		t.Fatalf("timeline: status %d", status)
	}
	p.wantPath("/productions/red-mesa/timeline")
	p.wantText("#timeline li:first-child", "Handed over")
	p.wantText("#timeline li:first-child", "By The Armorer")
	p.wantText("#timeline li:first-child", "Colt Single Action Army (SN 4417)")
	p.wantText("#timeline li:first-child", "With: The Cast")
	p.screenshot("timeline")
	p.wantFits()
	p.wantAccessible("timeline")

	// Filter by the revolver: only its entries, the other firearm's gone.
	p.do("open the filter", chromedp.Click(chromedp.CSS("details.filters summary")))
	choose(p, "#firearm", ts.ids["firearm"])
	p.screenshot("filter")
	if status := p.tap("#timeline-filter button[type=submit]"); status != http.StatusOK {
		t.Fatalf("filter: status %d", status)
	}
	if _, q := p.location(); q.Get("firearm") != ts.ids["firearm"] {
		t.Errorf("after filtering the address has firearm=%q", q.Get("firearm"))
	}
	list := p.text("#timeline")
	for _, want := range []string{"Handed over", "Shown clear", "Loaded", "Taken out of its store", "Firearm received"} {
		if !strings.Contains(list, want) {
			t.Errorf("the filtered timeline lacks %q: %s", want, list)
		}
	}
	if strings.Contains(list, "W-92") || strings.Contains(list, "Person added") {
		t.Errorf("the filtered timeline shows entries of other things: %s", list)
	}
	p.screenshot("filtered by firearm")
	p.wantFits()
	p.wantAccessible("filtered timeline")

	// The other firearm's timeline holds its receipt alone.
	p.open("/productions/red-mesa/timeline?firearm=" + other)
	if n := runOn(p, "rows", chromedp.Evaluate[int](`document.querySelectorAll("#timeline a.card").length`)); n != 1 {
		t.Errorf("the Winchester's timeline has %d entries, want 1", n)
	}

	// Open the hand-over and check it in the browser.
	p.open("/productions/red-mesa/timeline?firearm=" + ts.ids["firearm"] + "&kind=firearm.handed_over")
	if status := p.tap("#timeline li:last-child a"); status != http.StatusOK {
		t.Fatalf("entry: status %d", status)
	}
	entry, _ := p.location()
	p.wantText("main h1", "Handed over")
	p.wantText(".facts", "The Cast")
	p.wantText(".payload", `"to":`)
	p.wantText("main", "setsafe verify --db")
	p.screenshot("entry")
	if got := pressVerify(p); !strings.Contains(got, "Verified") || strings.Contains(got, "Not verified") || strings.Contains(got, "Failed") {
		t.Errorf("the proof of an untouched entry: %q", got)
	}
	p.screenshot("verified")
	p.wantFits()
	p.wantAccessible("entry")

	// The first and last leaves, and either side of a perfect subtree,
	// take the proof's other paths.
	size, err := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	for _, seq := range []int64{1, 2, 3, 32, 33, size - 1, size} {
		p.open("/productions/red-mesa/timeline/" + strconv.FormatInt(seq, 10))
		if got := pressVerify(p); !strings.Contains(got, "Verified") || strings.Contains(got, "Not verified") {
			t.Errorf("entry %d of %d: %q", seq, size, got)
		}
	}

	// A verifier key whose base64 holds "+" is read whole.
	seq, _ := strconv.ParseInt(path.Base(entry), 10, 64)
	cp, key := plusKeyCheckpoint(t, proofOnPage(t, ts, "investigator", seq))
	p.open(entry)
	runOn(p, "sign with another key", chromedp.Evaluate[bool](`(() => {
		const el = document.getElementById("proof-data");
		const d = JSON.parse(el.textContent);
		d.checkpoint = `+cp+`;
		d.verifier_key = `+key+`;
		el.textContent = JSON.stringify(d);
		return true;
	})()`))
	if got := pressVerify(p); !strings.Contains(got, "Verified") || strings.Contains(got, "Not verified") {
		t.Errorf("a checkpoint signed with a key holding '+': %q", got)
	}

	// Change one hash of the proof before pressing Verify: it fails, and
	// says what.
	p.open(entry)
	runOn(p, "tamper with the proof", chromedp.Evaluate[bool](`(() => {
		const el = document.getElementById("proof-data");
		const d = JSON.parse(el.textContent);
		if (!d.proof.length) return false;
		const b = atob(d.proof[0]);
		d.proof[0] = btoa(String.fromCharCode(b.charCodeAt(0) ^ 1) + b.slice(1));
		el.textContent = JSON.stringify(d);
		return true;
	})()`))
	got := pressVerify(p)
	if !strings.Contains(got, "Not verified") || !strings.Contains(got, "Failed: the inclusion proof leads to the checkpoint's root hash") {
		t.Errorf("a changed proof hash: %q", got)
	}
	if strings.Contains(got, "Failed: the checkpoint is signed") {
		t.Errorf("a changed proof hash is blamed on the signature: %q", got)
	}
	p.screenshot("tampered proof")

	// A changed checkpoint signature fails the signature alone.
	p.open(entry)
	runOn(p, "tamper with the checkpoint", chromedp.Evaluate[bool](`(() => {
		const el = document.getElementById("proof-data");
		const d = JSON.parse(el.textContent);
		d.checkpoint = d.checkpoint.replace(/(\u2014 \S+ )(.)/, (m, a, c) => a + (c === "A" ? "B" : "A"));
		el.textContent = JSON.stringify(d);
		return true;
	})()`))
	got = pressVerify(p)
	if !strings.Contains(got, "Not verified") || !strings.Contains(got, "Failed: the checkpoint is signed with the verifier key") {
		t.Errorf("a changed signature: %q", got)
	}

	// In high contrast and in Spanish, the entry still verifies and passes
	// axe.
	p.open(entry)
	p.switchTheme("contrast")
	p.wantAccessible("entry, high contrast")
	p.pickLanguage("es")
	p.wantPageLanguage("es")
	p.wantText("main h1", "Entregada")
	if got := pressVerify(p); !strings.Contains(got, "Verificado") || strings.Contains(got, "No verificado") {
		t.Errorf("the proof in Spanish: %q", got)
	}
	p.screenshot("verified in Spanish, high contrast")
	p.wantAccessible("entry in Spanish")
	p.open("/productions/red-mesa/timeline")
	p.wantText("main h1", "Cronología")
	p.wantText("#timeline li:first-child", "Entregada")
	p.wantAccessible("timeline in Spanish")
	p.wantFits()

	p.wantLight("timeline", "/productions/red-mesa/timeline")
	p.wantLight("entry", entry)
}

func TestBrowserTimelineDenied(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)
	signInAs(p, "crew", "/productions/red-mesa")
	if n := runOn(p, "timeline tiles", chromedp.Evaluate[int](`document.querySelectorAll('a[href$="/timeline"]').length`)); n != 0 {
		t.Error("crew see a timeline tile")
	}
	if status := p.open("/productions/red-mesa/timeline"); status != http.StatusForbidden {
		t.Fatalf("crew open the timeline: status %d, want 403", status)
	}
	p.wantText("main h1", "Not allowed")
	if status := p.open("/productions/red-mesa/timeline/2"); status != http.StatusForbidden {
		t.Fatalf("crew open an entry: status %d, want 403", status)
	}
	p.screenshot("denied")
	p.wantFits()
}
