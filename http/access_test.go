package http_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
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
		"safety_coordinator", "stunt_coordinator", "department_head", "cast", "crew", "investigator"}
	siteAdmin       = allow{"site_admin"}
	crewManagers    = allow{"producer", "unit_production_manager", "first_ad", "site_admin"}
	roleGranters    = allow{"producer", "unit_production_manager", "site_admin"}
	ledgerReaders   = allow{"producer", "unit_production_manager", "safety_coordinator", "investigator"}
	armoryReaders   = allow{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer", "assistant_armorer", "property_master", "investigator"}
	armorers        = allow{"armorer", "assistant_armorer"}
	safetyManagers  = allow{"producer", "unit_production_manager", "safety_coordinator"}
	concernHandlers = allow{"producer", "unit_production_manager", "safety_coordinator", "department_head"}
	meetingRunners  = allow{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer"}
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
// asks (a role not held, a person who left).
func TestAccessMatrix(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			target, acct, tok := ts.ids["target"], ts.ids["target-account"], ts.ids["target-token"]
			person := "/api/v1/productions/red-mesa/people/" + target
			firearm := "/api/v1/productions/red-mesa/firearms/" + ts.ids["firearm"]
			const fa = "/api/v1/productions/{production}/firearms/{firearm}"
			// leaver is, for each actor, a producer of its own to try to
			// remove: a removal can only be tried once.
			leaver := map[string]string{}
			for _, actor := range actors() {
				leaver[actor] = setsafe.NewID()
				storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: leaver[actor],
					Roles: []setsafe.Role{setsafe.RoleProducer}, PersonDetails: setsafe.PersonDetails{Name: "Leaver " + actor}}))
			}
			rows := []struct {
				route, method, path, body string
				allow                     allow
			}{
				{"/api/v1/openapi.json", "GET", "/api/v1/openapi.json", "", public},
				{"/api/v1/setup", "POST", "/api/v1/setup", `{"token":"x","email":"a@example.com","name":"A","password":"long enough password"}`, public},
				{"/api/v1/session", "POST", "/api/v1/session", `{"email":"outsider@example.com","password":"password-of-outsider"}`, public},
				{"/api/v1/session", "GET", "/api/v1/session", "", signedIn},
				{"/api/v1/session", "DELETE", "/api/v1/session", "", public},
				{"/api/v1/accounts", "GET", "/api/v1/accounts", "", siteAdmin},
				{"/api/v1/accounts", "POST", "/api/v1/accounts", `{"email":"new@example.com","name":"New Person"}`, siteAdmin},
				{"/api/v1/accounts/{account}", "GET", "/api/v1/accounts/" + acct, "", siteAdmin},
				{"/api/v1/accounts/{account}", "PATCH", "/api/v1/accounts/" + acct, `{"email":"target@example.com","name":"Target Account"}`, siteAdmin},
				{"/api/v1/accounts/{account}/password", "PUT", "/api/v1/accounts/" + acct + "/password", `{"password":"a brand new password"}`, siteAdmin},
				{"/api/v1/accounts/{account}/disable", "POST", "/api/v1/accounts/" + acct + "/disable", `{"reason":"left the company"}`, siteAdmin},
				{"/api/v1/accounts/{account}/enable", "POST", "/api/v1/accounts/" + acct + "/enable", "", siteAdmin},
				{"/api/v1/accounts/{account}/site-admin", "PUT", "/api/v1/accounts/" + acct + "/site-admin", `{"admin":false,"reason":"none"}`, siteAdmin},
				{"/api/v1/tokens", "GET", "/api/v1/tokens", "", signedIn},
				{"/api/v1/tokens", "POST", "/api/v1/tokens", `{"name":"script"}`, signedIn},
				{"/api/v1/tokens/{token}/revoke", "POST", "/api/v1/tokens/" + tok + "/revoke", "", siteAdmin},
				{"/api/v1/productions", "GET", "/api/v1/productions", "", signedIn},
				{"/api/v1/productions", "POST", "/api/v1/productions", `{"id":"dust-devil","name":"Dust Devil","time_zone":"America/Denver"}`, siteAdmin},
				{"/api/v1/productions/{production}", "GET", "/api/v1/productions/red-mesa", "", plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}", "PATCH", "/api/v1/productions/red-mesa", `{"name":"Red Mesa","location":"Galisteo","time_zone":"America/Denver"}`, allow{"producer", "unit_production_manager"}},
				{"/api/v1/productions/{production}/people", "GET", "/api/v1/productions/red-mesa/people", "", plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}/people", "POST", "/api/v1/productions/red-mesa/people", `{"name":"Day Player"}`, crewManagers},
				{"/api/v1/productions/{production}/people/{person}", "GET", person, "", plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}/people/{person}", "PATCH", person, `{"name":"Target Person","department":"Grip"}`, crewManagers},
				// Linking and unlinking decide whose the person's roles are.
				{"/api/v1/productions/{production}/people/{person}/account", "PUT", person + "/account", `{"account_id":"` + acct + `"}`, roleGranters},
				{"/api/v1/productions/{production}/people/{person}/account", "DELETE", person + "/account", "", roleGranters},
				{"/api/v1/productions/{production}/people/{person}/pin", "PUT", person + "/pin", `{"pin":"2580"}`, crewManagers},
				{"/api/v1/productions/{production}/people/{person}/roles", "POST", person + "/roles", `{"role":"crew"}`, roleGranters},
				{"/api/v1/productions/{production}/people/{person}/roles", "POST", person + "/roles", `{"role":"producer"}`, allow{"producer", "site_admin"}},
				{"/api/v1/productions/{production}/people/{person}/roles/{role}/revoke", "POST", person + "/roles/cast/revoke", `{"reason":"recast"}`, roleGranters},
				{"/api/v1/productions/{production}/people/{person}/roles/{role}/revoke", "POST", person + "/roles/investigator/revoke", `{"reason":"x"}`, allow{"producer", "site_admin"}},
				{"/api/v1/ledgers/{ledger}/entries", "GET", "/api/v1/ledgers/red-mesa/entries", "", ledgerReaders},
				{"/api/v1/ledgers/{ledger}/entries/{seq}", "GET", "/api/v1/ledgers/red-mesa/entries/1", "", ledgerReaders},
				{"/api/v1/ledgers/{ledger}/checkpoint", "GET", "/api/v1/ledgers/red-mesa/checkpoint", "", ledgerReaders},
				{"/api/v1/ledgers/{ledger}/checkpoint", "POST", "/api/v1/ledgers/red-mesa/checkpoint", "", ledgerReaders},
				{"/api/v1/ledgers/{ledger}/proof/inclusion", "GET", "/api/v1/ledgers/red-mesa/proof/inclusion?seq=1", "", ledgerReaders},
				{"/api/v1/ledgers/{ledger}/proof/consistency", "GET", "/api/v1/ledgers/red-mesa/proof/consistency?from=1", "", ledgerReaders},
				{"/api/v1/ledgers/{ledger}/entries", "GET", "/api/v1/ledgers/site/entries", "", siteAdmin},
				{"/api/v1/ledgers/{ledger}/checkpoint", "GET", "/api/v1/ledgers/site/checkpoint", "", siteAdmin},
				{"/api/v1/verifier-key", "GET", "/api/v1/verifier-key", "", signedIn},
				// Each actor tries to remove a producer of its own: only a
				// producer (or a site administrator) may end that role.
				{"/api/v1/productions/{production}/people/{person}/leave", "POST", "leaver", `{"reason":"wrapped"}`, allow{"producer", "site_admin"}},
				// Firearm actions are open to everyone on the production: the
				// gate, not the role, refuses them (409), and records why.
				{"/api/v1/productions/{production}/armory", "GET", "/api/v1/productions/red-mesa/armory", "", armoryReaders},
				{"/api/v1/productions/{production}/firearms", "POST", "/api/v1/productions/red-mesa/firearms",
					`{"make":"Colt","model":"SAA","serial":"9","kind":"blank_firing","calibre":".45 Colt","chambers":6,"owner":"PDQ","store":"truck"}`, anyRole},
				// The check takes the same input as the action: someone who is
				// not on the crew list cannot act, so cannot ask either.
				{fa + "/check", "POST", firearm + "/check", `{"action":"handover","to":"` + target + `"}`, anyRole},
				{fa + "/unsecure", "POST", firearm + "/unsecure", "", anyRole},
				{fa + "/history", "GET", firearm + "/history", "", armoryReaders},
				{"/api/v1/productions/{production}/labels", "GET", "/api/v1/productions/red-mesa/labels?for=lots", "", armoryReaders},
				{"/api/v1/productions/{production}/ammo-lots/{lot}/history", "GET", "/api/v1/productions/red-mesa/ammo-lots/" + ts.ids["lot"] + "/history", "", armoryReaders},
				{fa + "/secure", "POST", firearm + "/secure", `{"store":"truck"}`, armorers},
				{fa + "/inspect", "POST", firearm + "/inspect", `{"bore_clear":true,"functions":true,"condition":"Good"}`, armorers},
				{fa + "/handover", "POST", firearm + "/handover", `{"to":"` + target + `","pin":"2580"}`, anyRole},
				{fa + "/load", "POST", firearm + "/load", `{"lot_id":"` + ts.ids["lot"] + `","rounds":6}`, anyRole},
				{fa + "/unload", "POST", firearm + "/unload", `{"fired":0}`, armorers},
				{fa + "/show-clear", "POST", firearm + "/show-clear", `{"all_chambers":true,"witnesses":[]}`, armorers},
				{"/api/v1/productions/{production}/ammo-lots", "POST", "/api/v1/productions/red-mesa/ammo-lots",
					`{"label":"B-9","kind":"blank","calibre":".45 Colt","source":"PDQ","headstamp":"PDQ","count":10}`, anyRole},
				{"/api/v1/productions/{production}/ammo-lots/{lot}/verify-inert", "POST", "/api/v1/productions/red-mesa/ammo-lots/" + ts.ids["lot"] + "/verify-inert",
					`{"method":"rattle","checked":50}`, armorers},
				{"/api/v1/productions/{production}/safety", "PUT", "/api/v1/productions/red-mesa/safety", `{"profile":"us"}`, safetyManagers},
				{"/api/v1/productions/{production}/safety/compliance-contact", "PUT", "/api/v1/productions/red-mesa/safety/compliance-contact",
					`{"person_id":"` + target + `"}`, safetyManagers},
				{"/api/v1/productions/{production}/people/{person}/trainings", "POST", person + "/trainings",
					`{"course":"Firearm safety","provider":"CSATF","firearms":true,"completed":"2026-01-10"}`, safetyManagers},
				{"/api/v1/productions/{production}/people/{person}/permits", "POST", person + "/permits",
					`{"kind":"armorer","number":"X-1","issuer":"State","expires":"2030-01-01"}`, safetyManagers},
				{"/api/v1/productions/{production}/meetings", "POST", "/api/v1/productions/red-mesa/meetings", `{"topics":["Firearms"],"walk_through":true}`, meetingRunners},
				{"/api/v1/productions/{production}/meetings/{meeting}/attendance", "POST", "/api/v1/productions/red-mesa/meetings/" + setsafe.NewID() + "/attendance",
					`{"person_id":"` + target + `","pin":"2580"}`, meetingRunners},
				{"/api/v1/productions/{production}/concerns", "POST", "/api/v1/productions/red-mesa/concerns", `{"category":"other","severity":"normal","description":"Loose cable","mode":"named"}`, anyRole},
				{"/api/v1/productions/{production}/concerns", "GET", "/api/v1/productions/red-mesa/concerns", "", plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}/concerns/{concern}", "GET", "/api/v1/productions/red-mesa/concerns/" + setsafe.NewID(), "", plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}/concerns/{concern}/move", "POST", "/api/v1/productions/red-mesa/concerns/" + setsafe.NewID() + "/move", `{"state":"acknowledged"}`, concernHandlers},
				{"/api/v1/productions/{production}/concerns/{concern}/answers", "POST", "/api/v1/productions/red-mesa/concerns/" + setsafe.NewID() + "/answers", `{"text":"On it"}`, concernHandlers},
				{"/api/v1/productions/{production}/concerns/{concern}/replies", "POST", "/api/v1/productions/red-mesa/concerns/" + setsafe.NewID() + "/replies", `{"text":"Thanks"}`, plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}/concerns/{concern}/photos/{file}", "GET", "/api/v1/productions/red-mesa/concerns/" + setsafe.NewID() + "/photos/abc", "", plus(anyRole, "site_admin")},
				{"/api/v1/report/{production}/challenge", "GET", "/api/v1/report/red-mesa/challenge", "", public},
				{"/api/v1/report/{production}/concerns", "POST", "/api/v1/report/red-mesa/concerns", `{"category":"other","severity":"normal","description":"x"}`, public},
				{"/api/v1/report/{production}/receipt", "POST", "/api/v1/report/red-mesa/receipt", `{"code":"0000 0000 0000 0000 0000"}`, public},
				{"/api/v1/report/{production}/receipt/replies", "POST", "/api/v1/report/red-mesa/receipt/replies", `{"code":"0000 0000 0000 0000 0000","text":"x"}`, public},
				{"/api/v1/productions/{production}/today", "GET", "/api/v1/productions/red-mesa/today", "", plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}/setups", "POST", "/api/v1/productions/red-mesa/setups", `{"scene":"42","name":"Scene 42","hazards":["firearms"]}`, meetingRunners},
				{"/api/v1/productions/{production}/setups/{setup}/shot-plan", "PUT", "/api/v1/productions/red-mesa/setups/" + setsafe.NewID() + "/shot-plan", `{"shields":true}`, armorers},
				{"/api/v1/productions/{production}/setups/{setup}/start", "POST", "/api/v1/productions/red-mesa/setups/" + setsafe.NewID() + "/start", "", meetingRunners},
				{"/api/v1/productions/{production}/stop-works", "POST", "/api/v1/productions/red-mesa/stop-works", `{"scope":"hazard","hazard":"water","reason":"no safety divers"}`, anyRole},
				{"/api/v1/productions/{production}/stop-works/{stopwork}/lift", "POST", "/api/v1/productions/red-mesa/stop-works/" + setsafe.NewID() + "/lift", `{"resolution":"divers here"}`, allow{"producer", "safety_coordinator"}},
				{"/api/v1/productions/{production}/firearms/{firearm}/discharges", "POST", firearm + "/discharges", `{"kind":"misfire","description":"no report"}`, anyRole},
				{"/api/v1/productions/{production}/discharges/{discharge}/investigation", "POST", "/api/v1/productions/red-mesa/discharges/" + setsafe.NewID() + "/investigation",
					`{"findings":"spring","corrective_action":"replaced"}`, safetyManagers},
				{fa + "/return-to-service", "POST", firearm + "/return-to-service", `{"bore_clear":true}`, armorers},
				// Only the compliance contact and producers sign the review.
				{"/api/v1/productions/{production}/review-signoffs", "POST", "/api/v1/productions/red-mesa/review-signoffs", `{"note":"reviewed"}`, allow{"producer"}},
				{"/api/v1/productions/{production}/reconciliations", "POST", "/api/v1/productions/red-mesa/reconciliations", `{"counts":[]}`, armorers},
				{"/api/v1/productions/{production}/discrepancies/{discrepancy}/resolve", "POST", "/api/v1/productions/red-mesa/discrepancies/" + setsafe.NewID() + "/resolve",
					`{"resolution":"found"}`, safetyManagers},
				{"/api/v1/productions/{production}/live-rounds", "POST", "/api/v1/productions/red-mesa/live-rounds", `{"description":"does not rattle"}`, anyRole},
				{"/api/v1/productions/{production}/live-rounds/{report}/clear", "POST", "/api/v1/productions/red-mesa/live-rounds/" + setsafe.NewID() + "/clear",
					`{"verified_by":"` + target + `","pin":"2580"}`, armorers},
				{fa + "/out-of-service", "POST", firearm + "/out-of-service", `{"reason":"cylinder binds"}`, armorers},
				{fa + "/return-to-owner", "POST", firearm + "/return-to-owner", `{"note":"wrap"}`, armorers},
				{"/api/v1/productions/{production}/ammo-lots/{lot}/return", "POST", "/api/v1/productions/red-mesa/ammo-lots/" + ts.ids["lot"] + "/return", `{"count":1}`, armorers},
				{"/api/v1/productions/{production}/ammo-lots/{lot}/destroy", "POST", "/api/v1/productions/red-mesa/ammo-lots/" + ts.ids["lot"] + "/destroy",
					`{"count":1,"method":"disassembled","witness":"` + target + `","pin":"2580"}`, armorers},
				// Files are sent as they are; these calls send JSON, which is
				// refused (400) once past authorization.
				{fa, "GET", firearm, "", armoryReaders},
				{fa + "/photos", "POST", firearm + "/photos", `{}`, armorers},
				{"/api/v1/productions/{production}/trainings/{training}/evidence", "POST", "/api/v1/productions/red-mesa/trainings/" + setsafe.NewID() + "/evidence", `{}`, safetyManagers},
				{"/api/v1/productions/{production}/permits/{permit}/evidence", "POST", "/api/v1/productions/red-mesa/permits/" + setsafe.NewID() + "/evidence", `{}`, safetyManagers},
				{"/api/v1/productions/{production}/files/{file}", "GET", "/api/v1/productions/red-mesa/files/" + strings.Repeat("0", 64), "", armoryReaders},
				{"/api/v1/productions/{production}/escalation", "GET", "/api/v1/productions/red-mesa/escalation", "", allow{"producer", "unit_production_manager", "safety_coordinator", "department_head", "investigator"}},
				{"/api/v1/productions/{production}/escalation", "PUT", "/api/v1/productions/red-mesa/escalation", `{"clocks":[{"severity":"high","acknowledge_minutes":60,"resolve_minutes":600}]}`, safetyManagers},
				{"/api/v1/productions/{production}/surge", "GET", "/api/v1/productions/red-mesa/surge", "", safetyManagers},
				{"/api/v1/productions/{production}/escalation/webhook-secret", "PUT", "/api/v1/productions/red-mesa/escalation/webhook-secret", `{"rung":"union_representative"}`, safetyManagers},
				{"/api/v1/productions/{production}/notifications", "GET", "/api/v1/productions/red-mesa/notifications", "", plus(anyRole, "site_admin")},
				{"/api/v1/productions/{production}/notifications/deliveries", "GET", "/api/v1/productions/red-mesa/notifications/deliveries", "", allow{"producer", "unit_production_manager", "safety_coordinator", "department_head", "investigator"}},
				{"/healthz", "GET", "/healthz", "", public},
				{"/metrics", "GET", "/metrics", "", public},
			}

			covered := map[string]bool{}
			for _, row := range rows {
				covered[row.method+" "+row.route] = true
				for _, actor := range actors() {
					path := row.path
					if path == "leaver" {
						path = "/api/v1/productions/red-mesa/people/" + leaver[actor] + "/leave"
					}
					status, body := ts.call(t, actor, row.method, path, row.body)
					denied := status == http.StatusUnauthorized || status == http.StatusForbidden
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
			for path, item := range ts.srv.OpenAPI()["paths"].(map[string]any) {
				for method := range item.(map[string]any) {
					if key := strings.ToUpper(method) + " " + path; !covered[key] {
						t.Errorf("endpoint %s is not in the access matrix", key)
					}
				}
			}
		})
	}
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
