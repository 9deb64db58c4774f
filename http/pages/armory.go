package pages

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/ledger"
)

// The armorer's screens: the armory, a firearm with what may be done with
// it now and the gate's verdict on each, the hand-off PIN pad, the
// end-of-day count. Every action is a plain form that posts and redirects;
// a refused one comes back with its reasons and what was typed.

func (s *handlers) registerArmoryPages() {
	const prod = "/productions/{production}"
	s.Handle("GET "+prod+"/armory", s.page(s.armoryPage))
	s.Handle("POST "+prod+"/armory/firearms", s.page(s.receiveFirearmSubmit()))
	s.Handle("POST "+prod+"/armory/lots", s.page(s.receiveLotSubmit()))
	s.Handle("POST "+prod+"/armory/reconcile", s.page(s.reconcileSubmit()))
	s.Handle("POST "+prod+"/armory/label-stock", s.page(s.labelStockSubmit()))
	s.Handle("GET "+prod+"/lots/{lot}", s.page(s.lotPage))
	s.Handle("POST "+prod+"/lots/{lot}/verify-inert", s.page(s.verifyInertSubmit()))
	s.Handle("GET "+prod+"/scan", s.page(s.scanPage))
	s.Handle("POST "+prod+"/armory/duty/start", s.page(s.dutySubmit("duty-start", func(*http.Request, url.Values) (setsafe.Command, error) {
		return setsafe.StartDuty{}, nil
	})))
	s.Handle("POST "+prod+"/armory/duty/end", s.page(s.dutySubmit("duty-end", func(_ *http.Request, form url.Values) (setsafe.Command, error) {
		return formCommand(form, sshttp.DutyEndRequest.Command)
	})))
	s.Handle("GET "+prod+"/armory/duty/handover", s.page(func(w http.ResponseWriter, r *http.Request) error {
		return s.renderDutyHandover(w, r, http.StatusOK, r.URL.Query().Get("to"), nil)
	}))
	s.Handle("POST "+prod+"/armory/duty/handover", s.page(s.dutyHandoverSubmit()))
	for _, a := range firearmActions {
		if a.handOff {
			s.Handle("GET "+prod+"/firearms/{firearm}/"+a.name, s.page(s.handOffPage(a.name)))
		}
		s.Handle("POST "+prod+"/firearms/{firearm}/"+a.name, s.page(s.firearmSubmit(a)))
	}
}

// firearmAction is one action of the firearm page: the path it posts to
// (and the flag its page shows when it is done) and how its form becomes
// the command, built by the same request type and method as the API's.
type firearmAction struct {
	name string
	// handOff actions are typed on the PIN pad, and come back to it when
	// refused.
	handOff bool
	command func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error)
}

// firearmActions are the firearm page's actions.
var firearmActions = []firearmAction{
	{name: "unsecure", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		return setsafe.UnsecureFirearm{FirearmID: fid}, nil
	}},
	{name: "inspect", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		return formCommand(form, func(req sshttp.InspectRequest) setsafe.InspectFirearm { return req.Command(fid) })
	}},
	{name: "secure", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		if strings.TrimSpace(form.Get("store")) == "" {
			return nil, sshttp.FieldError("store", "is required", "Say which store it is locked in.")
		}
		return formCommand(form, func(req sshttp.StoreRequest) setsafe.SecureFirearm { return req.Command(fid) })
	}},
	{name: "load", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		var req sshttp.LoadRequest
		err := decodeForm(form, &req)
		if err == nil && req.Rounds == 0 {
			err = sshttp.FieldError("rounds", "must be 1 or more", "Type how many rounds go in.")
		}
		return req.Command(fid), err
	}},
	{name: "unload", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		return formCommand(form, func(req sshttp.UnloadRequest) setsafe.UnloadFirearm { return req.Command(fid) })
	}},
	{name: "show-clear", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		// The page offers two witnesses, each with their PIN.
		var req sshttp.ShowClearRequest
		for _, n := range []string{"1", "2"} {
			if id := form.Get("witness" + n); id != "" {
				req.Witnesses = append(req.Witnesses, sshttp.Witness{PersonID: id, PIN: form.Get("pin" + n)})
			}
		}
		if len(req.Witnesses) == 0 {
			return nil, sshttp.FieldError("witness1", "is required", "Choose the witnesses who saw it clear.")
		}
		req.AllChambers = form.Get("all_chambers") != ""
		return s.ShowClear(r, fid, req)
	}},
	{name: "issue", handOff: true, command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		var req sshttp.HandOverRequest
		if err := decodeForm(form, &req); err != nil {
			return nil, err
		}
		if req.To == "" {
			return nil, sshttp.FieldError("to", "is required", "Choose the person who receives the firearm.")
		}
		return s.HandOver(r, fid, req)
	}},
	{name: "discharge", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		return formCommand(form, func(req sshttp.DischargeRequest) setsafe.ReportDischarge { return req.Command(fid) })
	}},
	{name: "return-to-service", command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		return formCommand(form, func(req sshttp.ServiceRequest) setsafe.ReturnToService { return req.Command(fid) })
	}},
	{name: "take-back", handOff: true, command: func(s *handlers, r *http.Request, fid string, form url.Values) (setsafe.Command, error) {
		// Taken back from whoever holds it now.
		f, err := s.Config.Armory.Firearm(r.Context(), r.PathValue("production"), fid)
		if err != nil {
			return nil, err
		}
		return s.HandOver(r, fid, sshttp.HandOverRequest{From: f.Custodian, GiverPIN: form.Get("giver_pin"), ReceiverPIN: form.Get("receiver_pin")})
	}},
}

// verdictBox is the gate's verdict on an action, shown before it is taken.
type verdictBox struct {
	Go      bool
	Reasons []gate.Reason
}

// previewBox is the gate's verdict on an action for a page. When the gate
// cannot judge it (nothing to load from, say), the page says why as a
// NO-GO rather than fail.
func (s *handlers) previewBox(r *http.Request, a setsafe.Access, st *setsafe.State, c setsafe.Gated) *verdictBox {
	v, err := s.Preview(r, a, st, c)
	if err != nil {
		return &verdictBox{Reasons: []gate.Reason{{Message: setsafe.ErrorMessage(err)}}}
	}
	return &verdictBox{Go: v.Go, Reasons: v.Reasons}
}

// custodyRows names the people who made each entry.
func custodyRows(st *setsafe.State, entries []ledger.Entry) []custodyRow {
	rows := make([]custodyRow, len(entries))
	for i, e := range entries {
		rows[i] = custodyRow{e, e.Event.Actor.String()}
		if p := st.Person(e.Event.Actor.ID); e.Event.Actor.Kind == setsafe.ActorPerson && p != nil {
			rows[i].Who = p.Name
		}
	}
	return rows
}

// doneTexts say what a successful action did, by the flag it redirects with.
var doneTexts = map[string]string{
	"received":          "Done: firearm received and locked in its store.",
	"unsecure":          "Done: taken out of the store into your hands.",
	"secure":            "Done: locked in the store.",
	"inspect":           "Done: inspection recorded.",
	"load":              "Done: loaded.",
	"unload":            "Done: unloaded; the rounds not fired went back to their lot.",
	"show-clear":        "Done: shown clear to the witnesses.",
	"issue":             "Done: handed over.",
	"take-back":         "Done: taken back.",
	"discharge":         "Done: reported. The firearm is out of service until a qualified armorer inspects it and clears it.",
	"return-to-service": "Done: back in service.",
	"reconciled":        "Done: the day's count is recorded.",
	"duty-start":        "Done: you are on armorer duty.",
	"duty-end":          "Done: you are off armorer duty.",
	"duty-handed-over":  "Done: the armorer's duty is handed over.",
	"label-stock":       "Done: the production's labels print on this stock from now on.",
}

// armoryFilters are the armory list's filters, in the order shown.
var armoryFilters = []struct{ Key, Title string }{
	{"all", "All"}, {"secured", "Secured"}, {"out", "Out"}, {"out-of-service", "Out of service"},
}

type firearmRow struct {
	Firearm *setsafe.Firearm
	Holder  string
}

type armoryScreen struct {
	Production string
	Alerts     []*setsafe.Alert
	Firearms   []firearmRow
	Lots       []*setsafe.AmmoLot
	Filters    []struct{ Key, Title string }
	Filter, Q  string
	CanArm     bool
	Done       string
	Found      string
	// Discrepancies are the counts that did not match, not yet resolved.
	Discrepancies []*setsafe.Discrepancy
	// Form is what was typed in the receive form, kept after a problem.
	Form   url.Values
	Fields map[string]string
	// Duty is who holds an armorer's role and whether each is on duty;
	// Gap names the firearms out or loaded while nobody qualified is on
	// duty (FA-2).
	Duty []sshttp.DutyView
	Gap  []string
	// Me is the signed-in person; MeArmorer and MeOnDuty say whether they
	// hold an armorer's role and are on duty.
	Me                  string
	MeArmorer, MeOnDuty bool
	// DutyError and DutyReasons are why a change of duty was refused.
	DutyError   string
	DutyReasons []gate.Reason
	// LabelStocks are the stocks of label sheets to print on; LabelStock
	// is the production's, and CanChooseStock whether the signed-in
	// person may change it.
	LabelStocks    []setsafe.LabelStock
	LabelStock     string
	CanChooseStock bool
	// StockError is why the production's label stock was not changed.
	StockError string
}

func (s *handlers) armoryPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderArmory(w, r, http.StatusOK, nil, nil)
}

// renderArmory draws the armory page; problem, if any, is why the receive
// form came back.
func (s *handlers) renderArmory(w http.ResponseWriter, r *http.Request, status int, problem error, form url.Values) error {
	return s.renderArmoryAt(w, r, status, problem, form, false)
}

// renderArmoryAt draws the armory page; problem, if any, is why the
// receive form came back, or, with duty, why a change of armorer duty was
// refused.
func (s *handlers) renderArmoryAt(w http.ResponseWriter, r *http.Request, status int, problem error, form url.Values, duty bool) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, sit, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	data := armoryScreen{Production: r.PathValue("production"), Alerts: st.UnresolvedAlerts(), Lots: st.AmmoLots(), Filters: armoryFilters,
		Filter: cmp.Or(q.Get("show"), "all"), Q: strings.TrimSpace(q.Get("q")), CanArm: a.Can(setsafe.PermArmory),
		Done: doneTexts[q.Get("done")], Found: q.Get("found"), Form: form,
		LabelStocks: setsafe.LabelStocks, LabelStock: st.Production().Stock(), CanChooseStock: a.Can(setsafe.PermEditProduction)}
	for _, x := range st.Discrepancies() {
		if !x.Resolved {
			data.Discrepancies = append(data.Discrepancies, x)
		}
	}
	for _, f := range st.Firearms() {
		if !matchesFilter(f, data.Filter) || (data.Q != "" && !strings.Contains(strings.ToLower(f.Serial), strings.ToLower(data.Q))) {
			continue
		}
		row := firearmRow{Firearm: f}
		if p := st.Person(f.Custodian); p != nil {
			row.Holder = p.Name
		}
		data.Firearms = append(data.Firearms, row)
	}
	data.Duty, data.Me = sshttp.Duties(st), a.PersonID
	data.MeArmorer, data.MeOnDuty = st.HoldsArmorerRole(a.PersonID), st.OnArmorerDuty(a.PersonID)
	for _, id := range gate.DutyGap(sit) {
		if f := st.Firearm(id); f != nil {
			data.Gap = append(data.Gap, f.Name())
		}
	}
	pg := page{Title: "Armory", Account: acc, Data: &data}
	if duty && problem != nil {
		data.DutyError, data.DutyReasons = setsafe.ErrorMessage(problem), refusalReasons(problem)
		problem = nil
	}
	if problem != nil && form.Has("label_stock") { // the production's label stock was refused
		data.StockError = setsafe.ErrorMessage(problem)
		problem = nil
	}
	if problem != nil {
		pg.Error = setsafe.ErrorMessage(problem)
		if e, ok := problem.(*setsafe.Error); ok {
			data.Fields = e.Fields
		}
	}
	s.pages.render(w, r, status, "armory", pg)
	return nil
}

// matchesFilter says whether a firearm shows under one of armoryFilters.
func matchesFilter(f *setsafe.Firearm, filter string) bool {
	switch filter {
	case "secured":
		return f.Store != "" && !f.OutOfService
	case "out":
		return f.Custodian != ""
	case "out-of-service":
		return f.OutOfService
	}
	return true
}

// formInt reads a whole number typed in a form; empty is def.
func formInt(v url.Values, field string, def int64) (int64, error) {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, sshttp.FieldError(field, "must be a whole number, 0 or more", "Type a whole number, 0 or more.")
	}
	return n, nil
}

// shownAgain is a form's values to show again after a problem: never a PIN.
func shownAgain(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if !strings.Contains(k, "pin") {
			out[k] = vs
		}
	}
	return out
}

// formProblem says whether an error is the person's to fix on the page
// (the form comes back with it), rather than a failure.
func formProblem(err error) bool {
	switch setsafe.ErrorCode(err) {
	case setsafe.EInvalid, setsafe.ERefused, setsafe.EUnauthorized, setsafe.ERateLimited, setsafe.EConflict:
		return true
	}
	return false
}

// receiveFirearmSubmit records a firearm received into the armory.
func (s *handlers) receiveFirearmSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, sshttp.FirearmRequest.Command)
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/firearms/" + c.(setsafe.ReceiveFirearm).ID + "?done=received"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderArmory(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], problem, typed)
		},
	})
}

// receiveLotSubmit records a lot of rounds received into the armory, with
// where its rounds were made.
func (s *handlers) receiveLotSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, sshttp.AmmoLotRequest.Command)
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/lots/" + c.(setsafe.ReceiveAmmoLot).ID
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderArmory(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], problem, typed)
		},
	})
}

// labelStockSubmit chooses the stock of label sheets the production's
// labels print on, as the API's production update does.
func (s *handlers) labelStockSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, sshttp.ProductionUpdate.Command)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/armory?done=label-stock"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderArmory(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], problem, typed)
		},
	})
}

// reconcileSubmit records the end-of-day count of every lot.
func (s *handlers) reconcileSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			lots, err := s.Config.Armory.AmmoLots(r.Context(), r.PathValue("production"))
			if err != nil {
				return nil, err
			}
			var req sshttp.ReconcileRequest
			for _, l := range lots {
				n, err := formInt(form, "count-"+l.ID, -1)
				if err == nil && n < 0 {
					err = sshttp.FieldError("count-"+l.ID, "is required", "Count every lot: type how many rounds are in its box.")
				}
				if err != nil {
					return nil, err
				}
				req.Counts = append(req.Counts, setsafe.LotCount{LotID: l.ID, Counted: n})
			}
			return req.Command(), nil
		},
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			found := 0
			for _, e := range recorded {
				if b, ok := e.Body.(*setsafe.DayReconciled); ok {
					found += len(b.Discrepancies)
				}
			}
			return "/productions/" + r.PathValue("production") + "/armory?done=reconciled&found=" + strconv.Itoa(found)
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderArmory(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], problem, typed)
		},
	})
}

// firearmScreen is the armorer's main screen for one firearm.
type firearmScreen struct {
	Production string
	Firearm    *setsafe.Firearm
	Holder     string
	Photos     []*setsafe.Attachment
	Entries    []custodyRow
	// What may be done now, for the signed-in person.
	Mine, CanArm bool
	// CanInspect is whether the signed-in armorer may inspect it now:
	// empty, and in its store or in their hands.
	CanInspect bool
	// Inspector is the name of who inspected it last.
	Inspector string
	Unsecure  *verdictBox
	Load      *verdictBox
	TakeBack  *verdictBox
	LoadLot   *setsafe.AmmoLot
	Lots      []*setsafe.AmmoLot
	// The people to choose from, for each witness and for a hand-off.
	Pick1, Pick2, PickTo peoplePick
	Done                 string
	// After a refused or mistyped action: which one, why, and what was typed.
	Failed  string
	Error   string
	Reasons []gate.Reason
	Form    url.Values
	// Kinds are the kinds a discharge report offers; Discharges are the
	// firearm's, newest first.
	Kinds      []struct{ Kind, Words string }
	Discharges []dischargeRow
	// CanReturn is whether the signed-in person may try to put it back in
	// service; the gate decides whether they are a qualified armorer.
	CanReturn bool
	// Now is the time on the set's clock, the latest a report may say
	// something happened, as a date-time input takes it.
	Now string
}

// peoplePick is a choice of people, with the one chosen before.
type peoplePick struct {
	People   []*setsafe.Person
	Selected string
}

type custodyRow struct {
	Entry ledger.Entry
	Who   string
}

// firearmPage is where a firearm's label leads: where it is now, what may
// be done with it with the gate's verdict on each, its photos and its
// chain of custody.
func (s *handlers) firearmPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderFirearm(w, r, http.StatusOK, "", nil, nil, nil)
}

func (s *handlers) renderFirearm(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, reasons []gate.Reason, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, _, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	pid := r.PathValue("production")
	f, photos, err := s.FirearmWithPhotos(r, pid)
	if err != nil {
		return err
	}
	entries, err := s.Concerning(r, pid, f.ID, true)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	data := firearmScreen{Production: pid, Firearm: f, Photos: photos, Mine: f.Custodian != "" && f.Custodian == a.PersonID,
		CanArm: a.Can(setsafe.PermArmory), Lots: st.AmmoLots(), Done: doneTexts[q.Get("done")], Failed: failed, Reasons: reasons, Form: form}
	if problem != nil {
		data.Error = setsafe.ErrorMessage(problem)
	}
	if p := st.Person(f.Custodian); p != nil {
		data.Holder = p.Name
	}
	if p := st.Person(f.InspectedBy); p != nil {
		data.Inspector = p.Name
	}
	data.CanInspect = data.CanArm && !f.Returned && f.LoadedRounds == 0 && (f.Store != "" || data.Mine)
	data.CanReturn = data.CanArm && !f.Returned && f.OutOfService
	data.Kinds, data.Now = dischargeKinds, s.Config.Clock.Now().In(st.Production().Zone()).Format(setsafe.OccurredLayout)
	discharges := st.Discharges()
	for i := len(discharges) - 1; i >= 0; i-- {
		if x := discharges[i]; x.FirearmID == f.ID {
			data.Discharges = append(data.Discharges, dischargeRow{x, dischargeWords(x.Kind)})
		}
	}
	slices.SortStableFunc(data.Discharges, func(a, b dischargeRow) int { return b.At.Compare(a.At) })
	data.Entries = custodyRows(st, entries)
	var people []*setsafe.Person
	for _, p := range st.People() {
		if p.Active && p.ID != a.PersonID {
			people = append(people, p)
		}
	}
	data.Pick1 = peoplePick{people, form.Get("witness1")}
	data.Pick2 = peoplePick{people, form.Get("witness2")}
	data.PickTo = peoplePick{people, form.Get("to")}
	preview := func(c setsafe.Gated) *verdictBox { return s.previewBox(r, a, st, c) }
	switch {
	case f.Returned:
	case f.Store != "" && setsafe.UnsecureFirearm{FirearmID: f.ID}.Authorize(a, st) == nil:
		data.Unsecure = preview(setsafe.UnsecureFirearm{FirearmID: f.ID})
	case data.Mine:
		if f.LoadedRounds == 0 {
			data.LoadLot = loadLot(data.Lots, f, cmp.Or(form.Get("lot_id"), q.Get("lot")))
			if data.LoadLot != nil {
				data.Load = preview(setsafe.LoadFirearm{FirearmID: f.ID, LotID: data.LoadLot.ID, Rounds: max(f.Chambers, 1)})
			}
		}
	case data.CanArm:
		data.TakeBack = preview(sshttp.AsConfirmed(r, a, st, setsafe.HandOver{FirearmID: f.ID, From: f.Custodian}))
	}
	s.pages.render(w, r, status, "firearm", page{Title: f.Make + " " + f.Model + " (SN " + f.Serial + ")", Account: acc, Data: &data})
	return nil
}

// loadLot is the lot the load verdict is shown for: the one chosen, else
// the first of a calibre the firearm takes with rounds in stock.
func loadLot(lots []*setsafe.AmmoLot, f *setsafe.Firearm, chosen string) *setsafe.AmmoLot {
	if i := slices.IndexFunc(lots, func(l *setsafe.AmmoLot) bool { return l.ID == chosen }); i >= 0 {
		return lots[i]
	}
	if i := slices.IndexFunc(lots, func(l *setsafe.AmmoLot) bool { return gate.Takes(f.Calibre, l.Calibre, nil) && l.InStock > 0 }); i >= 0 {
		return lots[i]
	}
	if len(lots) > 0 {
		return lots[0]
	}
	return nil
}

// handOffScreen asks the giver and then the receiver of a firearm to
// confirm, each with their own PIN, on the one device (FA-3).
type handOffScreen struct {
	Production string
	Firearm    *setsafe.Firearm
	// Action is "issue" or "take-back"; Person is the other party: who
	// receives it, or who gives it back.
	Action  string
	Person  *setsafe.Person
	Verdict *verdictBox
	Error   string
	Reasons []gate.Reason
	// Locked is set once a PIN is locked: no pad then; LockedName is
	// whose.
	Locked     bool
	LockedName string
	Pad        pinPad
}

// pinPad is the pad on which a person types their own PIN on a shared
// device: the "pinpad" template of the layout draws it, and pinpad.js
// makes its digits type. With Turns, each person types theirs in turn on
// the one pad, and the form is sent once the last has typed.
type pinPad struct {
	// Action is where the form posts; Field and Value a hidden field it
	// carries (who the PIN is for, say); Who names the person typing.
	Action, Field, Value, Who string
	// Turns, when set, are the people who type their PIN one after
	// another, each into their own field; Who is then unused.
	Turns []pinTurn
}

// pinTurn is one person's turn on a pad: the field their PIN goes in.
type pinTurn struct {
	Field, Who string
}

// PINs are the pad's turns: one, into the field "pin", when Turns is not
// set.
func (p pinPad) PINs() []pinTurn {
	if len(p.Turns) == 0 {
		return []pinTurn{{Field: "pin", Who: p.Who}}
	}
	return p.Turns
}

// Digits are the pad's keys.
func (pinPad) Digits() []string { return strings.Split("1234567890", "") }

// handOffPage is the PIN pad of a hand-off: GET .../issue?to= or
// .../take-back.
func (s *handlers) handOffPage(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.renderHandOff(w, r, http.StatusOK, action, r.URL.Query().Get("to"), nil, nil)
	}
}

func (s *handlers) renderHandOff(w http.ResponseWriter, r *http.Request, status int, action, to string, problem error, reasons []gate.Reason) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, _, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	fid := r.PathValue("firearm")
	f := st.Firearm(fid)
	if f == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no firearm %q in this production.", fid)
	}
	c := setsafe.HandOver{FirearmID: fid}
	who := f.Custodian
	if action == "issue" {
		c.To, who = to, to
	} else {
		c.From = f.Custodian
	}
	p := st.Person(who)
	if p == nil {
		return sshttp.FieldError("to", "must be a person of this production", "Choose the person who receives the firearm.")
	}
	data := handOffScreen{Production: r.PathValue("production"), Firearm: f, Action: action, Person: p, Reasons: reasons,
		Locked: setsafe.ErrorCode(problem) == setsafe.ERateLimited}
	data.Pad = pinPad{Action: "/productions/" + data.Production + "/firearms/" + f.ID + "/" + action, Field: "to"}
	if action == "issue" {
		data.Pad.Value = p.ID
	}
	// The giver types first, then the receiver: the signed-in person is
	// one of them, and types like the other.
	me := acc.Name
	if m := st.Person(a.PersonID); m != nil {
		me = m.Name
	}
	giver, receiver := me, p.Name
	if action != "issue" {
		giver, receiver = p.Name, me
	}
	data.Pad.Turns = []pinTurn{{Field: "giver_pin", Who: giver}, {Field: "receiver_pin", Who: receiver}}
	if data.Locked {
		data.LockedName = receiver
		if e, ok := errors.AsType[*setsafe.Error](problem); ok && e.Fields["giver_pin"] != "" {
			data.LockedName = giver
		}
	}
	if problem != nil {
		data.Error = setsafe.ErrorMessage(problem)
	}
	data.Verdict = s.previewBox(r, a, st, sshttp.AsConfirmed(r, a, st, c))
	s.pages.render(w, r, status, "handoff", page{Title: p.Name, Account: acc, Data: &data})
	return nil
}

// firearmSubmit takes one of the firearm page's actions.
func (s *handlers) firearmSubmit(action firearmAction) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return action.command(s, r, r.PathValue("firearm"), form)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/firearms/" + r.PathValue("firearm") + "?done=" + action.name
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			status := sshttp.StatusOf[setsafe.ErrorCode(problem)]
			if action.handOff {
				return s.renderHandOff(w, r, status, action.name, typed.Get("to"), problem, refusalReasons(problem))
			}
			return s.renderFirearm(w, r, status, action.name, problem, refusalReasons(problem), typed)
		},
	})
}

// refusalReasons are the reasons the gate refused an action with, each
// with its rule ID, to say in the page's language.
func refusalReasons(err error) []gate.Reason {
	var e *setsafe.Error
	if !errors.As(err, &e) || e.Code != setsafe.ERefused {
		return nil
	}
	out := make([]gate.Reason, len(e.Rules))
	for i, f := range e.Rules {
		out[i] = gate.Reason{Rule: gate.RuleID(f.ID), Message: f.Message, Format: f.Format, Args: f.Args}
	}
	return out
}

// armoryTexts are the English texts this file passes to the templates, for
// the catalogue check.
func armoryTexts() []string {
	var out []string
	for _, t := range doneTexts {
		out = append(out, t)
	}
	for _, f := range armoryFilters {
		out = append(out, f.Title)
	}
	for _, k := range dischargeKinds {
		out = append(out, k.Words)
	}
	for _, st := range setsafe.LabelStocks {
		out = append(out, st.Name)
	}
	return out
}

// dischargeKinds are the kinds of discharge and malfunction as the report
// form offers them, in users' words, in the order of [setsafe.DischargeKinds].
var dischargeKinds = []struct{ Kind, Words string }{
	{setsafe.DischargeUnintended, "It fired when it should not: a pop from a load that should be inert"},
	{setsafe.DischargeMisfire, "Misfire: the hammer fell and nothing fired"},
	{setsafe.DischargeHangFire, "Hang-fire: it fired late, after a pause"},
	{setsafe.DischargeSquib, "Suspected squib: a weak pop, something may be stuck in the barrel"},
	{setsafe.DischargeRecoil, "It kicked harder than the load should"},
	{setsafe.DischargeNegligent, "Negligent discharge: it fired when nobody meant it to"},
	{setsafe.DischargeMalfunction, "Another malfunction: a jam, it did not cycle or lock"},
}

// dischargeWords says a discharge's kind in users' words; a kind recorded
// before the list was closed is shown as it was recorded.
func dischargeWords(kind string) string {
	for _, k := range dischargeKinds {
		if k.Kind == kind {
			return k.Words
		}
	}
	return kind
}

// dischargeRow is a discharge of the firearm as its page shows it: when it
// happened and, apart, when it was reported.
type dischargeRow struct {
	*setsafe.Discharge
	Words string
}

// lotPage is where an ammunition lot's label leads: its count, where its
// rounds were made, its inert checks and its record, newest first.
func (s *handlers) lotPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderLot(w, r, http.StatusOK, nil, nil)
}

// lotScreen is the lot page: the lot, who may witness its inert check, and
// after a mistyped or refused check, why and what was typed.
type lotScreen struct {
	Production string
	Lot        *setsafe.AmmoLot
	Entries    []custodyRow
	CanArm     bool
	Witnesses  []*setsafe.Person
	Methods    []inertCheck
	Done       bool
	Error      string
	Form       url.Values
}

func (s *handlers) renderLot(w http.ResponseWriter, r *http.Request, status int, problem error, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, _, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	pid, id := r.PathValue("production"), r.PathValue("lot")
	l := st.AmmoLot(id)
	if l == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no ammunition lot %q in this production.", id)
	}
	entries, err := s.Concerning(r, pid, id, false)
	if err != nil {
		return err
	}
	data := lotScreen{Production: pid, Lot: l, CanArm: a.Can(setsafe.PermArmory), Methods: inertChecks,
		Done: r.URL.Query().Get("done") == "checked", Form: form}
	if problem != nil {
		data.Error = setsafe.ErrorMessage(problem)
	}
	for _, p := range st.People() {
		if p.Active && p.ID != a.PersonID {
			data.Witnesses = append(data.Witnesses, p)
		}
	}
	data.Entries = custodyRows(st, entries)
	s.pages.render(w, r, status, "lot", page{Title: "Lot " + l.Label, Account: acc, Data: &data})
	return nil
}

// inertCheck is one of the checks a dummy round is verified inert by, as
// the form sends it and in words.
type inertCheck struct{ Value, Words string }

// inertChecks are setsafe.InertMethods in words.
var inertChecks = []inertCheck{
	{"rattle", "Rattle test"}, {"drilled_case", "Drilled case"}, {"no_primer", "No primer"}, {"weight", "Weight"},
}

// verifyInertSubmit records rounds of a lot checked inert before a
// witness, who types their PIN; a check with failed rounds quarantines the
// lot.
func (s *handlers) verifyInertSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			var req sshttp.InertRequest
			if err := decodeForm(form, &req); err != nil {
				return nil, err
			}
			return s.VerifyInert(r, r.PathValue("lot"), req)
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/lots/" + r.PathValue("lot") + "?done=checked"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderLot(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], problem, typed)
		},
	})
}

// scanPage reads a label's QR code with the camera, or takes a typed
// serial number to search the armory for.
func (s *handlers) scanPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewArmory); err != nil {
		return err
	}
	s.pages.render(w, r, http.StatusOK, "scan", page{Title: "Scan a label", Account: acc, Data: struct{ Production string }{pid}})
	return nil
}
