package api

import (
	"net/http"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

func (s *handlers) dayRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "GET", path: prod + "/today", tag: tagDay, summary: "Today's set-ups, each GO or NO-GO with its reasons, and the stop-works in force.", signedIn: true,
			response: sshttp.DayView{}, handle: s.today},
		{method: "POST", path: prod + "/setups", tag: tagDay, summary: "Plan a set-up with its hazards.", signedIn: true,
			body: sshttp.SetUpRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.planSetUp),
			created: createdAs(prod+"/setups/{id}", func(b *setsafe.SetUpPlanned) string { return b.ID }),
			example: sshttp.SetUpRequest{Scene: "14", Name: "Scene 14: the church, toward camera", Hazards: []string{"firearms"}, TowardPeople: true}},
		{method: "GET", path: prod + "/setups/{setup}", tag: tagDay, summary: "One set-up, GO or NO-GO now with its reasons.", signedIn: true,
			response: sshttp.SetUpView{}, handle: s.getSetUp},
		{method: "PUT", path: prod + "/setups/{setup}/shot-plan", tag: tagDay, summary: "Record the plan for a shot toward people (FA-9).", signedIn: true,
			body: sshttp.ShotPlanRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.recordShotPlan),
			example: sshttp.ShotPlanRequest{Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true, Notes: "Lexan shield; camera on a remote head"}},
		{method: "POST", path: prod + "/setups/{setup}/start", tag: tagDay, summary: "Call a set-up ready (gated; 409 with the rules when refused).", signedIn: true,
			response: sshttp.RecordedResult{}, handle: s.startSetUp},
		{method: "POST", path: prod + "/setups/{setup}/state", tag: tagDay, summary: "Call where a set-up stands: rehearsal, standing by, rolling, cut, on hold, wrapped (FA-8). A take on a set-up not yet started starts it, gated.", signedIn: true,
			body: sshttp.SetUpStateRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.callSetUpState), example: sshttp.SetUpStateRequest{State: "rolling"}},
		{method: "POST", path: prod + "/setups/{setup}/preparations", tag: tagDay, summary: "Record a preparation the set-up's hazards need, with the facts its kind takes: only those whose duty records it may; the latest of each kind decides at the gate.", signedIn: true,
			body: sshttp.PreparationRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.recordPreparation),
			created: createdWithin(prod + "/setups/{setup}/preparations"),
			example: sshttp.PreparationRequest{Kind: "track_window", Ready: true, WindowFrom: "2021-10-21T14:00", WindowUntil: "2021-10-21T16:30", ConfirmedBy: "BNSF dispatcher R. Ortiz"}},
		{method: "GET", path: prod + "/setups/{setup}/preparations", tag: tagDay, summary: "A set-up's preparations: where each its hazards need stands now, every record, and its documents.", signedIn: true,
			response: sshttp.PreparationsView{}, handle: s.listPreparations},
		{method: "POST", path: prod + "/setups/{setup}/documents", tag: tagDay, summary: "Attach a set-up's written preparation (a stunt's plan, a dive plan, a smoke product's safety data sheet: PDF, or a JPEG or PNG photo kept without its metadata); give its id as file_id when recording the preparation.", signedIn: true,
			consumes: setsafe.FileTypes, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectSetUp, "setup"), query: captionQuery,
			created: createdWithin(prod + "/setups/{setup}/preparations")},
		{method: "GET", path: prod + "/alerts", tag: tagDay, summary: "The alerts not yet resolved: firearms not back with the armorer (FA-8).", signedIn: true,
			response: sshttp.AlertsView{}, handle: s.listAlerts},
		{method: "GET", path: prod + "/alerts/{alert}", tag: tagDay, summary: "One alert, open, acknowledged or resolved.", signedIn: true,
			response: setsafe.Alert{}, handle: s.getAlert},
		{method: "POST", path: prod + "/alerts/{alert}/acknowledge", tag: tagDay, summary: "Take charge of an alert with what is being done; it stops climbing the ladder and stays shown until resolved.", signedIn: true,
			body: sshttp.AcknowledgeAlertRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.acknowledgeAlert), example: sshttp.AcknowledgeAlertRequest{Reason: "Walking to the actor now"}},
		{method: "POST", path: prod + "/stop-works", tag: tagDay, summary: "Stop work for safety: anyone on the production but the read-only investigator may (WS-4).", signedIn: true,
			body: sshttp.StopWorkRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.callStopWork),
			created: createdAs(prod+"/stop-works/{id}", func(b *setsafe.StopWorkCalled) string { return b.ID }),
			example: sshttp.StopWorkRequest{Scope: "hazard", Hazard: "firearms", Reason: "A round in the dummy box does not rattle"}},
		{method: "GET", path: prod + "/stop-works/{stopwork}", tag: tagDay, summary: "One stop-work, in force or lifted.", signedIn: true,
			response: setsafe.StopWork{}, handle: s.getStopWork},
		{method: "POST", path: prod + "/stop-works/{stopwork}/lift", tag: tagDay, summary: "Lift a stop-work with its resolution (safety coordinator or producer).", signedIn: true,
			body: sshttp.LiftRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.liftStopWork), example: sshttp.LiftRequest{Resolution: "Every round checked; the box replaced"}},
		{method: "POST", path: prod + "/firearms/{firearm}/discharges", tag: tagDay, summary: "Report a misfire, discharge or malfunction, of one of the kinds listed, and when it happened if not just now; the firearm goes out of service and the incident is opened.", signedIn: true,
			body: sshttp.DischargeRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.reportDischarge),
			created: createdAs(prod+"/discharges/{id}", func(b *setsafe.DischargeReported) string { return b.ID }),
			example: sshttp.DischargeRequest{Kind: "misfire", Description: "Hammer fell twice without firing during the rehearsal", OccurredAt: "2021-10-16T12:08:00-06:00"}},
		{method: "GET", path: prod + "/discharges/{discharge}", tag: tagDay, summary: "One misfire, discharge or malfunction and its investigation, for those who see the armory and whoever reported it.", signedIn: true,
			response: setsafe.Discharge{}, handle: s.getDischarge},
		{method: "POST", path: prod + "/discharges/{discharge}/investigation", tag: tagDay, summary: "Record a discharge's findings and corrective action (WS-1).", signedIn: true,
			body: sshttp.InvestigationRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.investigateDischarge),
			example: sshttp.InvestigationRequest{Findings: "Worn hammer spring", CorrectiveAction: "Spring replaced; revolver test-fired off set"}},
		{method: "POST", path: prod + "/firearms/{firearm}/return-to-service", tag: tagDay, summary: "Put a firearm back in service after its bore inspection: only a qualified armorer, after an inspection that saw the bore clear (FA-7).", signedIn: true,
			body: sshttp.ServiceRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.returnToService), example: sshttp.ServiceRequest{BoreClear: true}},
		{method: "POST", path: prod + "/review-signoffs", tag: tagDay, summary: "Sign the review after repeated warning signs (compliance contact, producer; WS-2).", signedIn: true,
			body: sshttp.SignOffRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.signOffReview), example: sshttp.SignOffRequest{Note: "Both misfires reviewed with the crew; springs replaced"}},
	}
}

func (s *handlers) today(w http.ResponseWriter, r *http.Request) error {
	a, st, sit, err := s.Situation(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	view := sshttp.DayView{Day: sit.Day, SetUps: []sshttp.SetUpView{}, StopWorks: []*setsafe.StopWork{}}
	for _, u := range st.SetUpsOn(sit.Day) {
		v := gate.Check(sit, gate.Action{Kind: gate.StartSetUp, From: a.PersonID, SetUp: st.GateSetUp(u.ID)})
		view.SetUps = append(view.SetUps, sshttp.SetUpView{SetUp: *u, Hazards: u.HazardList(), Verdict: verdictView(v)})
	}
	view.StopWorks = append(view.StopWorks, st.StopWorksInForce()...)
	view.Alerts = append([]*setsafe.Alert{}, st.UnresolvedAlerts()...)
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

func (s *handlers) planSetUp(w http.ResponseWriter, r *http.Request, req sshttp.SetUpRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) recordShotPlan(w http.ResponseWriter, r *http.Request, req sshttp.ShotPlanRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.RecordShotPlan{SetUpID: r.PathValue("setup"), Shields: req.Shields,
		MinimumDistance: req.MinimumDistance, RemoteCamera: req.RemoteCamera, PeopleCleared: req.PeopleCleared, Notes: req.Notes})
}

func (s *handlers) startSetUp(w http.ResponseWriter, r *http.Request) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.StartSetUp{SetUpID: r.PathValue("setup")})
}

func (s *handlers) callStopWork(w http.ResponseWriter, r *http.Request, req sshttp.StopWorkRequest) error {
	c, err := s.StopWorkCall(r, req)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) liftStopWork(w http.ResponseWriter, r *http.Request, req sshttp.LiftRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("stopwork")))
}

func (s *handlers) reportDischarge(w http.ResponseWriter, r *http.Request, req sshttp.DischargeRequest) error {
	c := req.Command(r.PathValue("firearm"))
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) investigateDischarge(w http.ResponseWriter, r *http.Request, req sshttp.InvestigationRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.InvestigateDischarge{DischargeID: r.PathValue("discharge"), Findings: req.Findings, CorrectiveAction: req.CorrectiveAction})
}

func (s *handlers) returnToService(w http.ResponseWriter, r *http.Request, req sshttp.ServiceRequest) error {
	return s.firearmAction(w, r, req.Command(r.PathValue("firearm")))
}

func (s *handlers) signOffReview(w http.ResponseWriter, r *http.Request, req sshttp.SignOffRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.SignOffReview{Note: req.Note})
}

func (s *handlers) countRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "POST", path: prod + "/reconciliations", tag: tagDay, summary: "The count at wrap: every firearm secured, every lot counted (FA-12).", signedIn: true,
			body: sshttp.ReconcileRequest{}, response: sshttp.ReconcileResult{}, status: http.StatusCreated, handle: decoded(s.reconcile),
			created: createdEntry[*setsafe.DayReconciled](prod + "/reconciliations/{id}"),
			example: sshttp.ReconcileRequest{Counts: []setsafe.LotCount{{LotID: "d4f6h8j2k5m7n9p1", Counted: 195}}}},
		{method: "GET", path: prod + "/reconciliations/{reconciliation}", tag: tagDay, summary: "One count at wrap, by the sequence number of its entry: the rounds counted and what did not match the record.", signedIn: true,
			response: sshttp.ReconciliationView{}, handle: s.getReconciliation},
		{method: "POST", path: prod + "/discrepancies/{discrepancy}/resolve", tag: tagDay, summary: "Resolve a discrepancy of a count.", signedIn: true,
			body: sshttp.ResolveRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.resolveDiscrepancy), example: sshttp.ResolveRequest{Resolution: "Two blanks found in the prop box and returned to the lot"}},
		{method: "POST", path: prod + "/live-rounds", tag: tagDay, summary: "Report a live round on set; all firearm work stops (AM-1).", signedIn: true,
			body: sshttp.LiveRoundRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.reportLiveRound),
			created: createdAs(prod+"/live-rounds/{id}", func(b *setsafe.LiveRoundReported) string { return b.ID }),
			example: sshttp.LiveRoundRequest{Description: "A round in the dummy box has a primer"}},
		{method: "GET", path: prod + "/live-rounds/{report}", tag: tagDay, summary: "One report of a live round on set, cleared or not.", signedIn: true,
			response: setsafe.LiveRoundReport{}, handle: s.getLiveRound},
		{method: "POST", path: prod + "/live-rounds/{report}/clear", tag: tagDay, summary: "The armorer removed it; a second person verifies with their PIN.", signedIn: true,
			body: sshttp.ClearRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.clearLiveRound), example: sshttp.ClearRequest{VerifiedBy: "a2c4e6g8j1l3n5q7", PIN: "6093"}},
	}
}

func (s *handlers) reconcile(w http.ResponseWriter, r *http.Request, req sshttp.ReconcileRequest) error {
	_, evs, err := s.Act(r, req.Command())
	if err != nil {
		return err
	}
	out := sshttp.ReconcileResult{Recorded: sshttp.Recorded(evs), Discrepancies: []setsafe.Found{}}
	for _, e := range evs {
		if b, ok := e.Body.(*setsafe.DayReconciled); ok {
			out.Discrepancies = append(out.Discrepancies, b.Discrepancies...)
		}
	}
	sshttp.WriteJSON(w, http.StatusCreated, out)
	return nil
}

func (s *handlers) resolveDiscrepancy(w http.ResponseWriter, r *http.Request, req sshttp.ResolveRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.ResolveDiscrepancy{ID: r.PathValue("discrepancy"), Resolution: req.Resolution})
}

func (s *handlers) reportLiveRound(w http.ResponseWriter, r *http.Request, req sshttp.LiveRoundRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) clearLiveRound(w http.ResponseWriter, r *http.Request, req sshttp.ClearRequest) error {
	if err := s.ConfirmPINs(r, setsafe.PermArmory, sshttp.Witness{PersonID: req.VerifiedBy, PIN: req.PIN}); err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.ClearLiveRound{ID: r.PathValue("report"), VerifiedBy: req.VerifiedBy})
}

func (s *handlers) getSetUp(w http.ResponseWriter, r *http.Request) error {
	a, st, sit, err := s.Situation(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	u := st.SetUp(r.PathValue("setup"))
	if u == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no set-up %q in this production.", r.PathValue("setup"))
	}
	v := gate.Check(sit, gate.Action{Kind: gate.StartSetUp, From: a.PersonID, SetUp: st.GateSetUp(u.ID)})
	sshttp.WriteJSON(w, http.StatusOK, sshttp.SetUpView{SetUp: *u, Hazards: u.HazardList(), Verdict: verdictView(v)})
	return nil
}

func (s *handlers) getStopWork(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	sw := st.StopWork(r.PathValue("stopwork"))
	if sw == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no stop-work %q in this production.", r.PathValue("stopwork"))
	}
	sshttp.WriteJSON(w, http.StatusOK, sw)
	return nil
}

// getDischarge answers a discharge report to those who see the armory,
// and to whoever reported it.
func (s *handlers) getDischarge(w http.ResponseWriter, r *http.Request) error {
	a, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	d := st.Discharge(r.PathValue("discharge"))
	if d == nil || d.ReportedBy != a.PersonID || a.PersonID == "" {
		if err := a.Require(setsafe.PermViewArmory); err != nil {
			return err
		}
	}
	if d == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no discharge %q in this production.", r.PathValue("discharge"))
	}
	sshttp.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *handlers) getLiveRound(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	lr := st.LiveRoundReport(r.PathValue("report"))
	if lr == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no live round report %q in this production.", r.PathValue("report"))
	}
	sshttp.WriteJSON(w, http.StatusOK, lr)
	return nil
}

// getReconciliation answers a count at wrap from its entry in the ledger:
// the count is kept nowhere else.
func (s *handlers) getReconciliation(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewArmory); err != nil {
		return err
	}
	seq, err := sshttp.PathInt(r, "reconciliation")
	if err != nil {
		return err
	}
	e, err := s.Config.Ledger.LedgerEntry(r.Context(), pid, seq)
	if err != nil && setsafe.ErrorCode(err) != setsafe.ENotFound {
		return err
	}
	b, ok := e.Event.Body.(*setsafe.DayReconciled)
	if err != nil || !ok {
		return setsafe.Errorf(setsafe.ENotFound, "Entry %d of this production's ledger is no count at wrap.", seq)
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.ReconciliationView{Seq: e.Seq, Time: e.Event.Time, Day: b.Day,
		Counts: append([]setsafe.LotCount{}, b.Counts...), Discrepancies: append([]setsafe.Found{}, b.Discrepancies...)})
	return nil
}

func (s *handlers) callSetUpState(w http.ResponseWriter, r *http.Request, req sshttp.SetUpStateRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("setup")))
}

func (s *handlers) listAlerts(w http.ResponseWriter, r *http.Request) error {
	_, st, _, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.AlertsView{Alerts: append([]*setsafe.Alert{}, st.UnresolvedAlerts()...)})
	return nil
}

func (s *handlers) getAlert(w http.ResponseWriter, r *http.Request) error {
	_, st, _, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	a := st.Alert(r.PathValue("alert"))
	if a == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no alert %s.", r.PathValue("alert"))
	}
	sshttp.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (s *handlers) acknowledgeAlert(w http.ResponseWriter, r *http.Request, req sshttp.AcknowledgeAlertRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("alert")))
}

func (s *handlers) recordPreparation(w http.ResponseWriter, r *http.Request, req sshttp.PreparationRequest) error {
	c := req.Command(r.PathValue("setup"))
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) listPreparations(w http.ResponseWriter, r *http.Request) error {
	_, st, sit, err := s.Situation(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	id := r.PathValue("setup")
	if st.SetUp(id) == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no set-up %q in this production.", id)
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.PreparationsView{SetUpID: id, Needed: append([]setsafe.PreparationStatus{}, st.PreparationStatuses(id, sit.Now)...),
		Records: append([]*setsafe.Preparation{}, st.PreparationsOf(id)...), Documents: append([]*setsafe.Attachment{}, st.SetUpDocuments(id)...)})
	return nil
}
