package http_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestPermissionsThroughTheAPI records a location, a railroad set-up
// there, the railroad's refusal of track access and its later grant with
// the document, and checks that the set-up is NO-GO on RR-2 while refused
// and not once granted, and that bad input names its field.
func TestPermissionsThroughTheAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			lamy := decode[sshttp.RecordedResult](t, call("location_manager", "POST", prod+"/locations", `{"name":"Lamy siding","address":"County Road 33"}`, http.StatusCreated)).ID
			call("cast", "POST", prod+"/locations", `{"name":"Elsewhere"}`, http.StatusForbidden)
			locs := decode[sshttp.LocationsView](t, call("cast", "GET", prod+"/locations", "", http.StatusOK))
			if len(locs.Locations) != 1 || locs.Locations[0].Name != "Lamy siding" {
				t.Fatalf("locations: %+v", locs.Locations)
			}
			train := decode[sshttp.RecordedResult](t, call("first_ad", "POST", prod+"/setups",
				`{"scene":"31","name":"Scene 31: the train","hazards":["railroad"],"location_id":"`+lamy+`"}`, http.StatusCreated)).ID
			cab := decode[sshttp.RecordedResult](t, call("first_ad", "POST", prod+"/setups", `{"scene":"32","name":"Scene 32: the cab","hazards":["railroad"]}`, http.StatusCreated)).ID
			call("first_ad", "POST", prod+"/setups/"+cab+"/location", `{"location_id":"`+lamy+`"}`, http.StatusOK)
			if u := decode[sshttp.SetUpView](t, call("cast", "GET", prod+"/setups/"+cab, "", http.StatusOK)); u.LocationID != lamy {
				t.Fatalf("the cab is at %q", u.LocationID)
			}
			rr2 := func(setup string) []string {
				v := decode[sshttp.SetUpView](t, call("cast", "GET", prod+"/setups/"+setup, "", http.StatusOK)).Verdict
				var out []string
				for _, r := range v.Reasons {
					if r.Rule == "RR-2" {
						out = append(out, r.Message)
					}
				}
				return out
			}

			for _, bad := range []struct{ body, field string }{
				{`{"kind":"rail","issuer":"SFS","valid_until":"2040-01-01","location_id":"` + lamy + `"}`, "kind"},
				{`{"kind":"track_access","issuer":"SFS","valid_until":"2040-01-01"}`, "setup_ids"},
				{`{"kind":"track_access","issuer":"SFS","valid_until":"2040-01-01","setup_ids":["nope"]}`, "setup_ids"},
				{`{"kind":"track_access","issuer":"SFS","valid_until":"2040-01-01","location_id":"nope"}`, "location_id"},
				{`{"kind":"track_access","issuer":"SFS","valid_from":"2040-01-02","valid_until":"2040-01-01","location_id":"` + lamy + `"}`, "valid_until"},
			} {
				if e := errorOf(t, call("location_manager", "POST", prod+"/permissions", bad.body, http.StatusBadRequest)); e.Fields[bad.field] == "" {
					t.Errorf("%s: the refusal names no %s: %+v", bad.body, bad.field, e)
				}
			}
			call("first_ad", "POST", prod+"/permissions", `{"kind":"track_access","issuer":"SFS","valid_until":"2040-01-01","location_id":"`+lamy+`"}`, http.StatusForbidden)
			if e := errorOf(t, call("safety_coordinator", "POST", prod+"/permissions/refusals", `{"kind":"track_access","issuer":"SFS","location_id":"`+lamy+`"}`, http.StatusBadRequest)); e.Fields["reason"] == "" {
				t.Errorf("a refusal without its reason: %+v", e)
			}

			refusal := decode[sshttp.RecordedResult](t, call("location_manager", "POST", prod+"/permissions/refusals",
				`{"kind":"track_access","issuer":"Santa Fe Southern Railway","reason":"Freight traffic that week","location_id":"`+lamy+`"}`, http.StatusCreated)).ID
			if got := rr2(train); len(got) != 1 || !strings.Contains(got[0], "Santa Fe Southern Railway refused") || !strings.Contains(got[0], "Freight traffic that week") {
				t.Fatalf("refused: RR-2 says %q", got)
			}
			grant := decode[sshttp.RecordedResult](t, call("location_manager", "POST", prod+"/permissions",
				`{"kind":"track_access","issuer":"Santa Fe Southern Railway","reference":"SFS-114","valid_from":"2020-01-01","valid_until":"2040-01-01","setup_ids":["`+train+`"],"area":"Mile 3 to 4"}`, http.StatusCreated)).ID
			if got := rr2(train); len(got) != 0 {
				t.Fatalf("granted after the refusal: RR-2 says %q", got)
			}
			if got := rr2(cab); len(got) != 1 {
				t.Fatalf("the grant names the train only, yet the cab's RR-2 says %q", got)
			}

			status, _, answer := postBody(t, ts, "location_manager", prod+"/permissions/"+grant+"/document", "application/pdf", certificate)
			if status != http.StatusCreated {
				t.Fatalf("the document: %d %s", status, answer)
			}
			resp, stored := download(t, ts, "cast", prod+"/permissions/"+grant+"/document")
			if resp.StatusCode != http.StatusOK || string(stored) != certificate {
				t.Fatalf("the document served: %d %q", resp.StatusCode, stored)
			}

			list := decode[sshttp.PermissionsView](t, call("cast", "GET", prod+"/permissions", "", http.StatusOK))
			states := []string{}
			for _, p := range list.Permissions {
				states = append(states, p.ID+" "+p.State)
			}
			if !slices.Equal(states, []string{refusal + " refused", grant + " in_force"}) || len(list.Kinds) != len(gate.PermissionKinds) {
				t.Fatalf("the list: %v, %d kinds", states, len(list.Kinds))
			}
			one := decode[sshttp.PermissionView](t, call("cast", "GET", prod+"/permissions/"+grant, "", http.StatusOK))
			if !slices.Equal(one.SetUpIDs, []string{train}) || one.File == "" || one.Reference != "SFS-114" || one.KindName == "" {
				t.Fatalf("the grant: %+v", one)
			}

			call("location_manager", "POST", prod+"/permissions/"+grant+"/withdraw", `{"reason":"Recorded against the wrong siding"}`, http.StatusOK)
			if got := rr2(train); len(got) != 1 || !strings.Contains(got[0], "refused") {
				t.Fatalf("the grant withdrawn: RR-2 says %q", got)
			}
			if p := decode[sshttp.PermissionView](t, call("cast", "GET", prod+"/permissions/"+grant, "", http.StatusOK)); p.State != "withdrawn" {
				t.Fatalf("withdrawn grant: %s", p.State)
			}
			call("cast", "GET", prod+"/permissions/nope", "", http.StatusNotFound)
		})
	}
}
