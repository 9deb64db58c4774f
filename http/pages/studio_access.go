package pages

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// Site administrators grant an account the studio's view across
// productions (as the studio's safety department or an insurer, over the
// productions ticked or all of them) and take it away with the reason,
// on the site's ledger, as the API's studio-access routes do.

// studioAccessDoneTexts say what a form of the grants did.
var studioAccessDoneTexts = map[string]string{
	"granted": "Done: the account sees the counts of those productions now.",
	"revoked": "Done: the studio view is taken away.",
}

// studioGrantLine is a studio view granted, in words.
type studioGrantLine struct {
	AccountID, Name, Email, Capacity string
	// Productions names those it spans; All says it spans every one, now
	// and later.
	Productions []string
	All         bool
	GrantedAt   time.Time
}

// studioAccessScreen is the page of the studio views granted, with the
// form that grants one and those that take each away.
type studioAccessScreen struct {
	Accounts    []*setsafe.Account
	Productions []*setsafe.Production
	Capacities  []choice
	Granted     []studioGrantLine
	Done        string
	// After a refused form: which one ("grant", or "revoke-" and the
	// account), why, and what was typed.
	Failed, Error string
	Fields        map[string]string
	Form          url.Values
}

// Typed is what was typed in a field of the form that came back with a
// problem, and "" for the other forms.
func (d *studioAccessScreen) Typed(form, field string) string {
	if d.Failed != form {
		return ""
	}
	return d.Form.Get(field)
}

// Picked says whether the grant form that came back had value ticked in
// its field.
func (d *studioAccessScreen) Picked(field, value string) bool {
	return d.Failed == "grant" && slices.Contains(d.Form[field], value)
}

func (s *handlers) studioAccessPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderStudioAccess(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderStudioAccess(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, typed url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, err := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts)
	if err != nil {
		return err
	}
	site, err := s.Config.Armory.LedgerState(r.Context(), setsafe.SiteLedger)
	if err != nil {
		return err
	}
	prods, err := s.Config.Records.Productions(r.Context(), a)
	if err != nil {
		return err
	}
	data := studioAccessScreen{Productions: prods, Done: studioAccessDoneTexts[r.URL.Query().Get("done")], Failed: failed, Form: typed}
	for _, c := range setsafe.StudioCapacities {
		data.Capacities = append(data.Capacities, choice{c, studioCapacityTitles[c]})
	}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	for _, x := range site.Accounts() {
		if !x.Disabled {
			data.Accounts = append(data.Accounts, x)
		}
	}
	slices.SortFunc(data.Accounts, func(x, y *setsafe.Account) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.Email, y.Email))
	})
	names := map[string]string{}
	for _, p := range prods {
		names[p.ID] = p.Name
	}
	for _, g := range site.StudioAccesses() {
		l := studioGrantLine{AccountID: g.AccountID, Capacity: cmp.Or(studioCapacityTitles[g.Capacity], g.Capacity), GrantedAt: g.GrantedAt,
			All: g.Productions == setsafe.AllProductions}
		if x := site.Account(g.AccountID); x != nil {
			l.Name, l.Email = x.Name, x.Email
		}
		if !l.All {
			for _, id := range strings.Fields(g.Productions) {
				l.Productions = append(l.Productions, cmp.Or(names[id], id))
			}
		}
		data.Granted = append(data.Granted, l)
	}
	slices.SortFunc(data.Granted, func(x, y studioGrantLine) int { return strings.Compare(x.Name, y.Name) })
	s.pages.render(w, r, status, "studio_access", page{Title: "Studio views across productions", Account: acc, Data: &data})
	return nil
}

// onSite records a command of the site administrators on the site's
// ledger: the form comes back with a problem that is the person's to fix,
// and otherwise leads to the grants with done.
func (s *handlers) onSite(w http.ResponseWriter, r *http.Request, failed, done string, command func(form url.Values) (setsafe.Command, error)) error {
	if _, err := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
		return err
	}
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	c, err := command(r.PostForm)
	if err == nil {
		_, err = s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r), c))
	}
	if err != nil {
		if !formProblem(err) {
			return err
		}
		return s.renderStudioAccess(w, r, formStatus(err), failed, err, shownAgain(r.PostForm))
	}
	http.Redirect(w, r, "/studio/access?done="+done, http.StatusSeeOther)
	return nil
}

// grantStudioAccessSubmit grants the account chosen a studio view, read
// into the API's request.
func (s *handlers) grantStudioAccessSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.onSite(w, r, "grant", "granted", func(form url.Values) (setsafe.Command, error) {
		account := strings.TrimSpace(form.Get("account"))
		if account == "" {
			return nil, sshttp.FieldError("account", "is required: choose an account", "Choose the account that is to see across productions.")
		}
		return formCommand(form, func(req sshttp.StudioAccessRequest) setsafe.GrantStudioAccess {
			return setsafe.GrantStudioAccess{AccountID: account, Capacity: req.Capacity, Productions: req.Productions}
		})
	})
}

// revokeStudioAccessSubmit takes an account's studio view away, with the
// reason.
func (s *handlers) revokeStudioAccessSubmit(w http.ResponseWriter, r *http.Request) error {
	account := r.PathValue("account")
	return s.onSite(w, r, "revoke-"+account, "revoked", func(form url.Values) (setsafe.Command, error) {
		return formCommand(form, func(req sshttp.ReasonRequest) setsafe.RevokeStudioAccess {
			return setsafe.RevokeStudioAccess{AccountID: account, Reason: req.Reason}
		})
	})
}
