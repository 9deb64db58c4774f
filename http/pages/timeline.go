package pages

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/ledger"
)

// The investigator's screens: a production's ledger as a timeline, newest
// first, filtered by firearm, lot, person, set-up, time and kind of event;
// and each entry with its inclusion proof, the signed checkpoint and the
// verifier key, checked in the browser by static/js/verify.js.
//
// Filtering scans the production's ledger in the server, newest first, in
// chunks of timelineChunk entries, and stops as soon as a page is full: a
// page holds at most timelinePage rows however long the ledger is.

// timelinePage is how many entries one page of the timeline shows.
const timelinePage = 50

// timelineChunk is how many entries the timeline reads from storage at once.
const timelineChunk = 200

// proofBundleFormat names the format of the proof bundle download.
const proofBundleFormat = "setsafe-inclusion-proof/1"

func (s *handlers) registerTimelinePages() {
	const tl = "/productions/{production}/timeline"
	s.Handle("GET "+tl, s.page(s.timelinePage))
	s.Handle("GET "+tl+"/{seq}", s.page(s.entryPage))
	s.Handle("GET "+tl+"/{seq}/proof.json", s.page(s.proofBundle))
}

// timelineFilter is what the timeline is narrowed to, as typed in its form.
type timelineFilter struct {
	Firearm, Lot, Person, SetUp, Kind string
	// From and To are local date-times in the production's time zone, as a
	// datetime-local input sends them ("2006-01-02T15:04").
	From, To string
	from, to time.Time
}

// narrows reports whether the filter narrows the timeline at all.
func (f timelineFilter) narrows() bool {
	return f.Firearm != "" || f.Lot != "" || f.Person != "" || f.SetUp != "" || f.Kind != "" || f.From != "" || f.To != ""
}

// query returns the filter as URL parameters, for the "older" link.
func (f timelineFilter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"firearm": f.Firearm, "lot": f.Lot, "person": f.Person, "setup": f.SetUp, "kind": f.Kind, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// localTimeLayout is how a datetime-local input sends a time.
const localTimeLayout = "2006-01-02T15:04"

// readTimelineFilter reads the filter from the query; a time that cannot
// be read is a field error.
func readTimelineFilter(q url.Values, loc *time.Location) (timelineFilter, error) {
	f := timelineFilter{Firearm: q.Get("firearm"), Lot: q.Get("lot"), Person: q.Get("person"), SetUp: q.Get("setup"), Kind: q.Get("kind"),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	for _, t := range []struct {
		field, text string
		into        *time.Time
	}{{"from", f.From, &f.from}, {"to", f.To, &f.to}} {
		if t.text == "" {
			continue
		}
		v, err := time.ParseInLocation(localTimeLayout, t.text, loc)
		if err != nil {
			v, err = time.ParseInLocation(localTimeLayout+":05", t.text, loc)
		}
		if err != nil {
			return f, sshttp.FieldError(t.field, "must be a date and time", "Give the date and time as the form asks, such as 2026-11-26T14:30.")
		}
		*t.into = v
	}
	if !f.to.IsZero() && !f.from.IsZero() && f.to.Before(f.from) {
		return f, sshttp.FieldError("to", "must be after from", "The end of the time range is before its start.")
	}
	return f, nil
}

// entryFacts are what an entry is about, read from its body.
type entryFacts = setsafe.References

// factsOf returns the firearms, lots, people and set-up an event is about.
func factsOf(b setsafe.Body) entryFacts { return setsafe.RefersTo(b) }

// matches reports whether an entry passes the filter; times are checked
// by the scan.
func (f timelineFilter) matches(e ledger.Entry, facts entryFacts) bool {
	if f.Kind != "" && e.Event.Type() != f.Kind {
		return false
	}
	if f.Firearm != "" && !slices.Contains(facts.Firearms, f.Firearm) {
		return false
	}
	if f.Lot != "" && !slices.Contains(facts.Lots, f.Lot) {
		return false
	}
	if f.SetUp != "" && facts.SetUp != f.SetUp {
		return false
	}
	if f.Person != "" {
		a := e.Event.Actor
		if !(a.Kind == setsafe.ActorPerson && a.ID == f.Person) && !slices.Contains(facts.People, f.Person) {
			return false
		}
	}
	return true
}

// scanTimeline returns the entries before sequence number before (0: the
// newest) that pass the filter, newest first, at most limit of them, and
// the sequence number to read older ones before, or 0 when there are none.
// Entries are in time order, so the scan stops at the first entry before
// the filter's start.
func (s *handlers) scanTimeline(r *http.Request, pid string, f timelineFilter, before int64, limit int) ([]ledger.Entry, int64, error) {
	end := before - 1
	if before == 0 {
		size, err := s.Config.Ledger.LedgerSize(r.Context(), pid)
		if err != nil {
			return nil, 0, err
		}
		end = size
	}
	var out []ledger.Entry
	for end >= 1 {
		start := max(end-timelineChunk, 0)
		entries, err := s.Config.Ledger.Entries(r.Context(), pid, start, int(end-start))
		if err != nil {
			return nil, 0, err
		}
		for i := len(entries) - 1; i >= 0; i-- {
			e := entries[i]
			if !f.to.IsZero() && !e.Event.Time.Before(f.to) {
				continue
			}
			if !f.from.IsZero() && e.Event.Time.Before(f.from) {
				return out, 0, nil
			}
			if !f.matches(e, factsOf(e.Event.Body)) {
				continue
			}
			if len(out) == limit {
				return out, out[len(out)-1].Seq, nil
			}
			out = append(out, e)
		}
		end = start
	}
	return out, 0, nil
}

// timelineRow is one entry of the timeline.
type timelineRow struct {
	Seq      int64
	When     string
	Kind     string
	Who      string
	Corrects int64
	Subject  entrySubject
}

// entrySubject names what an entry is about.
type entrySubject struct {
	Firearms, Lots, People []string
	SetUp                  string
}

// timelineNames names people, firearms, lots and set-ups from a
// production's state.
type timelineNames struct {
	st  *setsafe.State
	loc *time.Location
}

func (n timelineNames) person(id string) string {
	if p := n.st.Person(id); p != nil {
		return p.Name
	}
	return id
}

// who names whoever recorded an event.
func (n timelineNames) who(a setsafe.Actor) string {
	if a.Kind == setsafe.ActorPerson {
		return n.person(a.ID)
	}
	if a.Kind == setsafe.ActorAccount {
		if acc := n.st.Account(a.ID); acc != nil {
			return acc.Name
		}
		if p := n.st.PersonByAccount(a.ID); p != nil {
			return p.Name
		}
	}
	return a.String()
}

func (n timelineNames) subject(e ledger.Entry) entrySubject {
	facts := factsOf(e.Event.Body)
	var s entrySubject
	for _, id := range facts.Firearms {
		if f := n.st.Firearm(id); f != nil {
			s.Firearms = append(s.Firearms, f.Make+" "+f.Model+" (SN "+f.Serial+")")
		} else {
			s.Firearms = append(s.Firearms, id)
		}
	}
	for _, id := range facts.Lots {
		if l := n.st.AmmoLot(id); l != nil {
			s.Lots = append(s.Lots, l.Label)
		} else {
			s.Lots = append(s.Lots, id)
		}
	}
	for _, id := range facts.People {
		if e.Event.Actor.Kind != setsafe.ActorPerson || e.Event.Actor.ID != id {
			s.People = append(s.People, n.person(id))
		}
	}
	if facts.SetUp != "" {
		s.SetUp = facts.SetUp
		if u := n.st.SetUp(facts.SetUp); u != nil {
			s.SetUp = cmp.Or(u.Name, u.Scene, u.ID)
		}
	}
	return s
}

// when shows a time in the production's time zone.
func (n timelineNames) when(t time.Time) string { return t.In(n.loc).Format("2006-01-02 15:04:05 MST") }

func (n timelineNames) row(e ledger.Entry) timelineRow {
	return timelineRow{Seq: e.Seq, When: n.when(e.Event.Time), Kind: e.Event.Type(), Who: n.who(e.Event.Actor), Corrects: e.Event.Corrects, Subject: n.subject(e)}
}

// option is one choice of a filter's list.
type option struct{ Value, Label string }

type timelineScreen struct {
	Production string
	TimeZone   string
	Filter     timelineFilter
	Filtered   bool
	Firearms   []option
	Lots       []option
	People     []option
	SetUps     []option
	Kinds      []option
	Rows       []timelineRow
	// Older is the address of the next page, older entries; Newest the
	// first page, when this is not it.
	Older, Newest string
	Fields        map[string]string
}

// ledgerState returns the caller's access to a production's ledger, its
// state, and its time zone.
func (s *handlers) ledgerState(r *http.Request) (string, *setsafe.State, *time.Location, error) {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return "", nil, nil, err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewLedger); err != nil {
		return "", nil, nil, err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return "", nil, nil, err
	}
	return pid, st, st.Production().Zone(), nil
}

// timelinePage shows a production's ledger, newest first, a page at a time.
func (s *handlers) timelinePage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	pid, st, loc, err := s.ledgerState(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	before, err := sshttp.QueryInt(r, "before", 0, 0, 1<<62)
	if err != nil {
		return err
	}
	names := timelineNames{st, loc}
	data := timelineScreen{Production: pid, TimeZone: loc.String()}
	status := http.StatusOK
	pg := page{Title: "Timeline", Account: acc, Data: &data}
	f, problem := readTimelineFilter(q, loc)
	data.Filter, data.Filtered = f, f.narrows()
	if problem != nil {
		status = http.StatusUnprocessableEntity
		pg.Error = setsafe.ErrorMessage(problem)
		if e, ok := problem.(*setsafe.Error); ok {
			data.Fields = e.Fields
		}
	} else {
		entries, older, err := s.scanTimeline(r, pid, f, before, timelinePage)
		if err != nil {
			return err
		}
		for _, e := range entries {
			data.Rows = append(data.Rows, names.row(e))
		}
		base := "/productions/" + pid + "/timeline"
		if older > 0 {
			oq := f.query()
			oq.Set("before", strconv.FormatInt(older, 10))
			data.Older = base + "?" + oq.Encode()
		}
		if before > 0 {
			data.Newest = base
			if nq := f.query().Encode(); nq != "" {
				data.Newest += "?" + nq
			}
		}
	}
	for _, fa := range st.Firearms() {
		data.Firearms = append(data.Firearms, option{fa.ID, fa.Make + " " + fa.Model + " (SN " + fa.Serial + ")"})
	}
	for _, l := range st.AmmoLots() {
		data.Lots = append(data.Lots, option{l.ID, l.Label + " · " + l.Calibre})
	}
	for _, p := range st.People() {
		data.People = append(data.People, option{p.ID, p.Name})
	}
	for _, u := range st.SetUps() {
		data.SetUps = append(data.SetUps, option{u.ID, strings.Join(nonEmpty(u.Day, u.Scene, u.Name), " · ")})
	}
	for _, typ := range setsafe.EventTypes() {
		if !strings.HasPrefix(typ, "account.") && !strings.HasPrefix(typ, "api_token.") && !strings.HasPrefix(typ, "site_admin.") {
			data.Kinds = append(data.Kinds, option{typ, eventName(typ)})
		}
	}
	for _, l := range [][]option{data.Firearms, data.Lots, data.People, data.SetUps, data.Kinds} {
		slices.SortFunc(l, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	}
	s.pages.render(w, r, status, "timeline", pg)
	return nil
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// proofData is what verify.js checks, and the proof bundle an investigator
// downloads: an entry, its inclusion proof in the tree of a signed
// checkpoint, that checkpoint and the key that verifies it. Byte strings
// are base64.
type proofData struct {
	Format string `json:"format"`
	Ledger string `json:"ledger"`
	Seq    int64  `json:"seq"`
	// Entry is the entry's bytes, as hashed into the tree.
	Entry    []byte `json:"entry"`
	LeafHash []byte `json:"leaf_hash"`
	// TreeSize is the size of the checkpoint's tree; the entry is leaf
	// Seq-1 of it.
	TreeSize int64    `json:"tree_size"`
	Proof    [][]byte `json:"proof"`
	// Checkpoint is the signed note, exactly as signed.
	Checkpoint  string `json:"checkpoint"`
	VerifierKey string `json:"verifier_key"`
}

type entryScreen struct {
	Production string
	Row        timelineRow
	// Leaf is the entry's index among the tree's leaves, from 0.
	Leaf    int64
	UTC     string
	Actor   string
	Details string
	Proof   *proofData
	// Why is why the entry cannot be proved here, when Proof is nil.
	Why     string
	Command string
	Bundle  string
}

// entryProof builds an entry's proof data against the latest checkpoint.
// It returns the entry with a nil proof and the reason when the entry is
// not yet covered by a checkpoint or the server has no verifier key.
func (s *handlers) entryProof(r *http.Request, pid string, seq int64) (ledger.Entry, *proofData, string, error) {
	e, err := s.Config.Ledger.LedgerEntry(r.Context(), pid, seq)
	if err != nil {
		return e, nil, "", err
	}
	if s.Config.VerifierKey == "" {
		return e, nil, "This server has no signing key, so nothing it holds can be proved.", nil
	}
	cp, err := s.Config.Ledger.LatestCheckpoint(r.Context(), pid)
	if setsafe.ErrorCode(err) == setsafe.ENotFound || (err == nil && int64(cp.Size) < seq) {
		return e, nil, "No signed checkpoint covers this entry yet; the server signs one within seconds. Reload the page.", nil
	}
	if err != nil {
		return e, nil, "", err
	}
	hashes, err := s.Config.Ledger.InclusionProof(r.Context(), pid, seq, int64(cp.Size))
	if err != nil {
		return e, nil, "", err
	}
	if hashes == nil {
		hashes = [][]byte{}
	}
	return e, &proofData{Format: proofBundleFormat, Ledger: pid, Seq: seq, Entry: e.Bytes, LeafHash: e.LeafHash, TreeSize: int64(cp.Size),
		Proof: hashes, Checkpoint: string(cp.Note), VerifierKey: s.Config.VerifierKey}, "", nil
}

// entryPage shows one entry: what it says, and the proof that it is in the
// ledger the server signed.
func (s *handlers) entryPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	pid, st, loc, err := s.ledgerState(r)
	if err != nil {
		return err
	}
	seq, err := sshttp.PathInt(r, "seq")
	if err != nil {
		return err
	}
	e, proof, why, err := s.entryProof(r, pid, seq)
	if err != nil {
		return err
	}
	names := timelineNames{st, loc}
	details, err := json.MarshalIndent(e.Event.Body, "", "  ")
	if err != nil {
		return fmt.Errorf("show entry %d: %w", seq, err)
	}
	data := entryScreen{Production: pid, Row: names.row(e), Leaf: seq - 1, UTC: e.Event.Time.UTC().Format("2006-01-02 15:04:05.000000 UTC"),
		Actor: e.Event.Actor.String(), Details: string(details), Proof: proof, Why: why,
		Command: "setsafe verify --db sqlite:COPY-OF-setsafe.db --production " + pid + " --verifier-key setsafe.db.key.pub",
		Bundle:  fmt.Sprintf("/productions/%s/timeline/%d/proof.json", pid, seq)}
	s.pages.render(w, r, http.StatusOK, "timeline_entry", page{Title: "Ledger entry", Account: acc, Data: &data})
	return nil
}

// proofBundle downloads an entry's proof as JSON, to keep with the case
// file and check without the server (docs/proof-bundle.md).
func (s *handlers) proofBundle(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewLedger); err != nil {
		return err
	}
	seq, err := sshttp.PathInt(r, "seq")
	if err != nil {
		return err
	}
	_, proof, why, err := s.entryProof(r, pid, seq)
	if err != nil {
		return err
	}
	if proof == nil {
		return setsafe.Errorf(setsafe.ENotFound, "%s", why)
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-entry-%d-proof.json"`, pid, seq))
	w.Header().Set("Cache-Control", "no-store")
	sshttp.WriteJSON(w, http.StatusOK, proof)
	return nil
}

// timelineTexts are the texts of the timeline built in Go: the plain-word
// event names and the reasons an entry cannot be proved.
func timelineTexts() []string {
	out := []string{
		"Timeline",
		"This server has no signing key, so nothing it holds can be proved.",
		"No signed checkpoint covers this entry yet; the server signs one within seconds. Reload the page.",
		"Give the date and time as the form asks, such as 2026-11-26T14:30.",
		"The end of the time range is before its start.",
	}
	for _, typ := range setsafe.EventTypes() {
		out = append(out, eventName(typ))
	}
	return out
}
