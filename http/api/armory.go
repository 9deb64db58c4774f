package api

import (
	"net/http"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

func (s *handlers) armoryRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const fa = prod + "/firearms/{firearm}"
	return []route{
		{method: "GET", path: prod + "/armory", tag: tagArmory, summary: "Firearms and ammunition lots, where each is, and alerts.", signedIn: true,
			response: sshttp.ArmoryView{}, handle: s.getArmory},
		{method: "POST", path: prod + "/firearms", tag: tagArmory, summary: "Receive a firearm into a locked store (armorer on duty; FA-11).", signedIn: true,
			body: sshttp.FirearmRequest{}, response: sshttp.FirearmResult{}, status: http.StatusCreated, handle: decoded(s.receiveFirearm),
			created: createdAs(prod+"/firearms/{id}", func(b *setsafe.FirearmReceived) string { return b.ID }),
			example: sshttp.FirearmRequest{Make: "Colt", Model: "Single Action Army", Serial: "SA4417", Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6,
				Owner: "PDQ Arm & Prop", OwnerLicence: "FFL 5-85-001-07-XX-12345", Condition: "Good", Store: "Armory truck safe"}},
		{method: "GET", path: prod + "/labels", tag: tagArmory, summary: "A PDF sheet of labels with QR codes: ?for=firearms (the default) or ?for=lots, on a stock of label sheets (?stock=).", signedIn: true,
			produces: []string{"application/pdf"}, handle: s.labelSheet, query: []queryParam{
				{name: "for", description: "What to label: firearms (the default) or ammunition lots.", schema: oneOf("firearms", "lots")},
				{name: "stock", description: "The stock of label sheets to print on; by default the production's (label_stock).", schema: oneOf(labelStockIDs()...)}}},
		{method: "POST", path: prod + "/duty/start", tag: tagArmory, summary: "Come on armorer duty: only a qualified armorer, holding an armorer's role and a current permit (PR-3); an armorer who never went off duty is on it.", signedIn: true,
			response: sshttp.RecordedResult{}, handle: s.startDuty},
		{method: "POST", path: prod + "/duty/end", tag: tagArmory, summary: "Go off armorer duty. The last qualified armorer on duty is refused while a firearm is out or loaded (FA-2), unless a producer or site administrator takes them off in an emergency, with a reason: that is recorded, and leaves a duty gap in which all firearm work is NO-GO until a qualified armorer comes on duty.", signedIn: true,
			body: sshttp.DutyEndRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.endDuty), example: sshttp.DutyEndRequest{Reason: "Lunch break"}},
		{method: "POST", path: prod + "/duty/handover", tag: tagArmory, summary: "Hand your armorer duty over to another qualified armorer (PR-3), who takes it with the firearms out or loaded and those you hold; both type their own PIN on this device (FA-3; gated; 409 with the rules when refused).", signedIn: true,
			body: sshttp.DutyHandOverRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.handOverDuty), example: sshttp.DutyHandOverRequest{To: "m5n7p9q2r4s6t8v1", GiverPIN: "8042", ReceiverPIN: "6173"}},
		{method: "POST", path: fa + "/check", tag: tagArmory, summary: "Would this action be allowed now? GO, or NO-GO with every failing rule.", signedIn: true,
			body: sshttp.CheckRequest{}, response: sshttp.VerdictView{}, handle: decoded(s.checkFirearm), example: sshttp.CheckRequest{Action: "handover", To: "k3v9q2m7x4p8w1z5"}},
		{method: "POST", path: fa + "/unsecure", tag: tagArmory, summary: "Take a firearm out of its store into your custody (gated).", signedIn: true,
			response: sshttp.FirearmResult{}, handle: s.unsecureFirearm},
		{method: "POST", path: fa + "/secure", tag: tagArmory, summary: "Lock a firearm you hold in a store.", signedIn: true,
			body: sshttp.StoreRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.secureFirearm), example: sshttp.StoreRequest{Store: "Armory truck safe"}},
		{method: "POST", path: fa + "/inspect", tag: tagArmory, summary: "Record the armorer's inspection: bore, working order, condition; a fault takes it out of service (FA-7).", signedIn: true,
			body: sshttp.InspectRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.inspectFirearm),
			example: sshttp.InspectRequest{BoreClear: true, Functions: true, Condition: "Good: cylinder turns and locks, hammer and trigger work"}},
		{method: "POST", path: fa + "/handover", tag: tagArmory, summary: "Hand a firearm to someone, or take it back (from); the giver and the receiver each confirm with their own PIN on this device (FA-3; gated; 409 with the rules when refused).", signedIn: true,
			body: sshttp.HandOverRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.handOver), example: sshttp.HandOverRequest{To: "k3v9q2m7x4p8w1z5", GiverPIN: "8042", ReceiverPIN: "3516", SetUpID: "s8d2k4m6n1p3q5r7"}},
		{method: "POST", path: fa + "/load", tag: tagArmory, summary: "Load rounds from a lot (gated): only rounds checked inert and not loaded yet (AM-3), never from a quarantined or live lot (AM-1), and only of a calibre the firearm takes, however it is spelled (AM-4).", signedIn: true,
			body: sshttp.LoadRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.loadFirearm), example: sshttp.LoadRequest{LotID: "d4f6h8j2k5m7n9p1", Rounds: 5}},
		{method: "POST", path: fa + "/unload", tag: tagArmory, summary: "Unload a firearm you hold; the rounds not fired go back to their lot.", signedIn: true,
			body: sshttp.UnloadRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.unloadFirearm), example: sshttp.UnloadRequest{Fired: 3}},
		{method: "POST", path: fa + "/show-clear", tag: tagArmory, summary: "Show a firearm clear to witnesses, each confirming with their PIN.", signedIn: true,
			body: sshttp.ShowClearRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.showClear),
			example: sshttp.ShowClearRequest{AllChambers: true, Witnesses: []sshttp.Witness{{PersonID: "k3v9q2m7x4p8w1z5", PIN: "3516"}, {PersonID: "a2c4e6g8j1l3n5q7", PIN: "4827"}}}},
		{method: "GET", path: fa + "/history", tag: tagArmory, summary: "A firearm's chain of custody from the ledger, newest first, refusals included.", signedIn: true,
			response: sshttp.HistoryView{}, handle: s.firearmHistory, query: partQuery},
		{method: "GET", path: prod + "/ammo-lots/{lot}/history", tag: tagArmory, summary: "An ammunition lot's record from the ledger, newest first.", signedIn: true,
			response: sshttp.HistoryView{}, handle: s.lotHistory, query: partQuery},
		{method: "POST", path: prod + "/ammo-lots", tag: tagArmory, summary: "Receive a lot of rounds with its origin (armorer on duty; live ammunition, and rounds made up from live cartridges, are refused).", signedIn: true,
			body: sshttp.AmmoLotRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.receiveLot),
			created: createdAs(prod+"/ammo-lots/{id}", func(b *setsafe.AmmoLotReceived) string { return b.ID }),
			example: sshttp.AmmoLotRequest{Label: "B-45Q", Kind: "blank", LoadStrength: "quarter", Calibre: ".45 Colt", Source: "PDQ Arm & Prop", Headstamp: "PDQ 45 1/4", Count: 200,
				Origin: sshttp.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-2291"}}},
		{method: "GET", path: prod + "/ammo-lots/{lot}", tag: tagArmory, summary: "One ammunition lot: its rounds in stock, loaded, fired, returned and destroyed.", signedIn: true,
			response: setsafe.AmmoLot{}, handle: s.getLot},
		{method: "POST", path: prod + "/ammo-lots/{lot}/verify-inert", tag: tagArmory, summary: "Record rounds of a dummy lot checked inert before a witness (AM-3); rounds that fail quarantine the lot and stop firearm work (AM-1), and the answer's id is the live round report recorded.", signedIn: true,
			body: sshttp.InertRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.verifyInert),
			example: sshttp.InertRequest{Checked: 48, Methods: []string{"rattle", "drilled_case", "weight"}, Witness: sshttp.Witness{PersonID: "a2c4e6g8j1l3n5q7", PIN: "4827"}}},

		{method: "PUT", path: prod + "/safety", tag: tagPreparation, summary: "Choose the jurisdiction profile; mandatory rules can be tightened, not loosened.", signedIn: true,
			body: sshttp.SafetyRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.setSafety), example: sshttp.SafetyRequest{Profile: "california", ShowClearMinutes: 5}},
		{method: "PUT", path: prod + "/safety/compliance-contact", tag: tagPreparation, summary: "Name the safety compliance contact (PR-5).", signedIn: true,
			body: sshttp.ContactRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.nameContact), example: sshttp.ContactRequest{PersonID: "a2c4e6g8j1l3n5q7"}},
		{method: "POST", path: prod + "/people/{person}/trainings", tag: tagPreparation, summary: "Record a training course a person completed (PR-2).", signedIn: true,
			body: sshttp.TrainingRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.recordTraining),
			created: createdAs(prod+"/trainings/{id}", func(b *setsafe.TrainingRecorded) string { return b.ID }),
			example: sshttp.TrainingRequest{Course: "Firearm safety on set", Provider: "Contract Services (CSATF)", Firearms: true, Hours: 4, Completed: "2026-11-19", Expires: "2027-11-19"}},
		{method: "POST", path: prod + "/people/{person}/permits", tag: tagPreparation, summary: "Record an armorer's permit or licence (PR-3).", signedIn: true,
			body: sshttp.PermitRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.recordPermit),
			created: createdAs(prod+"/permits/{id}", func(b *setsafe.PermitRecorded) string { return b.ID }),
			example: sshttp.PermitRequest{Kind: "armorer", Number: "NM-ARM-0042", Issuer: "New Mexico Film Office", Expires: "2027-09-30"}},
		{method: "POST", path: prod + "/meetings", tag: tagPreparation, summary: "Record today's safety meeting and the bulletin topics it covered (PR-1).", signedIn: true,
			body: sshttp.MeetingRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.holdMeeting),
			created: createdAs(prod+"/meetings/{id}", func(b *setsafe.MeetingHeld) string { return b.ID }),
			example: sshttp.MeetingRequest{Topics: []string{"Walk-through of the church set"}, Hazards: []string{"firearms"},
				CoveredTopics: gate.TopicIDs(gate.HazardFirearms, nil), WalkThrough: true}},
		{method: "GET", path: prod + "/trainings/{training}", tag: tagPreparation, summary: "One training record, for those who see the crew list.", signedIn: true,
			response: setsafe.Training{}, handle: s.getTraining},
		{method: "GET", path: prod + "/permits/{permit}", tag: tagPreparation, summary: "One permit or licence, for those who see the crew list; its number only to those who see contact details, manage safety, or hold it.", signedIn: true,
			response: sshttp.PermitView{}, handle: s.getPermit},
		{method: "GET", path: prod + "/meetings/{meeting}", tag: tagPreparation, summary: "One safety meeting and who confirmed attending it.", signedIn: true,
			response: sshttp.MeetingView{}, handle: s.getMeeting},
		{method: "POST", path: prod + "/meetings/{meeting}/attendance", tag: tagPreparation, summary: "Confirm a person's attendance with their PIN.", signedIn: true,
			body: sshttp.AttendanceRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.confirmAttendance), example: sshttp.AttendanceRequest{PersonID: "k3v9q2m7x4p8w1z5", PIN: "3516"}},
	}
}

// decoded returns a handler that decodes the request's JSON body into a T
// and passes it on.
func decoded[T any](handle func(w http.ResponseWriter, r *http.Request, req T) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		var req T
		if err := sshttp.DecodeJSON(w, r, &req); err != nil {
			return err
		}
		return handle(w, r, req)
	}
}

// firearmAction appends a command on the firearm named in the URL and
// answers with the firearm as it is now.
func (s *handlers) firearmAction(w http.ResponseWriter, r *http.Request, c setsafe.Command) error {
	pid, evs, err := s.Act(r, c)
	if err != nil {
		return err
	}
	f, err := s.Config.Armory.Firearm(r.Context(), pid, r.PathValue("firearm"))
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.FirearmResult{Firearm: f, Recorded: sshttp.Recorded(evs)})
	return nil
}

func (s *handlers) getArmory(w http.ResponseWriter, r *http.Request) error {
	_, st, sit, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	view := sshttp.ArmoryView{Firearms: st.Firearms(), Lots: st.AmmoLots(), Alerts: append([]*setsafe.Alert{}, st.UnresolvedAlerts()...),
		Duty: sshttp.Duties(st), DutyGap: gate.DutyGap(sit)}
	if view.DutyGap == nil {
		view.DutyGap = []string{}
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

// verdictView answers a verdict, with an empty list rather than none.
func verdictView(v gate.Verdict) sshttp.VerdictView {
	if v.Reasons == nil {
		v.Reasons = []gate.Reason{}
	}
	return sshttp.VerdictView{Go: v.Go, Reasons: v.Reasons}
}

func (s *handlers) receiveFirearm(w http.ResponseWriter, r *http.Request, req sshttp.FirearmRequest) error {
	c := req.Command()
	pid, evs, err := s.Act(r, c)
	if err != nil {
		return err
	}
	f, err := s.Config.Armory.Firearm(r.Context(), pid, c.ID)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusCreated, sshttp.FirearmResult{Firearm: f, Recorded: sshttp.Recorded(evs)})
	return nil
}

func (s *handlers) checkFirearm(w http.ResponseWriter, r *http.Request, req sshttp.CheckRequest) error {
	fid := r.PathValue("firearm")
	var c setsafe.Gated
	switch gate.Kind(req.Action) {
	case gate.Handover:
		c = setsafe.HandOver{FirearmID: fid, To: req.To, From: req.From, SetUpID: req.SetUpID}
	case gate.Load:
		c = setsafe.LoadFirearm{FirearmID: fid, LotID: req.LotID, Rounds: req.Rounds}
	case gate.Unsecure:
		c = setsafe.UnsecureFirearm{FirearmID: fid}
	}
	// Who cannot act cannot ask: the answer is about the caller acting.
	a, st, err := s.Authorized(r, c)
	if err != nil {
		return err
	}
	if c == nil {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "Unknown action.", Fields: map[string]string{"action": "must be handover, load or unsecure"}}
	}
	if h, ok := c.(setsafe.HandOver); ok {
		c = sshttp.AsConfirmed(r, a, st, h) // the verdict once both have typed their PINs
	}
	v, err := s.Preview(r, a, st, c)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, verdictView(v))
	return nil
}

func (s *handlers) unsecureFirearm(w http.ResponseWriter, r *http.Request) error {
	return s.firearmAction(w, r, setsafe.UnsecureFirearm{FirearmID: r.PathValue("firearm")})
}

func (s *handlers) secureFirearm(w http.ResponseWriter, r *http.Request, req sshttp.StoreRequest) error {
	return s.firearmAction(w, r, req.Command(r.PathValue("firearm")))
}

func (s *handlers) inspectFirearm(w http.ResponseWriter, r *http.Request, req sshttp.InspectRequest) error {
	return s.firearmAction(w, r, req.Command(r.PathValue("firearm")))
}

func (s *handlers) handOver(w http.ResponseWriter, r *http.Request, req sshttp.HandOverRequest) error {
	c, err := s.HandOver(r, r.PathValue("firearm"), req)
	if err != nil {
		return err
	}
	return s.firearmAction(w, r, c)
}

func (s *handlers) startDuty(w http.ResponseWriter, r *http.Request) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.StartDuty{})
}

func (s *handlers) endDuty(w http.ResponseWriter, r *http.Request, req sshttp.DutyEndRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command())
}

func (s *handlers) handOverDuty(w http.ResponseWriter, r *http.Request, req sshttp.DutyHandOverRequest) error {
	c, err := s.HandOverDuty(r, req)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", c)
}

func (s *handlers) loadFirearm(w http.ResponseWriter, r *http.Request, req sshttp.LoadRequest) error {
	return s.firearmAction(w, r, req.Command(r.PathValue("firearm")))
}

func (s *handlers) unloadFirearm(w http.ResponseWriter, r *http.Request, req sshttp.UnloadRequest) error {
	return s.firearmAction(w, r, req.Command(r.PathValue("firearm")))
}

func (s *handlers) showClear(w http.ResponseWriter, r *http.Request, req sshttp.ShowClearRequest) error {
	c, err := s.ShowClear(r, r.PathValue("firearm"), req)
	if err != nil {
		return err
	}
	return s.firearmAction(w, r, c)
}

func (s *handlers) receiveLot(w http.ResponseWriter, r *http.Request, req sshttp.AmmoLotRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) verifyInert(w http.ResponseWriter, r *http.Request, req sshttp.InertRequest) error {
	c, err := s.VerifyInert(r, r.PathValue("lot"), req)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, c.Report, c)
}

func (s *handlers) setSafety(w http.ResponseWriter, r *http.Request, req sshttp.SafetyRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.SetSafetyProfile{Profile: req.Profile, RulesOff: req.RulesOff, ShowClearMinutes: req.ShowClearMinutes,
		FirearmsPerArmorer: req.FirearmsPerArmorer, MisfireThreshold: req.MisfireThreshold, MisfireWindowDays: req.MisfireWindowDays,
		TrainingDays: req.TrainingValidityDays, OutLimitMinutes: req.OutLimitMinutes, ConcernsStopAll: req.ConcernsStopAll, MedicFor: req.MedicFor,
		PatternThreshold: req.PatternThreshold, PatternWindowDays: req.PatternWindowDays})
}

func (s *handlers) nameContact(w http.ResponseWriter, r *http.Request, req sshttp.ContactRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.NameComplianceContact{PersonID: req.PersonID})
}

func (s *handlers) recordTraining(w http.ResponseWriter, r *http.Request, req sshttp.TrainingRequest) error {
	c := req.Command(r.PathValue("person"))
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) recordPermit(w http.ResponseWriter, r *http.Request, req sshttp.PermitRequest) error {
	c := req.Command(r.PathValue("person"))
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) holdMeeting(w http.ResponseWriter, r *http.Request, req sshttp.MeetingRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) confirmAttendance(w http.ResponseWriter, r *http.Request, req sshttp.AttendanceRequest) error {
	c, err := s.Attendance(r, r.PathValue("meeting"), req)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", c)
}

func (s *handlers) firearmHistory(w http.ResponseWriter, r *http.Request) error {
	return s.history(w, r, r.PathValue("firearm"), true)
}

func (s *handlers) lotHistory(w http.ResponseWriter, r *http.Request) error {
	return s.history(w, r, r.PathValue("lot"), false)
}

// history reads the ledger for the entries about a firearm or a lot.
func (s *handlers) history(w http.ResponseWriter, r *http.Request, id string, firearm bool) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewArmory); err != nil {
		return err
	}
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	entries, next, err := s.ConcerningAfter(r, pid, id, firearm, part)
	if err != nil {
		return err
	}
	out := sshttp.HistoryView{Entries: []sshttp.EntryView{}, NextCursor: next}
	for _, e := range entries {
		out.Entries = append(out.Entries, sshttp.NewEntryView(e))
	}
	sshttp.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *handlers) getLot(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	l := st.AmmoLot(r.PathValue("lot"))
	if l == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no ammunition lot %q in this production.", r.PathValue("lot"))
	}
	sshttp.WriteJSON(w, http.StatusOK, l)
	return nil
}

func (s *handlers) getTraining(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewPeople)
	if err != nil {
		return err
	}
	t := st.Training(r.PathValue("training"))
	if t == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no training record %q in this production.", r.PathValue("training"))
	}
	sshttp.WriteJSON(w, http.StatusOK, t)
	return nil
}

// getPermit answers a permit, its number to those who may see it, as the
// person's page shows it.
func (s *handlers) getPermit(w http.ResponseWriter, r *http.Request) error {
	a, st, err := s.Readable(r, setsafe.PermViewPeople)
	if err != nil {
		return err
	}
	p := st.Permit(r.PathValue("permit"))
	if p == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no permit %q in this production.", r.PathValue("permit"))
	}
	v := sshttp.PermitView{ID: p.ID, PersonID: p.PersonID, Kind: p.Kind, Issuer: p.Issuer, Expires: p.Expires, LastSeq: p.LastSeq}
	if a.Can(setsafe.PermViewContacts) || a.Can(setsafe.PermManageSafety) || a.PersonID == p.PersonID {
		v.Number = p.Number
	}
	sshttp.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (s *handlers) getMeeting(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	m := st.SafetyMeeting(r.PathValue("meeting"))
	if m == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no safety meeting %q in this production.", r.PathValue("meeting"))
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.MeetingView{SafetyMeeting: *m, Attendance: append([]*setsafe.Attendance{}, st.AttendanceOf(m.ID)...)})
	return nil
}
