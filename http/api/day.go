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
			example: sshttp.SetUpRequest{Scene: "14", Name: "Scene 14: the church, toward camera", Hazards: []string{"firearms"}, TowardPeople: true}},
		{method: "PUT", path: prod + "/setups/{setup}/shot-plan", tag: tagDay, summary: "Record the plan for a shot toward people (FA-9).", signedIn: true,
			body: sshttp.ShotPlanRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.recordShotPlan),
			example: sshttp.ShotPlanRequest{Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true, Notes: "Lexan shield; camera on a remote head"}},
		{method: "POST", path: prod + "/setups/{setup}/start", tag: tagDay, summary: "Call a set-up ready (gated; 409 with the rules when refused).", signedIn: true,
			response: sshttp.RecordedResult{}, handle: s.startSetUp},
		{method: "POST", path: prod + "/stop-works", tag: tagDay, summary: "Stop work for safety: anyone on the production but the read-only investigator may (WS-4).", signedIn: true,
			body: sshttp.StopWorkRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.callStopWork),
			example: sshttp.StopWorkRequest{Scope: "hazard", Hazard: "firearms", Reason: "A round in the dummy box does not rattle"}},
		{method: "POST", path: prod + "/stop-works/{stopwork}/lift", tag: tagDay, summary: "Lift a stop-work with its resolution (safety coordinator or producer).", signedIn: true,
			body: sshttp.LiftRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.liftStopWork), example: sshttp.LiftRequest{Resolution: "Every round checked; the box replaced"}},
		{method: "POST", path: prod + "/firearms/{firearm}/discharges", tag: tagDay, summary: "Report a misfire, discharge or malfunction; the firearm goes out of service.", signedIn: true,
			body: sshttp.DischargeRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.reportDischarge),
			example: sshttp.DischargeRequest{Kind: "misfire", Description: "Hammer fell twice without firing during the rehearsal"}},
		{method: "POST", path: prod + "/discharges/{discharge}/investigation", tag: tagDay, summary: "Record a discharge's findings and corrective action (WS-1).", signedIn: true,
			body: sshttp.InvestigationRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.investigateDischarge),
			example: sshttp.InvestigationRequest{Findings: "Worn hammer spring", CorrectiveAction: "Spring replaced; revolver test-fired off set"}},
		{method: "POST", path: prod + "/firearms/{firearm}/return-to-service", tag: tagDay, summary: "Put a firearm back in service after its bore inspection (FA-7).", signedIn: true,
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
	id := setsafe.NewID()
	return s.RecordedAnswer(w, r, http.StatusCreated, id, setsafe.ReportDischarge{ID: id, FirearmID: r.PathValue("firearm"), Kind: req.Kind, Description: req.Description})
}

func (s *handlers) investigateDischarge(w http.ResponseWriter, r *http.Request, req sshttp.InvestigationRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.InvestigateDischarge{DischargeID: r.PathValue("discharge"), Findings: req.Findings, CorrectiveAction: req.CorrectiveAction})
}

func (s *handlers) returnToService(w http.ResponseWriter, r *http.Request, req sshttp.ServiceRequest) error {
	return s.firearmAction(w, r, setsafe.ReturnToService{FirearmID: r.PathValue("firearm"), BoreClear: req.BoreClear})
}

func (s *handlers) signOffReview(w http.ResponseWriter, r *http.Request, req sshttp.SignOffRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.SignOffReview{Note: req.Note})
}

func (s *handlers) countRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "POST", path: prod + "/reconciliations", tag: tagDay, summary: "The count at wrap: every firearm secured, every lot counted (FA-12).", signedIn: true,
			body: sshttp.ReconcileRequest{}, response: sshttp.ReconcileResult{}, status: http.StatusCreated, handle: decoded(s.reconcile),
			example: sshttp.ReconcileRequest{Counts: []setsafe.LotCount{{LotID: "d4f6h8j2k5m7n9p1", Counted: 195}}}},
		{method: "POST", path: prod + "/discrepancies/{discrepancy}/resolve", tag: tagDay, summary: "Resolve a discrepancy of a count.", signedIn: true,
			body: sshttp.ResolveRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.resolveDiscrepancy), example: sshttp.ResolveRequest{Resolution: "Two blanks found in the prop box and returned to the lot"}},
		{method: "POST", path: prod + "/live-rounds", tag: tagDay, summary: "Report a live round on set; all firearm work stops (AM-1).", signedIn: true,
			body: sshttp.LiveRoundRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.reportLiveRound),
			example: sshttp.LiveRoundRequest{Description: "A round in the dummy box has a primer"}},
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
	id := setsafe.NewID()
	return s.RecordedAnswer(w, r, http.StatusCreated, id, setsafe.ReportLiveRound{ID: id, Description: req.Description})
}

func (s *handlers) clearLiveRound(w http.ResponseWriter, r *http.Request, req sshttp.ClearRequest) error {
	if err := s.ConfirmPINs(r, setsafe.PermArmory, sshttp.Witness{PersonID: req.VerifiedBy, PIN: req.PIN}); err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.ClearLiveRound{ID: r.PathValue("report"), VerifiedBy: req.VerifiedBy})
}
