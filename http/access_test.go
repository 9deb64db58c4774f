package http_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/storagetest"
)

// actors are everyone the access matrix tries: each production role, a site
// administrator, an account with no role, and nobody.
func actors() []string {
	out := []string{"", "outsider", "site_admin"}
	for _, r := range setsafe.Roles {
		out = append(out, string(r))
	}
	return out
}

type allow []string

var (
	public   = allow{"*"}
	signedIn = allow{"+"}
	anyRole  = allow{"producer", "unit_production_manager", "first_ad", "armorer", "assistant_armorer", "property_master",
		"safety_coordinator", "stunt_coordinator", "pyrotechnician", "special_effects", "fire_safety_officer", "precision_driver", "safety_diver", "rigger", "key_grip", "animal_handler", "animal_safety_representative", "railroad_representative", "aviation_coordinator", "drone_pilot", "medic", "location_manager", "department_head", "cast", "crew", "investigator"}
	// takesPart is every role but the read-only investigator, who records
	// nothing, not even a refused attempt.
	takesPart = allow{"producer", "unit_production_manager", "first_ad", "armorer", "assistant_armorer", "property_master",
		"safety_coordinator", "stunt_coordinator", "pyrotechnician", "special_effects", "fire_safety_officer", "precision_driver", "safety_diver", "rigger", "key_grip", "animal_handler", "animal_safety_representative", "railroad_representative", "aviation_coordinator", "drone_pilot", "medic", "location_manager", "department_head", "cast", "crew"}
	siteAdmin       = allow{"site_admin"}
	crewManagers    = allow{"producer", "unit_production_manager", "first_ad", "site_admin"}
	roleGranters    = allow{"producer", "unit_production_manager", "site_admin"}
	ledgerReaders   = allow{"producer", "unit_production_manager", "safety_coordinator", "investigator"}
	armoryReaders   = allow{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer", "assistant_armorer", "property_master", "investigator"}
	armorers        = allow{"armorer", "assistant_armorer"}
	safetyManagers  = allow{"producer", "unit_production_manager", "safety_coordinator"}
	concernHandlers = allow{"producer", "unit_production_manager", "safety_coordinator", "department_head"}
	meetingRunners  = allow{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer"}
	// permissionRecorders record the permissions hazards need and the
	// locations they cover.
	permissionRecorders = allow{"producer", "unit_production_manager", "safety_coordinator", "location_manager"}
	// incidentReaders read every incident of the production.
	// recordKeepers keep the injury and illness records.
	recordKeepers   = allow{"producer", "unit_production_manager", "safety_coordinator", "medic"}
	incidentReaders = allow{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer", "department_head", "medic", "investigator"}
)

func (a allow) has(actor string) bool {
	switch {
	case slices.Contains(a, "*"):
		return true
	case slices.Contains(a, "+"):
		return actor != ""
	}
	return slices.Contains(a, actor)
}

func plus(a allow, more ...string) allow { return append(slices.Clone(a), more...) }

// TestAccessMatrix calls every endpoint as every kind of actor and checks
// that exactly the expected ones get past authorization. "Past" means any
// answer but 401 and 403: an allowed call may still be refused for what it
// asks (a role not held, a person who left). A call that is not let past
// records nothing, and the read-only investigator is let past no call that
// records anything.
func TestAccessMatrix(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			// leaver is, for each actor, a producer of its own to try to
			// remove: a removal can only be tried once.
			leaver := map[string]string{}
			for _, actor := range actors() {
				leaver[actor] = setsafe.NewID()
				storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: leaver[actor],
					Roles: []setsafe.Role{setsafe.RoleProducer}, PersonDetails: setsafe.PersonDetails{Name: "Leaver " + actor}}))
			}
			rows := accessRows(ts.ids)
			covered := map[string]bool{}
			for _, row := range rows {
				covered[row.method+" "+row.route] = true
				if row.method != "GET" && !row.allow.has("") && row.allow.has("investigator") && !readOnlyMay[row.method+" "+row.route] {
					t.Errorf("%s %s records in the ledger, yet the read-only investigator may call it", row.method, row.route)
				}
				for _, actor := range actors() {
					path := row.path
					if path == "leaver" {
						path = "/api/v1/productions/red-mesa/people/" + leaver[actor] + "/leave"
					}
					before := ledgerSizes(t, ts)
					status, body := ts.call(t, actor, row.method, path, row.body)
					denied := status == http.StatusUnauthorized || status == http.StatusForbidden
					after := ledgerSizes(t, ts)
					if denied && after != before {
						t.Errorf("%s %s as %s was denied (%d) but the ledgers grew from %v to %v", row.method, path, actor, status, before, after)
					}
					// The read-only investigator records nothing in the
					// production, whatever the table says: a checkpoint
					// signed at their asking is no entry.
					if actor == "investigator" && row.method != "GET" && after[1] != before[1] {
						t.Errorf("%s %s as the read-only investigator (%d): the production's ledger grew from %d to %d entries", row.method, path, status, before[1], after[1])
					}
					if want := row.allow.has(actor); denied == want {
						who := actor
						if who == "" {
							who = "nobody"
						}
						t.Errorf("%s %s as %s: status %d, want allowed=%v: %s", row.method, path, who, status, want, compact(body))
					}
					if status >= 500 {
						t.Errorf("%s %s as %s: status %d: %s", row.method, row.path, actor, status, compact(body))
					}
				}
			}
			// Every documented endpoint is in the matrix.
			for path, item := range api.OpenAPI("dev")["paths"].(map[string]any) {
				for method := range item.(map[string]any) {
					if key := strings.ToUpper(method) + " " + path; !covered[key] {
						t.Errorf("endpoint %s is not in the access matrix", key)
					}
				}
			}
		})
	}
}

// accessRow is one call of the access matrix and who may make it.
type accessRow struct {
	route, method, path, body string
	allow                     allow
	// note tells calls of the same route apart in docs/access.md.
	note string
}

func may(route, method, path, body string, a allow, note ...string) accessRow {
	return accessRow{route: route, method: method, path: path, body: body, allow: a, note: strings.Join(note, "")}
}

// accessRows is the access matrix: every endpoint, called on the seeded
// production with the IDs of its target person, account and token, its
// firearm and its lot. docs/access.md is written from it.
func accessRows(ids map[string]string) []accessRow {
	target, acct, tok := ids["target"], ids["target-account"], ids["target-token"]
	person := "/api/v1/productions/red-mesa/people/" + target
	firearm := "/api/v1/productions/red-mesa/firearms/" + ids["firearm"]
	const fa = "/api/v1/productions/{production}/firearms/{firearm}"
	lot := ids["lot"]
	const incidentRoute, actionRoute = "/api/v1/productions/{production}/incidents/{incident}", "/api/v1/productions/{production}/corrective-actions/{action}"
	incidentPath, actionPath := "/api/v1/productions/red-mesa/incidents/"+setsafe.NewID(), "/api/v1/productions/red-mesa/corrective-actions/"+setsafe.NewID()
	return []accessRow{
		may("/api/v1/openapi.json", "GET", "/api/v1/openapi.json", "", public, ""),
		may("/api/v1/problems/{code}", "GET", "/api/v1/problems/refused", "", public),
		may("/api/v1/setup", "POST", "/api/v1/setup", `{"token":"x","email":"a@example.com","name":"A","password":"long enough password"}`, public),
		may("/api/v1/session", "POST", "/api/v1/session", `{"email":"outsider@example.com","password":"password-of-outsider"}`, public),
		may("/api/v1/session", "GET", "/api/v1/session", "", signedIn),
		may("/api/v1/session", "DELETE", "/api/v1/session", "", public),
		may("/api/v1/accounts", "GET", "/api/v1/accounts", "", siteAdmin),
		may("/api/v1/accounts", "POST", "/api/v1/accounts", `{"email":"new@example.com","name":"New Person"}`, siteAdmin),
		may("/api/v1/accounts/{account}", "GET", "/api/v1/accounts/"+acct, "", siteAdmin, "another's; everyone reads their own"),
		may("/api/v1/accounts/{account}", "PATCH", "/api/v1/accounts/"+acct, `{"email":"target@example.com","name":"Target Account"}`, siteAdmin, "another's; everyone changes their own"),
		may("/api/v1/accounts/{account}/password", "PUT", "/api/v1/accounts/"+acct+"/password", `{"password":"a brand new password"}`, siteAdmin, "another's; everyone sets their own"),
		may("/api/v1/accounts/{account}/disable", "POST", "/api/v1/accounts/"+acct+"/disable", `{"reason":"left the company"}`, siteAdmin),
		may("/api/v1/accounts/{account}/enable", "POST", "/api/v1/accounts/"+acct+"/enable", "", siteAdmin),
		may("/api/v1/accounts/{account}/site-admin", "PUT", "/api/v1/accounts/"+acct+"/site-admin", `{"admin":false,"reason":"none"}`, siteAdmin),
		may("/api/v1/tokens", "GET", "/api/v1/tokens", "", signedIn),
		may("/api/v1/tokens", "POST", "/api/v1/tokens", `{"name":"script"}`, signedIn),
		may("/api/v1/tokens/{token}/revoke", "POST", "/api/v1/tokens/"+tok+"/revoke", "", siteAdmin, "another's; everyone revokes their own"),
		may("/api/v1/tokens/{token}", "GET", "/api/v1/tokens/"+tok, "", siteAdmin, "another's; everyone reads their own"),
		may("/api/v1/productions", "GET", "/api/v1/productions", "", signedIn),
		may("/api/v1/productions", "POST", "/api/v1/productions", `{"id":"dust-devil","name":"Dust Devil","time_zone":"America/Denver"}`, siteAdmin),
		may("/api/v1/productions/{production}", "GET", "/api/v1/productions/red-mesa", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}", "PATCH", "/api/v1/productions/red-mesa", `{"name":"Red Mesa","location":"Galisteo","time_zone":"America/Denver"}`, allow{"producer", "unit_production_manager"}),
		may("/api/v1/productions/{production}/people", "GET", "/api/v1/productions/red-mesa/people", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/people", "POST", "/api/v1/productions/red-mesa/people", `{"name":"Day Player"}`, crewManagers),
		may("/api/v1/productions/{production}/crew-list/preview", "POST", "/api/v1/productions/red-mesa/crew-list/preview", `{"file":"TmFtZQpEYXkgUGxheWVyCg=="}`, crewManagers),
		may("/api/v1/productions/{production}/crew-list/import", "POST", "/api/v1/productions/red-mesa/crew-list/import", `{"file":"TmFtZQpEYXkgUGxheWVyCg=="}`, crewManagers, "people added with roles only by those who may grant roles"),
		may("/api/v1/productions/{production}/people/{person}", "GET", person, "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/people/{person}", "PATCH", person, `{"name":"Target Person","department":"Grip"}`, crewManagers),
		// Linking and unlinking decide whose the person's roles are.
		may("/api/v1/productions/{production}/people/{person}/account", "PUT", person+"/account", `{"account_id":"`+acct+`"}`, roleGranters),
		may("/api/v1/productions/{production}/people/{person}/account", "DELETE", person+"/account", "", roleGranters),
		may("/api/v1/productions/{production}/people/{person}/pin", "PUT", person+"/pin", `{"pin":"2580"}`, crewManagers),
		may("/api/v1/productions/{production}/people/{person}/roles", "POST", person+"/roles", `{"role":"crew"}`, roleGranters, "any role but producer and investigator"),
		may("/api/v1/productions/{production}/people/{person}/roles", "POST", person+"/roles", `{"role":"producer"}`, allow{"producer", "site_admin"}, "the role producer or investigator"),
		may("/api/v1/productions/{production}/people/{person}/roles/{role}/revoke", "POST", person+"/roles/cast/revoke", `{"reason":"recast"}`, roleGranters, "any role but producer and investigator"),
		may("/api/v1/productions/{production}/people/{person}/roles/{role}/revoke", "POST", person+"/roles/investigator/revoke", `{"reason":"x"}`, allow{"producer", "site_admin"}, "the role producer or investigator"),
		may("/api/v1/productions/{production}/people/{person}/title-duties/set-aside", "POST", person+"/title-duties/set-aside", `{"job_title":"","reason":"the props are someone else's"}`, roleGranters),
		may("/api/v1/ledgers/{ledger}/entries", "GET", "/api/v1/ledgers/red-mesa/entries", "", ledgerReaders, "a production's ledger"),
		may("/api/v1/ledgers/{ledger}/entries/{seq}", "GET", "/api/v1/ledgers/red-mesa/entries/1", "", ledgerReaders),
		may("/api/v1/ledgers/{ledger}/checkpoint", "GET", "/api/v1/ledgers/red-mesa/checkpoint", "", ledgerReaders, "a production's ledger"),
		may("/api/v1/ledgers/{ledger}/checkpoint", "POST", "/api/v1/ledgers/red-mesa/checkpoint", "", ledgerReaders),
		may("/api/v1/ledgers/{ledger}/proof/inclusion", "GET", "/api/v1/ledgers/red-mesa/proof/inclusion?seq=1", "", ledgerReaders),
		may("/api/v1/ledgers/{ledger}/proof/consistency", "GET", "/api/v1/ledgers/red-mesa/proof/consistency?from=1", "", ledgerReaders),
		may("/api/v1/ledgers/{ledger}/entries", "GET", "/api/v1/ledgers/site/entries", "", siteAdmin, "the site's ledger"),
		may("/api/v1/ledgers/{ledger}/checkpoint", "GET", "/api/v1/ledgers/site/checkpoint", "", siteAdmin, "the site's ledger"),
		may("/api/v1/verifier-key", "GET", "/api/v1/verifier-key", "", signedIn),
		// Each actor tries to remove a producer of its own: only a
		// producer (or a site administrator) may end that role.
		may("/api/v1/productions/{production}/people/{person}/leave", "POST", "leaver", `{"reason":"wrapped"}`, allow{"producer", "site_admin"}),
		// Firearm actions are open to everyone who takes part in the
		// production: the gate, not the role, refuses them (409), and
		// records why.
		may("/api/v1/productions/{production}/armory", "GET", "/api/v1/productions/red-mesa/armory", "", armoryReaders),
		may("/api/v1/productions/{production}/firearms", "POST", "/api/v1/productions/red-mesa/firearms",
			`{"make":"Colt","model":"SAA","serial":"9","kind":"blank_firing","calibre":".45 Colt","chambers":6,"owner":"PDQ","store":"truck"}`, takesPart),
		// The check takes the same input as the action: someone who
		// cannot act (not on the crew list, or only reading) cannot
		// ask either.
		may(fa+"/check", "POST", firearm+"/check", `{"action":"handover","to":"`+target+`"}`, takesPart),
		may(fa+"/unsecure", "POST", firearm+"/unsecure", "", takesPart),
		may(fa+"/history", "GET", firearm+"/history", "", armoryReaders),
		may("/api/v1/productions/{production}/labels", "GET", "/api/v1/productions/red-mesa/labels?for=lots", "", armoryReaders),
		may("/api/v1/productions/{production}/ammo-lots/{lot}/history", "GET", "/api/v1/productions/red-mesa/ammo-lots/"+lot+"/history", "", armoryReaders),
		may("/api/v1/productions/{production}/ammo-lots/{lot}", "GET", "/api/v1/productions/red-mesa/ammo-lots/"+lot, "", armoryReaders),
		may(fa+"/secure", "POST", firearm+"/secure", `{"store":"truck"}`, armorers),
		may(fa+"/inspect", "POST", firearm+"/inspect", `{"bore_clear":true,"functions":true,"condition":"Good"}`, armorers),
		may(fa+"/handover", "POST", firearm+"/handover", `{"to":"`+target+`","giver_pin":"2580","receiver_pin":"2580"}`, takesPart),
		may(fa+"/load", "POST", firearm+"/load", `{"lot_id":"`+lot+`","rounds":6}`, takesPart),
		may(fa+"/unload", "POST", firearm+"/unload", `{"fired":0}`, armorers),
		may(fa+"/show-clear", "POST", firearm+"/show-clear", `{"all_chambers":true,"witnesses":[]}`, armorers),
		may("/api/v1/productions/{production}/ammo-lots", "POST", "/api/v1/productions/red-mesa/ammo-lots",
			`{"label":"B-9","kind":"blank","calibre":".45 Colt","source":"PDQ","headstamp":"PDQ","count":10}`, takesPart),
		may("/api/v1/productions/{production}/ammo-lots/{lot}/verify-inert", "POST", "/api/v1/productions/red-mesa/ammo-lots/"+lot+"/verify-inert",
			`{"methods":["rattle"],"checked":50,"witness":{"person_id":"`+target+`","pin":"2580"}}`, armorers),
		// An armorer's duty is their own; in an emergency a producer or a
		// site administrator ends it. Left without PINs, a handover gets
		// past authorization to the gate, which refuses it (FA-3).
		may("/api/v1/productions/{production}/duty/start", "POST", "/api/v1/productions/red-mesa/duty/start", "", armorers),
		may("/api/v1/productions/{production}/duty/handover", "POST", "/api/v1/productions/red-mesa/duty/handover", `{"to":"`+target+`"}`, armorers),
		may("/api/v1/productions/{production}/duty/end", "POST", "/api/v1/productions/red-mesa/duty/end", `{"reason":"Lunch"}`, armorers),
		may("/api/v1/productions/{production}/duty/end", "POST", "/api/v1/productions/red-mesa/duty/end",
			`{"person_id":"`+ids["armorer"]+`","emergency":true,"reason":"Taken ill"}`, allow{"producer", "site_admin"}, "in an emergency"),
		may("/api/v1/productions/{production}/safety", "PUT", "/api/v1/productions/red-mesa/safety", `{"profile":"us"}`, safetyManagers),
		may("/api/v1/productions/{production}/safety/compliance-contact", "PUT", "/api/v1/productions/red-mesa/safety/compliance-contact",
			`{"person_id":"`+target+`"}`, safetyManagers),
		may("/api/v1/productions/{production}/people/{person}/trainings", "POST", person+"/trainings",
			`{"course":"Firearm safety","provider":"CSATF","firearms":true,"completed":"2021-10-10"}`, safetyManagers),
		may("/api/v1/productions/{production}/people/{person}/permits", "POST", person+"/permits",
			`{"kind":"armorer","number":"X-1","issuer":"State","expires":"2030-01-01"}`, safetyManagers),
		may("/api/v1/productions/{production}/meetings", "POST", "/api/v1/productions/red-mesa/meetings", `{"topics":["Firearms"],"walk_through":true}`, meetingRunners),
		may("/api/v1/productions/{production}/meetings/{meeting}", "GET", "/api/v1/productions/red-mesa/meetings/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/trainings/{training}", "GET", "/api/v1/productions/red-mesa/trainings/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/permits/{permit}", "GET", "/api/v1/productions/red-mesa/permits/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/meetings/{meeting}/attendance", "POST", "/api/v1/productions/red-mesa/meetings/"+setsafe.NewID()+"/attendance",
			`{"person_id":"`+target+`","pin":"2580"}`, meetingRunners, "another's, with their PIN; all but the investigator confirm their own"),
		may("/api/v1/productions/{production}/concerns", "POST", "/api/v1/productions/red-mesa/concerns", `{"category":"other","severity":"normal","description":"Loose cable","mode":"named"}`, takesPart),
		may("/api/v1/productions/{production}/concerns", "GET", "/api/v1/productions/red-mesa/concerns", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/concerns/{concern}", "GET", "/api/v1/productions/red-mesa/concerns/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/concerns/{concern}/move", "POST", "/api/v1/productions/red-mesa/concerns/"+setsafe.NewID()+"/move", `{"state":"acknowledged"}`, concernHandlers),
		may("/api/v1/productions/{production}/concerns/{concern}/triage", "POST", "/api/v1/productions/red-mesa/concerns/"+setsafe.NewID()+"/triage", `{"triage":"founded"}`, allow{"producer", "safety_coordinator"}),
		may("/api/v1/productions/{production}/concerns/{concern}/decision", "POST", "/api/v1/productions/red-mesa/concerns/"+setsafe.NewID()+"/decision", `{"decision":"proceed","reason":"Rail up"}`, allow{"producer", "safety_coordinator"}),
		may("/api/v1/productions/{production}/concerns/{concern}/answers", "POST", "/api/v1/productions/red-mesa/concerns/"+setsafe.NewID()+"/answers", `{"text":"On it"}`, concernHandlers),
		may("/api/v1/productions/{production}/concerns/{concern}/replies", "POST", "/api/v1/productions/red-mesa/concerns/"+setsafe.NewID()+"/replies", `{"text":"Thanks"}`, takesPart),
		may("/api/v1/productions/{production}/concerns/{concern}/photos/{file}", "GET", "/api/v1/productions/red-mesa/concerns/"+setsafe.NewID()+"/photos/abc", "", plus(anyRole, "site_admin")),
		may("/api/v1/report/{production}/challenge", "GET", "/api/v1/report/red-mesa/challenge", "", public),
		may("/api/v1/report/{production}/concerns", "POST", "/api/v1/report/red-mesa/concerns", `{"category":"other","severity":"normal","description":"x"}`, public),
		may("/api/v1/report/{production}/receipt", "POST", "/api/v1/report/red-mesa/receipt", `{"code":"0000 0000 0000 0000 0000"}`, public),
		may("/api/v1/report/{production}/receipt/replies", "POST", "/api/v1/report/red-mesa/receipt/replies", `{"code":"0000 0000 0000 0000 0000","text":"x"}`, public),
		may("/api/v1/productions/{production}/today", "GET", "/api/v1/productions/red-mesa/today", "", plus(anyRole, "site_admin")),
		// The daily safety report is a digest of the ledger's entries of
		// a day: for those who read the ledger.
		may("/api/v1/productions/{production}/days/{day}/safety-report", "GET", "/api/v1/productions/red-mesa/days/2020-01-06/safety-report", "", ledgerReaders),
		may("/api/v1/productions/{production}/days/{day}/safety-report.pdf", "GET", "/api/v1/productions/red-mesa/days/2020-01-06/safety-report.pdf", "", ledgerReaders),
		may("/api/v1/productions/{production}/attestations", "GET", "/api/v1/productions/red-mesa/attestations", "", ledgerReaders),
		may("/api/v1/productions/{production}/attestations/preview", "GET", "/api/v1/productions/red-mesa/attestations/preview?from=2020-01-01&to=2020-01-02", "", ledgerReaders),
		may("/api/v1/productions/{production}/attestations", "POST", "/api/v1/productions/red-mesa/attestations", `{"from":"2020-01-01","to":"2020-01-02"}`, allow{"producer", "safety_coordinator"}),
		may("/api/v1/productions/{production}/attestations/{attestation}", "GET", "/api/v1/productions/red-mesa/attestations/"+setsafe.NewID(), "", ledgerReaders),
		may("/api/v1/productions/{production}/setups", "POST", "/api/v1/productions/red-mesa/setups", `{"scene":"42","name":"Scene 42","hazards":["firearms"]}`, meetingRunners),
		may("/api/v1/productions/{production}/setups/{setup}", "GET", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/setups/{setup}/shot-plan", "PUT", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID()+"/shot-plan", `{"shields":true}`, armorers),
		may("/api/v1/productions/{production}/setups/{setup}/start", "POST", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID()+"/start", "", meetingRunners),
		may("/api/v1/productions/{production}/setups/{setup}/state", "POST", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID()+"/state", `{"state":"rolling"}`, meetingRunners),
		may("/api/v1/productions/{production}/setups/{setup}/preparations", "POST", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID()+"/preparations",
			`{"kind":"track_window","ready":true,"window_from":"2021-10-21T14:00","window_until":"2021-10-21T16:00","confirmed_by":"Ortiz"}`, allow{"railroad_representative"}, "a track window"),
		may("/api/v1/productions/{production}/setups/{setup}/preparations", "GET", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID()+"/preparations", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/setups/{setup}/documents", "POST", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID()+"/documents", `{}`,
			plus(safetyManagers, "stunt_coordinator", "pyrotechnician", "special_effects", "safety_diver")),
		may("/api/v1/productions/{production}/alerts", "GET", "/api/v1/productions/red-mesa/alerts", "", armoryReaders),
		may("/api/v1/productions/{production}/alerts/{alert}", "GET", "/api/v1/productions/red-mesa/alerts/"+setsafe.NewID(), "", armoryReaders),
		may("/api/v1/productions/{production}/alerts/{alert}/acknowledge", "POST", "/api/v1/productions/red-mesa/alerts/"+setsafe.NewID()+"/acknowledge", `{"reason":"on my way"}`,
			allow{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer", "assistant_armorer"}),
		may("/api/v1/productions/{production}/checkins", "POST", "/api/v1/productions/red-mesa/checkins",
			`{"person_id":"`+target+`","pin":"2580"}`, meetingRunners, "another's, with their PIN; all but the investigator check themselves in"),
		may("/api/v1/productions/{production}/checkins/out", "POST", "/api/v1/productions/red-mesa/checkins/out",
			`{"person_id":"`+target+`"}`, meetingRunners, "another's; all but the investigator check themselves out"),
		may("/api/v1/productions/{production}/on-site", "GET", "/api/v1/productions/red-mesa/on-site", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/stop-works", "POST", "/api/v1/productions/red-mesa/stop-works", `{"scope":"hazard","hazard":"water","reason":"no safety divers"}`, takesPart),
		may("/api/v1/productions/{production}/stop-works/{stopwork}", "GET", "/api/v1/productions/red-mesa/stop-works/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/stop-works/{stopwork}/lift", "POST", "/api/v1/productions/red-mesa/stop-works/"+setsafe.NewID()+"/lift", `{"resolution":"divers here"}`, allow{"producer", "safety_coordinator"}),
		may("/api/v1/productions/{production}/firearms/{firearm}/discharges", "POST", firearm+"/discharges", `{"kind":"misfire","description":"no report"}`, takesPart),
		may("/api/v1/productions/{production}/discharges/{discharge}", "GET", "/api/v1/productions/red-mesa/discharges/"+setsafe.NewID(), "", armoryReaders,
			"another's; whoever reported one reads it"),
		may("/api/v1/productions/{production}/discharges/{discharge}/investigation", "POST", "/api/v1/productions/red-mesa/discharges/"+setsafe.NewID()+"/investigation",
			`{"findings":"spring","corrective_action":"replaced"}`, safetyManagers),
		may(fa+"/return-to-service", "POST", firearm+"/return-to-service", `{"bore_clear":true}`, armorers),
		// Only the compliance contact and producers sign the review.
		may("/api/v1/productions/{production}/review-signoffs", "POST", "/api/v1/productions/red-mesa/review-signoffs", `{"note":"reviewed"}`, allow{"producer"}),
		may("/api/v1/productions/{production}/reconciliations", "POST", "/api/v1/productions/red-mesa/reconciliations", `{"counts":[]}`, armorers),
		may("/api/v1/productions/{production}/reconciliations/{reconciliation}", "GET", "/api/v1/productions/red-mesa/reconciliations/1", "", armoryReaders),
		may("/api/v1/productions/{production}/discrepancies/{discrepancy}/resolve", "POST", "/api/v1/productions/red-mesa/discrepancies/"+setsafe.NewID()+"/resolve",
			`{"resolution":"found"}`, safetyManagers),
		may("/api/v1/productions/{production}/live-rounds", "POST", "/api/v1/productions/red-mesa/live-rounds", `{"description":"does not rattle"}`, takesPart),
		may("/api/v1/productions/{production}/live-rounds/{report}", "GET", "/api/v1/productions/red-mesa/live-rounds/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/live-rounds/{report}/clear", "POST", "/api/v1/productions/red-mesa/live-rounds/"+setsafe.NewID()+"/clear",
			`{"verified_by":"`+target+`","pin":"2580"}`, armorers),
		may(fa+"/out-of-service", "POST", firearm+"/out-of-service", `{"reason":"cylinder binds"}`, armorers),
		may(fa+"/return-to-owner", "POST", firearm+"/return-to-owner", `{"note":"wrap"}`, armorers),
		may("/api/v1/productions/{production}/ammo-lots/{lot}/return", "POST", "/api/v1/productions/red-mesa/ammo-lots/"+lot+"/return", `{"count":1}`, armorers),
		may("/api/v1/productions/{production}/ammo-lots/{lot}/destroy", "POST", "/api/v1/productions/red-mesa/ammo-lots/"+lot+"/destroy",
			`{"count":1,"method":"disassembled","witness":"`+target+`","pin":"2580"}`, armorers),
		// Files are sent as they are; these calls send JSON, which is
		// refused (400) once past authorization.
		may(fa, "GET", firearm, "", armoryReaders),
		may(fa+"/photos", "POST", firearm+"/photos", `{}`, armorers),
		may("/api/v1/productions/{production}/trainings/{training}/evidence", "POST", "/api/v1/productions/red-mesa/trainings/"+setsafe.NewID()+"/evidence", `{}`, safetyManagers),
		may("/api/v1/productions/{production}/permits/{permit}/evidence", "POST", "/api/v1/productions/red-mesa/permits/"+setsafe.NewID()+"/evidence", `{}`, safetyManagers),
		may("/api/v1/productions/{production}/locations", "GET", "/api/v1/productions/red-mesa/locations", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/locations", "POST", "/api/v1/productions/red-mesa/locations", `{"name":"Lamy siding"}`, permissionRecorders),
		may("/api/v1/productions/{production}/locations/{location}", "GET", "/api/v1/productions/red-mesa/locations/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/setups/{setup}/location", "POST", "/api/v1/productions/red-mesa/setups/"+setsafe.NewID()+"/location", `{"location_id":"x"}`, meetingRunners),
		may("/api/v1/productions/{production}/permissions", "GET", "/api/v1/productions/red-mesa/permissions", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/permissions", "POST", "/api/v1/productions/red-mesa/permissions", `{"kind":"track_access","issuer":"BNSF","valid_until":"2030-01-01"}`, permissionRecorders),
		may("/api/v1/productions/{production}/permissions/refusals", "POST", "/api/v1/productions/red-mesa/permissions/refusals", `{"kind":"track_access","issuer":"BNSF","reason":"No"}`, permissionRecorders),
		may("/api/v1/productions/{production}/permissions/{permission}", "GET", "/api/v1/productions/red-mesa/permissions/"+setsafe.NewID(), "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/permissions/{permission}/withdraw", "POST", "/api/v1/productions/red-mesa/permissions/"+setsafe.NewID()+"/withdraw", `{"reason":"Mistake"}`, permissionRecorders),
		may("/api/v1/productions/{production}/permissions/{permission}/document", "POST", "/api/v1/productions/red-mesa/permissions/"+setsafe.NewID()+"/document", `{}`, permissionRecorders),
		may("/api/v1/productions/{production}/permissions/{permission}/document", "GET", "/api/v1/productions/red-mesa/permissions/"+setsafe.NewID()+"/document", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/files/{file}", "GET", "/api/v1/productions/red-mesa/files/"+strings.Repeat("0", 64), "", armoryReaders),
		may("/api/v1/productions/{production}/escalation", "GET", "/api/v1/productions/red-mesa/escalation", "", allow{"producer", "unit_production_manager", "safety_coordinator", "department_head", "investigator"}),
		may("/api/v1/productions/{production}/escalation", "PUT", "/api/v1/productions/red-mesa/escalation", `{"clocks":[{"severity":"high","acknowledge_minutes":60,"resolve_minutes":600}]}`, safetyManagers),
		may("/api/v1/productions/{production}/surge", "GET", "/api/v1/productions/red-mesa/surge", "", safetyManagers),
		may("/api/v1/productions/{production}/escalation/webhook-secret", "PUT", "/api/v1/productions/red-mesa/escalation/webhook-secret", `{"rung":"union_representative"}`, safetyManagers),
		may("/api/v1/productions/{production}/notifications", "GET", "/api/v1/productions/red-mesa/notifications", "", plus(anyRole, "site_admin")),
		may("/api/v1/productions/{production}/notifications/deliveries", "GET", "/api/v1/productions/red-mesa/notifications/deliveries", "", allow{"producer", "unit_production_manager", "safety_coordinator", "department_head", "investigator"}),
		// The incident register, on an incident and an action that do not
		// exist: one that does is answered 404 to who may not read it, as
		// if it did not.
		may("/api/v1/productions/{production}/incidents", "GET", "/api/v1/productions/red-mesa/incidents", "", plus(anyRole, "site_admin"), "each sees what they may read"),
		may("/api/v1/productions/{production}/incidents/export.csv", "GET", "/api/v1/productions/red-mesa/incidents/export.csv", "", incidentReaders),
		may("/api/v1/productions/{production}/incidents", "POST", "/api/v1/productions/red-mesa/incidents", `{"kind":"near_miss"}`, takesPart),
		may(incidentRoute, "GET", incidentPath, "", plus(anyRole, "site_admin"), "one they may read"),
		may(incidentRoute+"/correction", "POST", incidentPath+"/correction", `{"reason":"x"}`, takesPart, "its reporter, its investigator, or an investigating role"),
		may(incidentRoute+"/concerns", "POST", incidentPath+"/concerns", `{"concern_id":"x"}`, safetyManagers),
		may(incidentRoute+"/evidence", "POST", incidentPath+"/evidence", `{}`, takesPart, "its reporter, its investigator, or an investigating role"),
		may(incidentRoute+"/evidence/{file}", "GET", incidentPath+"/evidence/"+strings.Repeat("0", 64), "", plus(anyRole, "site_admin"), "of one they may read"),
		may(incidentRoute+"/timeline", "GET", incidentPath+"/timeline", "", plus(anyRole, "site_admin"), "of one they may read, if they read the ledger"),
		may(incidentRoute+"/investigator", "POST", incidentPath+"/investigator", `{"investigator":"x"}`, safetyManagers),
		may(incidentRoute+"/factors", "POST", incidentPath+"/factors", `{"category":"people","description":"x"}`, safetyManagers, "or its investigator"),
		may(incidentRoute+"/conclusion", "POST", incidentPath+"/conclusion", `{"root_cause":"x"}`, safetyManagers, "or its investigator"),
		may(incidentRoute+"/sign-off", "POST", incidentPath+"/sign-off", `{"capacity":"safety_coordinator"}`, allow{"safety_coordinator"}, "as safety coordinator"),
		may(incidentRoute+"/sign-off", "POST", incidentPath+"/sign-off", `{"capacity":"producer"}`, allow{"producer", "unit_production_manager"}, "as producer"),
		may(incidentRoute+"/actions", "POST", incidentPath+"/actions", `{"what":"x","owner":"x","due":"2030-01-01"}`, safetyManagers, "or its investigator"),
		may("/api/v1/productions/{production}/corrective-actions", "GET", "/api/v1/productions/red-mesa/corrective-actions", "", plus(anyRole, "site_admin"), "each sees what they may read"),
		may("/api/v1/productions/{production}/corrective-actions/export.csv", "GET", "/api/v1/productions/red-mesa/corrective-actions/export.csv", "", incidentReaders),
		may(actionRoute, "GET", actionPath, "", plus(anyRole, "site_admin"), "one they may read"),
		may("/api/v1/productions/{production}/patterns", "GET", "/api/v1/productions/red-mesa/patterns", "", incidentReaders),
		may("/api/v1/productions/{production}/patterns/export.csv", "GET", "/api/v1/productions/red-mesa/patterns/export.csv", "", incidentReaders),
		may("/api/v1/productions/{production}/patterns/{pattern}/acknowledge", "POST", "/api/v1/productions/red-mesa/patterns/"+setsafe.NewID()+"/acknowledge", `{"reason":"x"}`, safetyManagers),
		may("/api/v1/productions/{production}/patterns/{pattern}/sign-off", "POST", "/api/v1/productions/red-mesa/patterns/"+setsafe.NewID()+"/sign-off", `{"capacity":"safety_coordinator","note":"x"}`, allow{"safety_coordinator"}, "as safety coordinator"),
		may("/api/v1/productions/{production}/patterns/{pattern}/sign-off", "POST", "/api/v1/productions/red-mesa/patterns/"+setsafe.NewID()+"/sign-off", `{"capacity":"producer","note":"x"}`, allow{"producer", "unit_production_manager"}, "as producer"),
		may(actionRoute+"/done", "POST", actionPath+"/done", `{"note":"x"}`, safetyManagers, "or its owner"),
		may(actionRoute+"/check", "POST", actionPath+"/check", `{"worked":true}`, safetyManagers),
		// Injury and illness records: the forms need an establishment, which
		// the seeded production has not set (409 once past authorization).
		may("/api/v1/productions/{production}/establishment", "GET", "/api/v1/productions/red-mesa/establishment", "", incidentReaders),
		may("/api/v1/productions/{production}/establishment", "PUT", "/api/v1/productions/red-mesa/establishment", `{"name":"x"}`, recordKeepers),
		may("/api/v1/productions/{production}/establishment/years/{year}", "PUT", "/api/v1/productions/red-mesa/establishment/years/2026", `{"annual_average_employees":0}`, recordKeepers),
		may(incidentRoute+"/injury-cases", "POST", incidentPath+"/injury-cases", `{"employee":"x","injury":"x","case_type":"injury"}`, recordKeepers),
		may("/api/v1/productions/{production}/injury-cases/{case}", "GET", "/api/v1/productions/red-mesa/injury-cases/"+setsafe.NewID(), "", recordKeepers),
		may("/api/v1/productions/{production}/injury-cases/{case}/correction", "POST", "/api/v1/productions/red-mesa/injury-cases/"+setsafe.NewID()+"/correction", `{"reason":"x"}`, recordKeepers),
		may("/api/v1/productions/{production}/injury-records/{year}/log", "GET", "/api/v1/productions/red-mesa/injury-records/2026/log", "", incidentReaders),
		may("/api/v1/productions/{production}/injury-records/{year}/300.pdf", "GET", "/api/v1/productions/red-mesa/injury-records/2026/300.pdf", "", incidentReaders),
		may("/api/v1/productions/{production}/injury-records/{year}/300a.pdf", "GET", "/api/v1/productions/red-mesa/injury-records/2026/300a.pdf", "", incidentReaders),
		may("/api/v1/productions/{production}/injury-records/{year}/301.pdf", "GET", "/api/v1/productions/red-mesa/injury-records/2026/301.pdf", "", recordKeepers),
		may("/api/v1/productions/{production}/injury-records/{year}/ita-summary.csv", "GET", "/api/v1/productions/red-mesa/injury-records/2026/ita-summary.csv", "", recordKeepers),
		may("/api/v1/productions/{production}/injury-records/{year}/ita-cases.csv", "GET", "/api/v1/productions/red-mesa/injury-records/2026/ita-cases.csv", "", recordKeepers),
		may("/api/v1/productions/{production}/dashboard", "GET", "/api/v1/productions/red-mesa/dashboard?days=7", "", incidentReaders),
		// The studio's view is for accounts a site administrator granted
		// it, which no actor here holds.
		may("/api/v1/studio", "GET", "/api/v1/studio", "", allow{}, "granted studio views only"),
		may("/api/v1/studio/export.csv", "GET", "/api/v1/studio/export.csv", "", allow{}, "granted studio views only"),
		may("/api/v1/accounts/{account}/studio-access", "GET", "/api/v1/accounts/"+acct+"/studio-access", "", siteAdmin),
		may("/api/v1/accounts/{account}/studio-access", "PUT", "/api/v1/accounts/"+acct+"/studio-access", `{"capacity":"insurer","productions":["red-mesa"]}`, siteAdmin),
		may("/api/v1/accounts/{account}/studio-access/revoke", "POST", "/api/v1/accounts/"+acct+"/studio-access/revoke", `{"reason":"Policy ended"}`, siteAdmin),
		may("/api/v1/productions/{production}/safety-report/recipients", "GET", "/api/v1/productions/red-mesa/safety-report/recipients", "", ledgerReaders),
		may("/api/v1/productions/{production}/safety-report/recipients", "PUT", "/api/v1/productions/red-mesa/safety-report/recipients", `{"rungs":["producer"]}`, safetyManagers),
		may("/api/v1/productions/{production}/witnesses", "GET", "/api/v1/productions/red-mesa/witnesses", "", ledgerReaders),
		may("/api/v1/productions/{production}/witnesses", "POST", "/api/v1/productions/red-mesa/witnesses",
			`{"url":"https://witness.union.example.org","key":"`+witnessKey+`"}`, safetyManagers),
		may("/api/v1/productions/{production}/witnesses/{witness}", "GET", "/api/v1/productions/red-mesa/witnesses/b2c3f672", "", ledgerReaders),
		may("/api/v1/productions/{production}/witness-quorum", "PUT", "/api/v1/productions/red-mesa/witness-quorum", `{"quorum":1}`, safetyManagers),
		may("/api/v1/productions/{production}/witness-copies", "PUT", "/api/v1/productions/red-mesa/witness-copies", `{"rungs":["studio_safety"]}`, safetyManagers),
		may("/api/v1/productions/{production}/witnesses/{witness}/refusal/acknowledge", "POST", "/api/v1/productions/red-mesa/witnesses/b2c3f672/refusal/acknowledge",
			`{"note":"Looking into it"}`, safetyManagers),
		may("/api/v1/productions/{production}/witnesses/{witness}/refusal/resolve", "POST", "/api/v1/productions/red-mesa/witnesses/b2c3f672/refusal/resolve",
			`{"note":"Nothing was rewritten"}`, safetyManagers),
		may("/api/v1/productions/{production}/witnesses/{witness}", "DELETE", "/api/v1/productions/red-mesa/witnesses/b2c3f672", "", safetyManagers),
		may("/api/v1/productions/{production}/checkpoints", "GET", "/api/v1/productions/red-mesa/checkpoints", "", ledgerReaders),
		may("/healthz", "GET", "/healthz", "", public),
		may("/readyz", "GET", "/readyz", "", public),
		may("/metrics", "GET", "/metrics", "", public),
	}
}

// witnessKey is a witness's cosignature verifier key, as a witness
// publishes it.
const witnessKey = "witness.union.example.org+b2c3f672+BAuFIkiFG48EbDC5gaiZafzMuNLvBEIeG6Ilx9HOmlfQ"

// readOnlyMay are the calls other than GET that the read-only
// investigator may make: none records anything in a production's ledger.
var readOnlyMay = map[string]bool{
	// A checkpoint is the server's signature over the ledger as it stands.
	"POST /api/v1/ledgers/{ledger}/checkpoint": true,
	// Their own account's API token, on the site's ledger: how an
	// investigator reads through the API.
	"POST /api/v1/tokens": true,
}

// ledgerSizes returns the sizes of the site's ledger and red-mesa's.
func ledgerSizes(t *testing.T, ts *testServer) [2]int64 {
	t.Helper()
	var out [2]int64
	for i, id := range []string{setsafe.SiteLedger, "red-mesa"} {
		n, err := ts.env.DB.LedgerSize(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = n
	}
	return out
}

// TestOwnAccount checks what account holders may do to their own account
// and no one else's.
func TestOwnAccount(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	own := "/api/v1/accounts/" + ts.ids["account:cast"]
	other := "/api/v1/accounts/" + ts.ids["account:crew"]
	tests := []struct {
		method, path, body string
		want               int
	}{
		{"GET", own, "", http.StatusOK},
		{"GET", other, "", http.StatusForbidden},
		{"PATCH", own, `{"name":"Jack B."}`, http.StatusOK},
		{"PATCH", other, `{"name":"X"}`, http.StatusForbidden},
		{"PUT", own + "/password", `{"password":"another long password"}`, http.StatusBadRequest},
		{"PUT", own + "/password", `{"password":"another long password","current_password":"wrong"}`, http.StatusBadRequest},
		{"PUT", own + "/password", `{"password":"another long password","current_password":"password-of-cast"}`, http.StatusOK},
		{"PUT", other + "/password", `{"password":"another long password","current_password":"password-of-cast"}`, http.StatusForbidden},
		{"POST", own + "/disable", `{"reason":"x"}`, http.StatusForbidden},
		{"PUT", "/api/v1/productions/red-mesa/people/" + ts.ids["cast"] + "/pin", `{"pin":"7391"}`, http.StatusOK},
		{"PUT", "/api/v1/productions/red-mesa/people/" + ts.ids["crew"] + "/pin", `{"pin":"7391"}`, http.StatusForbidden},
	}
	for _, tt := range tests {
		status, body := ts.call(t, "cast", tt.method, tt.path, tt.body)
		if status != tt.want {
			t.Errorf("%s %s: status %d, want %d: %s", tt.method, tt.path, status, tt.want, compact(body))
		}
	}
	// The person sees their own contact details; crew see nobody's.
	_, body := ts.call(t, "cast", "GET", "/api/v1/productions/red-mesa/people/"+ts.ids["cast"], "")
	if p := decode[map[string]any](t, body); p["email"] != "cast@example.com" {
		t.Errorf("own contact details hidden: %s", body)
	}
	_, body = ts.call(t, "crew", "GET", "/api/v1/productions/red-mesa/people/"+ts.ids["cast"], "")
	if p := decode[map[string]any](t, body); p["email"] != nil || p["phone"] != nil {
		t.Errorf("crew see another person's contact details: %s", body)
	}
	_, body = ts.call(t, "first_ad", "GET", "/api/v1/productions/red-mesa/people/"+ts.ids["cast"], "")
	if p := decode[map[string]any](t, body); p["phone"] != "+1 505 555 0100" {
		t.Errorf("the 1st AD cannot see contact details: %s", body)
	}
}

// TestChangeThatEndsAccess checks that a change which takes away the
// caller's right to see its subject still answers that it was recorded.
func TestChangeThatEndsAccess(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	me := "/api/v1/productions/red-mesa/people/" + ts.ids["unit_production_manager"]
	status, body := ts.call(t, "unit_production_manager", "DELETE", me+"/account", "")
	res := decode[sshttp.PersonResult](t, body)
	if status != http.StatusOK || len(res.Recorded) != 1 || res.Recorded[0].Type != "person.account_unlinked" || res.Person != nil {
		t.Fatalf("unlinking one's own account: %d %s", status, body)
	}
	if status, body := ts.call(t, "unit_production_manager", "GET", me, ""); status != http.StatusForbidden {
		t.Fatalf("after unlinking, the person is still visible: %d %s", status, body)
	}
}
