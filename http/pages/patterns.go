package pages

import (
	"cmp"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// Patterns of repeated incidents (WS-6) on the pages: those in force on
// the incident register and on the dashboard, each with what it concerns,
// how many incidents in how many days, whether it stops work, links to its
// incidents, and the forms to take charge of it and to sign off its
// review; and a page of every pattern, where a form with a problem comes
// back. Every form builds the same command as the API.

func (s *handlers) registerPatternPages() {
	const base = "/productions/{production}/patterns"
	s.Handle("GET "+base, s.page(s.patternsPage))
	s.Handle("POST "+base+"/{pattern}/acknowledge", s.page(s.acknowledgePatternSubmit()))
	s.Handle("POST "+base+"/{pattern}/sign-off", s.page(s.signOffPatternSubmit()))
}

// patternScopeTitles say what a pattern's incidents have in common.
var patternScopeTitles = map[string]string{
	gate.PatternFirearm:    "Firearm",
	gate.PatternHazard:     "Hazard",
	gate.PatternPerson:     "Person",
	gate.PatternKind:       "Kind of incident",
	gate.PatternDepartment: "Department",
}

// patternStateTitles say where a pattern stands.
var patternStateTitles = map[string]string{
	incident.PatternStateOpen:         "Open: it climbs the ladder until someone takes charge of it",
	incident.PatternStateAcknowledged: "Someone took charge of it; its review is not signed off yet",
	incident.PatternStateReviewed:     "Its review is signed off",
}

// patternDoneTexts say what a pattern's form did, by the flag it
// redirects with.
var patternDoneTexts = map[string]string{
	"acknowledged": "Done: you took charge of the pattern; it stops climbing the ladder.",
	"signed":       "Done: your sign-off of the review is recorded.",
}

// patternSignOffButtons are the buttons that sign a pattern's review in
// each capacity.
var patternSignOffButtons = map[string]string{
	incident.CapacitySafety:   "Sign off the review as the safety coordinator",
	incident.CapacityProducer: "Sign off the review as producer or UPM",
}

// patternTexts are the other English texts of the patterns' pages passed
// from Go.
var patternTexts = []string{"Patterns of incidents", patternSignOffButtons[incident.CapacitySafety], patternSignOffButtons[incident.CapacityProducer]}

// incidentLink is an incident a pattern is made of, as a link to its page.
type incidentLink struct {
	Href, KindTitle string
	OccurredAt      time.Time
}

// patternLine is a pattern in words, with what the caller may do.
type patternLine struct {
	*incident.Pattern
	ScopeTitle, StateTitle string
	// What names what it concerns: the app's words for a kind or a
	// hazard, translated on the page, or a name.
	What string
	// Stops says it stops the work it concerns until its review is
	// signed off.
	Stops bool
	// Incidents are those the caller may read.
	Incidents      []incidentLink
	AcknowledgedBy string
	SignOffs       []signOffLine
	CanAcknowledge bool
}

// patternLineOf says a pattern in words for the caller.
func patternLineOf(a setsafe.Access, st *setsafe.State, p *incident.Pattern) patternLine {
	l := patternLine{Pattern: p, ScopeTitle: cmp.Or(patternScopeTitles[p.Scope], p.Scope), StateTitle: patternStateTitles[p.State],
		What: p.What, Stops: gate.Pattern{Scope: p.Scope}.Stops()}
	switch p.Scope {
	case gate.PatternFirearm:
		if f := st.Firearm(p.About); f != nil {
			l.What = strings.TrimPrefix(f.Name(), "the ")
		}
	case gate.PatternKind:
		l.What = cmp.Or(incidentKindTitles[p.About], p.What)
	case gate.PatternHazard:
		if h, ok := gate.FindHazard(p.About); ok {
			l.What = h.Name
		}
	case gate.PatternDepartment:
		l.What = p.About
	}
	for _, id := range p.IncidentIDs() {
		if x := incident.Find(st, id); x != nil && incident.CanRead(a, x) {
			l.Incidents = append(l.Incidents, incidentLink{Href: "/productions/" + st.Ledger + "/incidents/" + x.ID,
				KindTitle: cmp.Or(incidentKindTitles[x.Kind], x.Kind), OccurredAt: x.OccurredAt})
		}
	}
	if p.AcknowledgedBy != "" {
		l.AcknowledgedBy = personName(st, p.AcknowledgedBy)
	}
	l.CanAcknowledge = p.State == incident.PatternStateOpen && a.PersonID != "" && incident.AcknowledgePattern{ID: p.ID}.Authorize(a, st) == nil
	l.SignOffs = patternSignOffs(a, st, p)
	return l
}

// patternSignOffs are the two signatures of a pattern's review, and
// whether the caller may give one now, as an investigation's are (see
// signOffLines): offered only in the capacity the caller holds.
func patternSignOffs(a setsafe.Access, st *setsafe.State, p *incident.Pattern) []signOffLine {
	var out []signOffLine
	for _, c := range []struct{ capacity, by string }{{incident.CapacitySafety, p.SafetySignedBy}, {incident.CapacityProducer, p.ProducerSignedBy}} {
		l := signOffLine{Capacity: c.capacity, Title: signOffTitles[c.capacity], Button: patternSignOffButtons[c.capacity]}
		if c.by != "" {
			l.SignedBy = personName(st, c.by)
		}
		l.CanSign = p.InForce() && c.by == "" && a.PersonID != "" && a.PersonID != p.SafetySignedBy && a.PersonID != p.ProducerSignedBy &&
			incident.SignOffPatternReview{ID: p.ID, Capacity: c.capacity}.Authorize(a, st) == nil
		out = append(out, l)
	}
	return out
}

// patternsBlock is the patterns in force as a page shows them, with the
// forms that come back to Back.
type patternsBlock struct {
	Production string
	Back       string
	InForce    []patternLine
	// Reviewed are the patterns whose review is signed off, on the page
	// of every pattern (Everything) only.
	Everything bool
	Reviewed   []patternLine
	Done       string
	// After a refused form: which one, why, and what was typed.
	Failed, Error string
	Fields        map[string]string
	Form          url.Values
}

// Typed is what was typed in a field of the form that came back with a
// problem, and "" for the other forms.
func (b *patternsBlock) Typed(form, field string) string {
	if b.Failed != form {
		return ""
	}
	return b.Form.Get(field)
}

// patternsBlockOf gathers the patterns in force for a page at back, for
// those who read every incident; nil for others.
func patternsBlockOf(r *http.Request, a setsafe.Access, st *setsafe.State, back string) *patternsBlock {
	if !a.Can(incident.PermView) {
		return nil
	}
	b := &patternsBlock{Production: st.Ledger, Back: back, Done: patternDoneTexts[r.URL.Query().Get("pattern")]}
	for _, p := range incident.PatternsInForce(st) {
		b.InForce = append(b.InForce, patternLineOf(a, st, p))
	}
	return b
}

func (s *handlers) patternsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPatterns(w, r, http.StatusOK, "", nil, nil)
}

// renderPatterns draws every pattern, those in force with their forms; a
// form with a problem comes back here with it and what was typed.
func (s *handlers) renderPatterns(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, typed url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	pid := st.Ledger
	b := patternsBlockOf(r, a, st, "/productions/"+pid+"/patterns")
	b.Everything, b.Failed, b.Form = true, failed, typed
	if problem != nil {
		b.Error, b.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	for _, p := range incident.Patterns(st) {
		if !p.InForce() {
			b.Reviewed = append(b.Reviewed, patternLineOf(a, st, p))
		}
	}
	s.pages.render(w, r, status, "patterns", page{Title: "Patterns of incidents", Account: acc, Data: b})
	return nil
}

// patternBack is where a pattern's form leads once recorded: back to the
// page it was sent from (the register, the dashboard or the patterns'
// page), with what was done and at the pattern.
func patternBack(r *http.Request, done string) string {
	base := "/productions/" + r.PathValue("production")
	back, query := base+"/patterns", url.Values{}
	if u, err := url.Parse(r.PostForm.Get("back")); err == nil && u.Host == "" && u.Scheme == "" {
		switch u.Path {
		case base + "/incidents":
			back = u.Path
		case base + "/dashboard":
			back = u.Path
			if d := u.Query().Get("days"); d != "" {
				query.Set("days", d)
			}
		}
	}
	query.Set("pattern", done)
	return back + "?" + query.Encode() + "#pattern-" + safeID(r.PathValue("pattern"))
}

// acknowledgePatternSubmit takes charge of a pattern, saying what is
// being done about it.
func (s *handlers) acknowledgePatternSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.ReasonRequest) incident.AcknowledgePattern {
				return incident.AcknowledgePattern{ID: r.PathValue("pattern"), Reason: req.Reason}
			})
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return patternBack(r, "acknowledged")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderPatterns(w, r, formStatus(problem), "ack-"+r.PathValue("pattern"), problem, typed)
		},
	})
}

// signOffPatternSubmit signs off a pattern's review in the capacity of
// the button tapped.
func (s *handlers) signOffPatternSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.PatternSignOffRequest) incident.SignOffPatternReview {
				return incident.SignOffPatternReview{ID: r.PathValue("pattern"), Capacity: req.Capacity, Note: req.Note}
			})
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string { return patternBack(r, "signed") },
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			failed := "review-" + r.PathValue("pattern") + "-" + strings.TrimSpace(typed.Get("capacity"))
			return s.renderPatterns(w, r, formStatus(problem), failed, problem, typed)
		},
	})
}
