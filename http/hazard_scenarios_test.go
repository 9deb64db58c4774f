package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// hazardScenario is what one hazard needs before its set-up may start, as
// the API records it.
type hazardScenario struct {
	hazard string
	// people are the people the hazard needs on site, the medic aside.
	people []scenarioPerson
	// permissions are recorded in order, each at the set-up's location.
	permissions []scenarioPermission
	// preparations are recorded in order by the person who records them.
	preparations []scenarioPreparation
	// concern is what the critical concern names: "hazard", "setup" or
	// "location".
	concern string
}

// scenarioPerson is a person the hazard needs on site.
type scenarioPerson struct {
	name string
	role setsafe.Role
	// licence is the kind of permit the hazard's need names, recorded on
	// them once they are checked in.
	licence string
	// records is true for the one who records the preparations: they
	// sign in with the outsider's account.
	records bool
	// missing is what the hazard's Code-1 reason says while they are not
	// checked in.
	missing string
}

// scenarioPermission is a grant or refusal recorded by the location
// manager; LOCATION in body stands for the set-up's location.
type scenarioPermission struct {
	refused bool
	body    string
	// missing is what the Code-2 reason says before this record; says is
	// what it says after it, for a refusal.
	missing, says string
}

// scenarioPreparation is a preparation recorded for the set-up by the
// person who records it; in body, FILE stands for the document attached
// first when document is true, NOW-1h and NOW+1h for an hour before and
// after now.
type scenarioPreparation struct {
	document bool
	body     string
	// missing is what the Code-3 reason says until it is recorded.
	missing string
}

var hazardScenarios = []hazardScenario{
	{
		hazard: gate.HazardStunts,
		people: []scenarioPerson{
			{name: "Dana Stunts", role: setsafe.RoleStuntCoordinator, records: true, missing: "checked in on set as stunt coordinator"},
		},
		preparations: []scenarioPreparation{
			{document: true, body: `{"kind":"stunt_plan","ready":true,"file_id":"FILE"}`, missing: "no stunt's written plan is recorded"},
			{body: `{"kind":"stunt_rehearsal","ready":true,"notes":"Full speed twice with the pads"}`, missing: "no stunt's rehearsal or walk-through is recorded"},
		},
		concern: "hazard",
	},
	{
		hazard: gate.HazardPyrotechnics,
		people: []scenarioPerson{
			{name: "Pat Powder", role: setsafe.RolePyrotechnician, licence: gate.PermitPyrotechnics, records: true, missing: "checked in on set as pyrotechnician"},
			{name: "Frankie Hose", role: setsafe.RoleFireSafetyOfficer, missing: "checked in on set as fire safety officer"},
		},
		permissions: []scenarioPermission{
			{body: `{"kind":"fire_permit","issuer":"Santa Fe Fire Department","reference":"SFFD-77","valid_from":"2021-10-01","valid_until":"2021-12-31","location_id":"LOCATION"}`,
				missing: "no fire department permit covering it"},
		},
		preparations: []scenarioPreparation{
			{body: `{"kind":"exclusion_zone","ready":true,"count":6}`, missing: "no pyrotechnic exclusion zone and charges placed is recorded"},
		},
		concern: "setup",
	},
	{
		hazard: gate.HazardWater,
		people: []scenarioPerson{
			{name: "Morgan Deep", role: setsafe.RoleSafetyDiver, licence: gate.PermitDiving, records: true, missing: "checked in on set as safety diver"},
		},
		permissions: []scenarioPermission{
			{body: `{"kind":"waterway","issuer":"Cochiti Lake harbour master","valid_from":"2021-10-01","valid_until":"2021-12-31","location_id":"LOCATION"}`,
				missing: "no permission of the harbour or water's owner covering it"},
		},
		preparations: []scenarioPreparation{
			{document: true, body: `{"kind":"dive_plan","ready":true,"file_id":"FILE"}`, missing: "no dive plan is recorded"},
			{body: `{"kind":"weather_limits","ready":true,"limit":30,"reading":12}`, missing: "no wind and weather reading is recorded"},
		},
		concern: "location",
	},
	{
		hazard: gate.HazardRailroad,
		people: []scenarioPerson{
			{name: "Rory Rails", role: setsafe.RoleRailroadRep, records: true, missing: "checked in on set as railroad representative"},
		},
		permissions: []scenarioPermission{
			{refused: true, body: `{"kind":"track_access","issuer":"Santa Fe Southern Railway","reason":"Freight traffic that week","location_id":"LOCATION"}`,
				missing: "no railroad's written permission for track access covering it", says: "Santa Fe Southern Railway refused the railroad's written permission for track access"},
			{body: `{"kind":"track_access","issuer":"Santa Fe Southern Railway","reference":"SFS-114","valid_from":"2021-10-01","valid_until":"2021-12-31","location_id":"LOCATION"}`},
		},
		preparations: []scenarioPreparation{
			{body: `{"kind":"track_window","ready":true,"window_from":"NOW-1h","window_until":"NOW+1h","confirmed_by":"SFS dispatcher Ortiz"}`, missing: "no railroad's track window is recorded"},
		},
		concern: "location",
	},
	{
		hazard: gate.HazardAircraft,
		people: []scenarioPerson{
			{name: "Avery Rotor", role: setsafe.RoleDronePilot, licence: gate.PermitAviation, records: true, missing: "checked in on set as aviation coordinator or drone pilot"},
		},
		permissions: []scenarioPermission{
			{body: `{"kind":"aviation_waiver","issuer":"Federal Aviation Administration","reference":"107W-2021-1234","valid_from":"2021-10-01","valid_until":"2021-12-31","location_id":"LOCATION"}`,
				missing: "no aviation authority's waiver or authorisation covering it"},
		},
		preparations: []scenarioPreparation{
			{body: `{"kind":"weather_limits","ready":true,"limit":35,"reading":18}`, missing: "no wind and weather reading is recorded"},
		},
		concern: "hazard",
	},
}

// TestHazardScenarios walks a set-up with each hazard from NO-GO to GO
// through the API, on SQLite and PostgreSQL: at first it names every
// missing person, medic, permission, preparation and the meeting; each is
// recorded in turn and only its reason goes; then a critical concern and
// a stop-work at its location stop it again until decided and lifted, and
// the 1st AD starts it.
func TestHazardScenarios(t *testing.T) {
	for _, b := range storagetest.Backends() {
		for _, sc := range hazardScenarios {
			t.Run(b.Name+"/"+sc.hazard, func(t *testing.T) {
				t.Parallel()
				runHazardScenario(t, b, sc)
			})
		}
	}
}

// reasonWanted is a reason the set-up's verdict must give: its rule, and
// words its message says.
type reasonWanted struct {
	rule gate.RuleID
	says string
}

func (w reasonWanted) matches(r gate.Reason) bool {
	return r.Rule == w.rule && strings.Contains(r.Message, w.says)
}

// scenarioStep records one piece the set-up needs; clears are the reasons
// it takes away, brings those it adds.
type scenarioStep struct {
	name           string
	do             func()
	clears, brings []reasonWanted
}

// hazardRun is one scenario's production as the API shows it.
type hazardRun struct {
	t    *testing.T
	ts   *testServer
	call func(actor, method, path, body string, want int) []byte
	sc   hazardScenario
	h    gate.Hazard
	// ids are the people added, by name; scene, location and setUp the
	// set-up planned there.
	ids                    map[string]string
	scene, location, setUp string
}

const (
	scenarioProd = "/api/v1/productions/red-mesa"
	scenarioPIN  = "2468"
)

func runHazardScenario(t *testing.T, b storagetest.Backend, sc hazardScenario) {
	ts := newTestServer(t, b, "")
	ts.seed(t)
	h, _ := gate.FindHazard(sc.hazard)
	x := &hazardRun{t: t, ts: ts, call: ts.caller(t), sc: sc, h: h, ids: map[string]string{}}
	x.plan()
	missing, steps := x.steps()

	// Nothing is there yet: the board and the 1st AD's call to stand by
	// name every piece.
	x.verdict("at first", missing)
	x.refused("at first", missing)

	// One piece at a time.
	for _, st := range steps {
		st.do()
		for _, c := range st.clears {
			missing = slices.DeleteFunc(missing, func(w reasonWanted) bool { return w == c })
		}
		missing = append(missing, st.brings...)
		x.verdict("after "+st.name, missing)
	}
	if len(missing) != 0 {
		t.Fatalf("still wanted after every step: %+v", missing)
	}
	x.stopped()

	x.call("first_ad", "POST", x.state(), `{"state":"standing_by"}`, http.StatusOK)
	if u := decode[sshttp.SetUpView](t, x.call("first_ad", "GET", scenarioProd+"/setups/"+x.setUp, "", http.StatusOK)); u.SetUp.State != "standing_by" || !u.Verdict.Go {
		t.Fatalf("after standing by: %s, %+v", u.SetUp.State, u.Verdict)
	}
}

// rule returns the hazard's own rule n: Code-n.
func (x *hazardRun) rule(n int) gate.RuleID { return gate.RuleID(fmt.Sprintf("%s-%d", x.h.Code, n)) }

func (x *hazardRun) state() string { return scenarioProd + "/setups/" + x.setUp + "/state" }

// plan adds the people the hazard needs and a medic, each with a PIN, a
// location, and today's set-up there with the hazard.
func (x *hazardRun) plan() {
	add := func(name string, role setsafe.Role, account string) string {
		body, _ := json.Marshal(sshttp.PersonRequest{Name: name, Roles: []setsafe.Role{role}, AccountID: account})
		id := decode[sshttp.PersonResult](x.t, x.call("producer", "POST", scenarioProd+"/people", string(body), http.StatusCreated)).Person.ID
		x.call("producer", "PUT", scenarioProd+"/people/"+id+"/pin", `{"pin":"`+scenarioPIN+`"}`, http.StatusOK)
		return id
	}
	for _, p := range x.sc.people {
		account := ""
		if p.records {
			account = x.ts.ids["account:outsider"]
		}
		x.ids[p.name] = add(p.name, p.role, account)
	}
	x.ids[scenarioMedic] = add(scenarioMedic, setsafe.RoleMedic, "")
	x.location = decode[sshttp.RecordedResult](x.t, x.call("location_manager", "POST", scenarioProd+"/locations",
		`{"name":"Where the `+x.h.Name+` are","address":"County Road 33"}`, http.StatusCreated)).ID
	x.scene = "Scene 40: " + x.h.Name
	x.setUp = decode[sshttp.RecordedResult](x.t, x.call("first_ad", "POST", scenarioProd+"/setups",
		`{"scene":"40","name":"`+x.scene+`","hazards":["`+x.sc.hazard+`"],"location_id":"`+x.location+`"}`, http.StatusCreated)).ID
}

// scenarioMedic is the medic's name.
const scenarioMedic = "Sam Bandage"

// steps returns the reasons the set-up is NO-GO for at first, and the
// steps that record each missing piece in turn: check-ins and licences,
// the medic, permissions, preparations, the meeting and its attendance.
func (x *hazardRun) steps() (missing []reasonWanted, steps []scenarioStep) {
	checkIn := func(name string) func() {
		return func() {
			x.call("first_ad", "POST", scenarioProd+"/checkins", `{"person_id":"`+x.ids[name]+`","pin":"`+scenarioPIN+`"}`, http.StatusOK)
		}
	}
	var attendance []reasonWanted
	for _, p := range x.sc.people {
		w := reasonWanted{x.rule(1), p.missing}
		missing = append(missing, w)
		st := scenarioStep{name: "check in " + p.name, do: checkIn(p.name), clears: []reasonWanted{w}}
		if p.licence == "" {
			steps = append(steps, st)
		} else {
			// On set without the licence, then with it.
			st.brings = []reasonWanted{{x.rule(1), "holds a current " + p.licence + " licence"}}
			steps = append(steps, st, scenarioStep{name: "record " + p.name + "'s licence", clears: st.brings, do: func() {
				x.call("safety_coordinator", "POST", scenarioProd+"/people/"+x.ids[p.name]+"/permits",
					`{"kind":"`+p.licence+`","number":"L-1234","issuer":"State of New Mexico","expires":"2030-12-31"}`, http.StatusCreated)
			}})
		}
		attendance = append(attendance, reasonWanted{gate.HZ1, p.name + ", on set as"})
	}
	w := reasonWanted{gate.MD1, "no medic is checked in"}
	missing = append(missing, w)
	steps = append(steps, scenarioStep{name: "check in the medic", do: checkIn(scenarioMedic), clears: []reasonWanted{w}})

	// The latest record of a permission decides: a refusal's reason
	// stands in for the missing permission's until a grant.
	var standing reasonWanted
	for _, p := range x.sc.permissions {
		body := strings.ReplaceAll(p.body, "LOCATION", x.location)
		path := scenarioProd + "/permissions"
		if p.refused {
			path += "/refusals"
		}
		if p.missing != "" {
			standing = reasonWanted{x.rule(2), p.missing}
			missing = append(missing, standing)
		}
		st := scenarioStep{name: "record " + body, clears: []reasonWanted{standing}, do: func() {
			x.call("location_manager", "POST", path, body, http.StatusCreated)
		}}
		if p.refused {
			standing = reasonWanted{x.rule(2), p.says}
			st.brings = []reasonWanted{standing}
		}
		steps = append(steps, st)
	}

	for _, p := range x.sc.preparations {
		w := reasonWanted{x.rule(3), p.missing}
		missing = append(missing, w)
		steps = append(steps, scenarioStep{name: "record " + p.body, clears: []reasonWanted{w}, do: func() { x.prepare(p) }})
	}

	w = reasonWanted{gate.HZ1, "has not covered"}
	missing = append(missing, w)
	var meeting string
	steps = append(steps, scenarioStep{name: "hold the meeting", clears: []reasonWanted{w}, brings: attendance, do: func() {
		topics, _ := json.Marshal(gate.TopicIDs(x.sc.hazard, nil))
		meeting = decode[sshttp.RecordedResult](x.t, x.call("first_ad", "POST", scenarioProd+"/meetings",
			`{"hazards":["`+x.sc.hazard+`"],"covered_topics":`+string(topics)+`,"walk_through":true}`, http.StatusCreated)).ID
	}})
	for i, p := range x.sc.people {
		steps = append(steps, scenarioStep{name: p.name + " confirms attending", clears: attendance[i : i+1], do: func() {
			x.call("first_ad", "POST", scenarioProd+"/meetings/"+meeting+"/attendance", `{"person_id":"`+x.ids[p.name]+`","pin":"`+scenarioPIN+`"}`, http.StatusOK)
		}})
	}
	return missing, steps
}

// prepare records a preparation as the person who records them, after
// attaching its document if it takes one.
func (x *hazardRun) prepare(p scenarioPreparation) {
	now := x.ts.env.Clock.Now()
	body := strings.NewReplacer("NOW-1h", now.Add(-time.Hour).Format(time.RFC3339), "NOW+1h", now.Add(time.Hour).Format(time.RFC3339)).Replace(p.body)
	if p.document {
		status, _, answer := postBody(x.t, x.ts, "outsider", scenarioProd+"/setups/"+x.setUp+"/documents", "application/pdf", certificate)
		if status != http.StatusCreated {
			x.t.Fatalf("the document: %d %s", status, answer)
		}
		body = strings.ReplaceAll(body, "FILE", decode[sshttp.RecordedResult](x.t, []byte(answer)).ID)
	}
	x.call("outsider", "POST", scenarioProd+"/setups/"+x.setUp+"/preparations", body, http.StatusCreated)
}

// stopped raises a critical concern naming the hazard, the set-up or its
// location, which stops the set-up until the safety coordinator decides
// to proceed; then a stop-work at its location, until lifted.
func (x *hazardRun) stopped() {
	concern := map[string]struct{ names, says string }{
		"hazard":   {`"hazard":"` + x.sc.hazard + `"`, "A critical concern about " + x.h.Name + " has been open"},
		"setup":    {`"setup_id":"` + x.setUp + `"`, "A critical concern about " + x.scene + " has been open"},
		"location": {`"location_id":"` + x.location + `"`, "A critical concern about where " + x.scene + " is shot"},
	}[x.sc.concern]
	id := decode[sshttp.RecordedResult](x.t, x.call("crew", "POST", scenarioProd+"/concerns",
		`{"category":"other","severity":"critical",`+concern.names+`,"description":"Something looks wrong","mode":"named"}`, http.StatusCreated)).ID
	stopped := []reasonWanted{{gate.WS3, concern.says}}
	x.verdict("with the critical concern", stopped)
	x.refused("with the critical concern", stopped)
	x.call("safety_coordinator", "POST", scenarioProd+"/concerns/"+id+"/decision", `{"decision":"proceed","reason":"Checked and made safe"}`, http.StatusOK)
	x.verdict("after the decision to proceed", nil)

	id = decode[sshttp.RecordedResult](x.t, x.call("crew", "POST", scenarioProd+"/stop-works",
		`{"scope":"location","location_id":"`+x.location+`","reason":"Gas smell"}`, http.StatusCreated)).ID
	stopped = []reasonWanted{{gate.WS4, "called a stop-work (Gas smell)"}}
	x.verdict("with the stop-work at its location", stopped)
	x.refused("with the stop-work at its location", stopped)
	x.call("safety_coordinator", "POST", scenarioProd+"/stop-works/"+id+"/lift", `{"resolution":"Leak fixed, air checked"}`, http.StatusOK)
	x.verdict("after the stop-work is lifted", nil)
}

// verdict checks today's board: GO when nothing is wanted, otherwise
// NO-GO with the reasons wanted; the set-up read alone says the same.
func (x *hazardRun) verdict(when string, wanted []reasonWanted) {
	x.t.Helper()
	day := decode[sshttp.DayView](x.t, x.call("first_ad", "GET", scenarioProd+"/today", "", http.StatusOK))
	i := slices.IndexFunc(day.SetUps, func(v sshttp.SetUpView) bool { return v.SetUp.ID == x.setUp })
	if i < 0 {
		x.t.Fatalf("%s: today's board does not show the set-up: %+v", when, day.SetUps)
	}
	v := day.SetUps[i].Verdict
	if v.Go != (len(wanted) == 0) {
		x.t.Fatalf("%s: GO is %v, want %v: %+v", when, v.Go, len(wanted) == 0, v.Reasons)
	}
	x.reasons(when, v.Reasons, wanted)
	one := decode[sshttp.SetUpView](x.t, x.call("first_ad", "GET", scenarioProd+"/setups/"+x.setUp, "", http.StatusOK)).Verdict
	if one.Go != v.Go || len(one.Reasons) != len(v.Reasons) {
		x.t.Fatalf("%s: the set-up read alone says %+v, the board %+v", when, one, v)
	}
}

// refused checks that the 1st AD may not stand the set-up by, for the
// reasons wanted, and that the refusal is recorded.
func (x *hazardRun) refused(when string, wanted []reasonWanted) {
	x.t.Helper()
	var rules []string
	for _, w := range wanted {
		rules = append(rules, string(w.rule))
	}
	r := &rustSet{t: x.t, ts: x.ts, prod: scenarioProd}
	e := errorOf(x.t, r.refused(x.t, "first_ad", "POST", x.state(), `{"state":"standing_by"}`, rules...))
	var said []gate.Reason
	for _, f := range e.Rules {
		said = append(said, gate.Reason{Rule: gate.RuleID(f.ID), Message: f.Message})
	}
	x.reasons(when+", standing by", said, wanted)
}

// reasons checks that what the gate said names each reason wanted and
// none besides.
func (x *hazardRun) reasons(when string, said []gate.Reason, wanted []reasonWanted) {
	x.t.Helper()
	for _, w := range wanted {
		if !slices.ContainsFunc(said, w.matches) {
			x.t.Errorf("%s: no %s reason says %q: %+v", when, w.rule, w.says, said)
		}
	}
	for _, got := range said {
		if !slices.ContainsFunc(wanted, func(w reasonWanted) bool { return w.matches(got) }) {
			x.t.Errorf("%s: a reason not wanted: %s %s", when, got.Rule, got.Message)
		}
	}
	if x.t.Failed() {
		x.t.FailNow()
	}
}
