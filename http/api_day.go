package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// SetUpRequest plans a set-up: a scene's shot on a day, with its hazards.
type SetUpRequest struct {
	// Day is YYYY-MM-DD; empty means today on set.
	Day     string   `json:"day,omitempty"`
	Scene   string   `json:"scene"`
	Name    string   `json:"name"`
	Hazards []string `json:"hazards"`
	// TowardPeople marks a shot with a firearm pointed toward the camera
	// or a person (FA-9).
	TowardPeople bool `json:"toward_people,omitempty"`
}

// ShotPlanRequest records how a shot toward people is made safe.
type ShotPlanRequest struct {
	Shields         bool   `json:"shields"`
	MinimumDistance bool   `json:"minimum_distance"`
	RemoteCamera    bool   `json:"remote_camera"`
	PeopleCleared   bool   `json:"people_cleared"`
	Notes           string `json:"notes,omitempty"`
}

// StopWorkRequest stops work: the production, one set-up or one hazard.
type StopWorkRequest struct {
	Scope   string `json:"scope"`
	SetUpID string `json:"setup_id,omitempty"`
	Hazard  string `json:"hazard,omitempty"`
	Reason  string `json:"reason"`
	// Person and PIN are set on the shared device of the day (signed in by
	// someone who runs safety meetings) when another person calls the
	// stop-work with their PIN; left out, the signed-in person calls it.
	Person string `json:"person,omitempty"`
	PIN    string `json:"pin,omitempty"`
}

// LiftRequest lifts a stop-work with its resolution.
type LiftRequest struct {
	Resolution string `json:"resolution"`
}

// DischargeRequest reports a misfire, discharge or malfunction.
type DischargeRequest struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
}

// InvestigationRequest records a discharge's findings and corrective
// action.
type InvestigationRequest struct {
	Findings         string `json:"findings"`
	CorrectiveAction string `json:"corrective_action"`
}

// ServiceRequest returns a firearm to service after its bore inspection.
type ServiceRequest struct {
	BoreClear bool `json:"bore_clear"`
}

// SignOffRequest signs the review of repeated warning signs.
type SignOffRequest struct {
	Note string `json:"note"`
}

// SetUpView is a set-up with the gate's verdict on starting it now.
type SetUpView struct {
	setsafe.SetUp
	Hazards []string    `json:"hazards"`
	Verdict VerdictView `json:"verdict"`
}

// DayView is a day's board: its set-ups, each GO or NO-GO, and the
// stop-works in force.
type DayView struct {
	Day       string              `json:"day"`
	SetUps    []SetUpView         `json:"setups"`
	StopWorks []*setsafe.StopWork `json:"stop_works"`
}

func (s *Server) dayRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "GET", path: prod + "/today", tag: tagDay, summary: "Today's set-ups, each GO or NO-GO with its reasons, and the stop-works in force.", signedIn: true,
			response: DayView{}, handle: s.today},
		{method: "POST", path: prod + "/setups", tag: tagDay, summary: "Plan a set-up with its hazards.", signedIn: true,
			body: SetUpRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: decoded(s.planSetUp),
			example: SetUpRequest{Scene: "14", Name: "Scene 14: the church, toward camera", Hazards: []string{"firearms"}, TowardPeople: true}},
		{method: "PUT", path: prod + "/setups/{setup}/shot-plan", tag: tagDay, summary: "Record the plan for a shot toward people (FA-9).", signedIn: true,
			body: ShotPlanRequest{}, response: RecordedResult{}, handle: decoded(s.recordShotPlan),
			example: ShotPlanRequest{Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true, Notes: "Lexan shield; camera on a remote head"}},
		{method: "POST", path: prod + "/setups/{setup}/start", tag: tagDay, summary: "Call a set-up ready (gated; 409 with the rules when refused).", signedIn: true,
			response: RecordedResult{}, handle: s.startSetUp},
		{method: "POST", path: prod + "/stop-works", tag: tagDay, summary: "Stop work for safety: anyone on the production but the read-only investigator may (WS-4).", signedIn: true,
			body: StopWorkRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: decoded(s.callStopWork),
			example: StopWorkRequest{Scope: "hazard", Hazard: "firearms", Reason: "A round in the dummy box does not rattle"}},
		{method: "POST", path: prod + "/stop-works/{stopwork}/lift", tag: tagDay, summary: "Lift a stop-work with its resolution (safety coordinator or producer).", signedIn: true,
			body: LiftRequest{}, response: RecordedResult{}, handle: decoded(s.liftStopWork), example: LiftRequest{Resolution: "Every round checked; the box replaced"}},
		{method: "POST", path: prod + "/firearms/{firearm}/discharges", tag: tagDay, summary: "Report a misfire, discharge or malfunction; the firearm goes out of service.", signedIn: true,
			body: DischargeRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: decoded(s.reportDischarge),
			example: DischargeRequest{Kind: "misfire", Description: "Hammer fell twice without firing during the rehearsal"}},
		{method: "POST", path: prod + "/discharges/{discharge}/investigation", tag: tagDay, summary: "Record a discharge's findings and corrective action (WS-1).", signedIn: true,
			body: InvestigationRequest{}, response: RecordedResult{}, handle: decoded(s.investigateDischarge),
			example: InvestigationRequest{Findings: "Worn hammer spring", CorrectiveAction: "Spring replaced; revolver test-fired off set"}},
		{method: "POST", path: prod + "/firearms/{firearm}/return-to-service", tag: tagDay, summary: "Put a firearm back in service after its bore inspection (FA-7).", signedIn: true,
			body: ServiceRequest{}, response: FirearmResult{}, handle: decoded(s.returnToService), example: ServiceRequest{BoreClear: true}},
		{method: "POST", path: prod + "/review-signoffs", tag: tagDay, summary: "Sign the review after repeated warning signs (compliance contact, producer; WS-2).", signedIn: true,
			body: SignOffRequest{}, response: RecordedResult{}, handle: decoded(s.signOffReview), example: SignOffRequest{Note: "Both misfires reviewed with the crew; springs replaced"}},
	}
}

func (s *Server) today(w http.ResponseWriter, r *http.Request) error {
	a, st, sit, err := s.situation(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	view := DayView{Day: sit.Day, SetUps: []SetUpView{}, StopWorks: []*setsafe.StopWork{}}
	for _, u := range st.SetUpsOn(sit.Day) {
		v := gate.Check(sit, gate.Action{Kind: gate.StartSetUp, From: a.PersonID, SetUp: st.GateSetUp(u.ID)})
		view.SetUps = append(view.SetUps, SetUpView{SetUp: *u, Hazards: u.HazardList(), Verdict: verdictView(v)})
	}
	view.StopWorks = append(view.StopWorks, st.StopWorksInForce()...)
	writeJSON(w, http.StatusOK, view)
	return nil
}

func (s *Server) planSetUp(w http.ResponseWriter, r *http.Request, req SetUpRequest) error {
	c := req.Command()
	return s.recordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *Server) recordShotPlan(w http.ResponseWriter, r *http.Request, req ShotPlanRequest) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.RecordShotPlan{SetUpID: r.PathValue("setup"), Shields: req.Shields,
		MinimumDistance: req.MinimumDistance, RemoteCamera: req.RemoteCamera, PeopleCleared: req.PeopleCleared, Notes: req.Notes})
}

func (s *Server) startSetUp(w http.ResponseWriter, r *http.Request) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.StartSetUp{SetUpID: r.PathValue("setup")})
}

func (s *Server) callStopWork(w http.ResponseWriter, r *http.Request, req StopWorkRequest) error {
	c, err := s.stopWorkCall(r, req)
	if err != nil {
		return err
	}
	return s.recordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

// stopWorkCall is the command a stop-work request asks for, after checking
// the PIN of the person who calls it on a shared device.
func (s *Server) stopWorkCall(r *http.Request, req StopWorkRequest) (setsafe.CallStopWork, error) {
	c := setsafe.CallStopWork{ID: setsafe.NewID(), Scope: req.Scope, SetUpID: req.SetUpID, Hazard: req.Hazard, Reason: req.Reason}
	if req.Person == "" {
		return c, nil
	}
	c.By, c.ConfirmedBy = req.Person, setsafe.StopWorkByPIN
	return c, s.confirmPINs(r, setsafe.PermRunMeetings, Witness{PersonID: req.Person, PIN: req.PIN})
}

func (s *Server) liftStopWork(w http.ResponseWriter, r *http.Request, req LiftRequest) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("stopwork")))
}

func (s *Server) reportDischarge(w http.ResponseWriter, r *http.Request, req DischargeRequest) error {
	id := setsafe.NewID()
	return s.recordedAnswer(w, r, http.StatusCreated, id, setsafe.ReportDischarge{ID: id, FirearmID: r.PathValue("firearm"), Kind: req.Kind, Description: req.Description})
}

func (s *Server) investigateDischarge(w http.ResponseWriter, r *http.Request, req InvestigationRequest) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.InvestigateDischarge{DischargeID: r.PathValue("discharge"), Findings: req.Findings, CorrectiveAction: req.CorrectiveAction})
}

func (s *Server) returnToService(w http.ResponseWriter, r *http.Request, req ServiceRequest) error {
	return s.firearmAction(w, r, setsafe.ReturnToService{FirearmID: r.PathValue("firearm"), BoreClear: req.BoreClear})
}

func (s *Server) signOffReview(w http.ResponseWriter, r *http.Request, req SignOffRequest) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.SignOffReview{Note: req.Note})
}

// ReconcileRequest is the armorer's count at wrap.
type ReconcileRequest struct {
	Counts []setsafe.LotCount `json:"counts"`
}

// ReconcileResult answers a count with what did not match the record.
type ReconcileResult struct {
	Recorded      []RecordedView  `json:"recorded"`
	Discrepancies []setsafe.Found `json:"discrepancies"`
}

// ResolveRequest resolves a discrepancy.
type ResolveRequest struct {
	Resolution string `json:"resolution"`
}

// LiveRoundRequest reports a live round on set.
type LiveRoundRequest struct {
	Description string `json:"description"`
}

// ClearRequest clears a live round report: the armorer removed it, and a
// second person verifies with their PIN.
type ClearRequest struct {
	VerifiedBy string `json:"verified_by"`
	PIN        string `json:"pin"`
}

// UnloadRequest says how many of the rounds loaded were fired.
type UnloadRequest struct {
	Fired int64 `json:"fired"`
}

func (s *Server) countRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "POST", path: prod + "/reconciliations", tag: tagDay, summary: "The count at wrap: every firearm secured, every lot counted (FA-12).", signedIn: true,
			body: ReconcileRequest{}, response: ReconcileResult{}, status: http.StatusCreated, handle: decoded(s.reconcile),
			example: ReconcileRequest{Counts: []setsafe.LotCount{{LotID: "d4f6h8j2k5m7n9p1", Counted: 195}}}},
		{method: "POST", path: prod + "/discrepancies/{discrepancy}/resolve", tag: tagDay, summary: "Resolve a discrepancy of a count.", signedIn: true,
			body: ResolveRequest{}, response: RecordedResult{}, handle: decoded(s.resolveDiscrepancy), example: ResolveRequest{Resolution: "Two blanks found in the prop box and returned to the lot"}},
		{method: "POST", path: prod + "/live-rounds", tag: tagDay, summary: "Report a live round on set; all firearm work stops (AM-1).", signedIn: true,
			body: LiveRoundRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: decoded(s.reportLiveRound),
			example: LiveRoundRequest{Description: "A round in the dummy box has a primer"}},
		{method: "POST", path: prod + "/live-rounds/{report}/clear", tag: tagDay, summary: "The armorer removed it; a second person verifies with their PIN.", signedIn: true,
			body: ClearRequest{}, response: RecordedResult{}, handle: decoded(s.clearLiveRound), example: ClearRequest{VerifiedBy: "a2c4e6g8j1l3n5q7", PIN: "6093"}},
	}
}

func (s *Server) reconcile(w http.ResponseWriter, r *http.Request, req ReconcileRequest) error {
	_, evs, err := s.act(r, setsafe.ReconcileDay{Counts: req.Counts})
	if err != nil {
		return err
	}
	out := ReconcileResult{Recorded: recorded(evs), Discrepancies: []setsafe.Found{}}
	for _, e := range evs {
		if b, ok := e.Body.(*setsafe.DayReconciled); ok {
			out.Discrepancies = append(out.Discrepancies, b.Discrepancies...)
		}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) resolveDiscrepancy(w http.ResponseWriter, r *http.Request, req ResolveRequest) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.ResolveDiscrepancy{ID: r.PathValue("discrepancy"), Resolution: req.Resolution})
}

func (s *Server) reportLiveRound(w http.ResponseWriter, r *http.Request, req LiveRoundRequest) error {
	id := setsafe.NewID()
	return s.recordedAnswer(w, r, http.StatusCreated, id, setsafe.ReportLiveRound{ID: id, Description: req.Description})
}

func (s *Server) clearLiveRound(w http.ResponseWriter, r *http.Request, req ClearRequest) error {
	if err := s.confirmPINs(r, setsafe.PermArmory, Witness{PersonID: req.VerifiedBy, PIN: req.PIN}); err != nil {
		return err
	}
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.ClearLiveRound{ID: r.PathValue("report"), VerifiedBy: req.VerifiedBy})
}
