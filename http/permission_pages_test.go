package http_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestPermissionPages adds a location, plans a railroad set-up there on
// Today, records the railroad's refusal and then its permission with the
// document, and checks what the screen says each time, on both databases.
func TestPermissionPages(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			const prod = "/productions/red-mesa"
			const screen = prod + "/permissions"
			want := func(actor string, status int, got int, loc, body string, says ...string) {
				t.Helper()
				if got != status {
					t.Fatalf("as %s: status %d, want %d (%s): %.800s", actor, got, status, loc, body)
				}
				for _, s := range says {
					if !strings.Contains(body, s) {
						t.Errorf("as %s: the answer does not say %q", actor, s)
					}
				}
			}
			if status, body := page(t, ts, "cast", screen); status != http.StatusOK || strings.Contains(body, `id="grant"`) || strings.Contains(body, `id="add-location"`) {
				t.Fatalf("the cast's screen (%d) offers to record", status)
			}
			status, body := page(t, ts, "location_manager", screen)
			want("location_manager", http.StatusOK, status, "", body, `id="grant"`, `id="refuse"`, `id="add-location"`, "railroad&#39;s written permission for track access")

			status, loc, body := postForm(t, ts, "location_manager", screen+"/locations", url.Values{"name": {"Lamy siding"}, "address": {"County Road 33"}})
			want("location_manager", http.StatusSeeOther, status, loc, body)
			lamy := decode[sshttp.LocationsView](t, mustCall(t, ts, "cast", "GET", "/api/v1"+prod+"/locations")).Locations[0].ID

			status, body = page(t, ts, "first_ad", prod+"/today")
			want("first_ad", http.StatusOK, status, "", body, `name="location_id"`, "Lamy siding")
			status, loc, body = postForm(t, ts, "first_ad", prod+"/today/setups", url.Values{"scene": {"31"}, "name": {"Scene 31: the train"}, "hazards": {"railroad"}, "location_id": {lamy}})
			want("first_ad", http.StatusSeeOther, status, loc, body)
			board := dayBoard(t, ts)
			if len(board.SetUps) != 1 || board.SetUps[0].LocationID != lamy {
				t.Fatalf("the board: %+v", board.SetUps)
			}
			train := board.SetUps[0].ID

			status, body = page(t, ts, "cast", screen)
			want("cast", http.StatusOK, status, "", body, "Scene 31: the train", "No permission on record")

			status, loc, body = postForm(t, ts, "location_manager", screen+"/refusals", url.Values{"kind": {"track_access"}, "issuer": {"Santa Fe Southern Railway"},
				"reason": {"Freight traffic that week"}, "location_id": {lamy}})
			want("location_manager", http.StatusSeeOther, status, loc, body)
			status, body = page(t, ts, "cast", screen)
			want("cast", http.StatusOK, status, "", body, "refused by Santa Fe Southern Railway: Freight traffic that week")

			grant := func(fields map[string]string, document []byte) (int, string, string) {
				var buf bytes.Buffer
				mw := multipart.NewWriter(&buf)
				for _, k := range []string{"kind", "issuer", "reference", "valid_from", "valid_until", "setup_ids", "location_id"} {
					if v, ok := fields[k]; ok {
						mw.WriteField(k, v)
					}
				}
				if document != nil {
					fw, _ := mw.CreateFormFile("document", "permission.pdf")
					fw.Write(document)
				}
				mw.Close()
				return postBody(t, ts, "location_manager", screen, mw.FormDataContentType(), buf.String())
			}
			status, loc, body = grant(map[string]string{"kind": "track_access", "issuer": "Santa Fe Southern Railway", "valid_until": "2040-01-01"}, nil)
			want("location_manager", http.StatusUnprocessableEntity, status, loc, body, "setup_ids")
			status, loc, body = grant(map[string]string{"kind": "track_access", "issuer": "Santa Fe Southern Railway", "reference": "SFS-114",
				"valid_from": "2020-01-01", "valid_until": "2040-01-01", "setup_ids": train}, []byte(certificate))
			want("location_manager", http.StatusSeeOther, status, loc, body)

			status, body = page(t, ts, "cast", screen)
			want("cast", http.StatusOK, status, "", body, "SFS-114", "/document\">")
			list := decode[sshttp.PermissionsView](t, mustCall(t, ts, "cast", "GET", "/api/v1"+prod+"/permissions"))
			if len(list.Permissions) != 2 || list.Permissions[1].State != "in_force" || list.Permissions[1].File == "" {
				t.Fatalf("on record: %+v", list.Permissions)
			}
			for _, r := range dayBoard(t, ts).SetUps[0].Verdict.Reasons {
				if r.Rule == "RR-2" {
					t.Errorf("granted, yet RR-2 says %s", r.Message)
				}
			}
		})
	}
}
