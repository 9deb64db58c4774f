package http_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestMalfunctionScenario follows a revolver through its malfunctions on
// a working day, through the public API on each backend: a misfire takes
// it out of service, dummies that fired at unload report a discharge of
// their own, only a qualified armorer's clear inspection puts it back, and
// the repeated warning signs count by when they happened (FA-7, WS-1,
// WS-2).
func TestMalfunctionScenario(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			r := &rustSet{t: t, ts: ts, prod: "/api/v1/productions/red-mesa"}
			r.revolver = r.prod + "/firearms/" + ts.ids["firearm"]
			armorer, lot := ts.ids["armorer"], ts.ids["lot"]
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.VerifyInert{LotID: lot, Methods: []string{"rattle", "no_primer"},
				Checked: 50, Witness: ts.ids["first_ad"], By: armorer}))
			r.expect(t, "producer", "PUT", r.prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["safety_coordinator"]+`"}`, http.StatusOK)
			r.expect(t, "armorer", "POST", r.revolver+"/unsecure", "", http.StatusOK)
			now := ts.env.Clock.Now()
			ago := func(d time.Duration) string { return now.Add(-d).Format(time.RFC3339) }
			discharge := func(id string) setsafe.Discharge {
				return decode[setsafe.Discharge](t, r.expect(t, "armorer", "GET", r.prod+"/discharges/"+id, "", http.StatusOK))
			}
			firearm := func() setsafe.Firearm {
				return *decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "GET", r.revolver, "", http.StatusOK)).Firearm
			}
			load := r.revolver + "/load"
			dummies := `{"lot_id":"` + lot + `","rounds":6}`
			clear := func(id string) {
				r.expect(t, "armorer", "POST", r.revolver+"/inspect", `{"bore_clear":true,"functions":true,"condition":"Good"}`, http.StatusOK)
				r.expect(t, "armorer", "POST", r.revolver+"/return-to-service", `{"bore_clear":true}`, http.StatusOK)
				r.expect(t, "safety_coordinator", "POST", r.prod+"/discharges/"+id+"/investigation",
					`{"findings":"Worn hammer spring","corrective_action":"Spring replaced"}`, http.StatusOK)
			}

			t.Run("WhenItHappened", func(t *testing.T) {
				for _, body := range []string{
					`{"kind":"misfire","description":"Click","occurred_at":"` + now.Add(time.Hour).Format(time.RFC3339) + `"}`,
					`{"kind":"misfire","description":"Click","occurred_at":"` + ago(31*24*time.Hour) + `"}`,
					`{"kind":"bang","description":"Click"}`,
				} {
					e := errorOf(t, r.expect(t, "cast", "POST", r.revolver+"/discharges", body, http.StatusBadRequest))
					if e.Fields["occurred_at"] == "" && !strings.Contains(e.Fields["kind"], "hang_fire") {
						t.Fatalf("%s: the problem does not say what is wrong: %+v", body, e)
					}
				}
				if firearm().OutOfService {
					t.Fatal("a refused report took the revolver out of service")
				}
				// A misfire three weeks ago, reported only now: on the
				// record, but not counted with today's.
				old := decode[sshttp.RecordedResult](t, r.expect(t, "armorer", "POST", r.revolver+"/discharges",
					`{"kind":"misfire","description":"Hammer fell, nothing fired","occurred_at":"`+ago(20*24*time.Hour)+`"}`, http.StatusCreated))
				if x := discharge(old.ID); !x.OccurredAt.Equal(now.Add(-20*24*time.Hour).Truncate(time.Second)) || x.At.Before(now) {
					t.Fatalf("the report says it happened at %v and was recorded at %v", x.OccurredAt, x.At)
				}
				clear(old.ID)
			})
			var misfire string
			t.Run("Misfire", func(t *testing.T) {
				// Five days ago, reported today.
				misfire = decode[sshttp.RecordedResult](t, r.expect(t, "cast", "POST", r.revolver+"/discharges",
					`{"kind":"misfire","description":"Hammer fell twice, no report","occurred_at":"`+ago(5*24*time.Hour)+`"}`, http.StatusCreated)).ID
				if !firearm().OutOfService {
					t.Fatal("the misfire left the revolver in service")
				}
				r.refused(t, "armorer", "POST", load, dummies, "FA-7", "WS-1")
				clear(misfire)
				// One warning sign within seven days: work goes on.
				r.expect(t, "armorer", "POST", load, dummies, http.StatusOK)
			})
			t.Run("DummiesFired", func(t *testing.T) {
				res := decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "POST", r.revolver+"/unload", `{"fired":2}`, http.StatusOK))
				if len(res.Recorded) != 2 || res.Recorded[1].Type != "firearm.discharge_reported" || !res.Firearm.OutOfService {
					t.Fatalf("dummies fired and no discharge was recorded: %+v", res)
				}
				en, err := ts.env.DB.LedgerEntry(t.Context(), "red-mesa", res.Recorded[1].Seq)
				if err != nil {
					t.Fatal(err)
				}
				x := discharge(en.Event.Body.(*setsafe.DischargeReported).ID)
				if x.Kind != setsafe.DischargeUnintended || x.Investigated || !strings.Contains(x.Description, "2 rounds of dummy lot D-1 fired") {
					t.Fatalf("the discharge: %+v", x)
				}
				// The misfire five days ago and this one: two within seven
				// days stop firearm work, though the first was reported late.
				r.refused(t, "armorer", "POST", load, dummies, "WS-2", "FA-7", "WS-1")
			})
			t.Run("BackInService", func(t *testing.T) {
				back := r.revolver + "/return-to-service"
				r.refused(t, "armorer", "POST", back, `{"bore_clear":true}`, "FA-7")
				// Locked away, where anyone on armorer duty may reach it.
				r.expect(t, "armorer", "POST", r.revolver+"/secure", `{"store":"armory truck"}`, http.StatusOK)
				r.refused(t, "assistant_armorer", "POST", r.revolver+"/inspect", `{"bore_clear":true,"functions":true,"condition":"Good"}`, "FA-7")
				r.expect(t, "armorer", "POST", r.revolver+"/inspect", `{"bore_clear":false,"functions":true,"condition":"Good","note":"Wad in the bore"}`, http.StatusOK)
				r.refused(t, "armorer", "POST", back, `{"bore_clear":true}`, "FA-7")
				r.expect(t, "armorer", "POST", r.revolver+"/inspect", `{"bore_clear":true,"functions":true,"condition":"Good","note":"Wad removed"}`, http.StatusOK)
				r.refused(t, "armorer", "POST", back, `{"bore_clear":false}`, "FA-7")
				e := errorOf(t, r.refused(t, "assistant_armorer", "POST", back, `{"bore_clear":true}`, "FA-7"))
				if !slices.ContainsFunc(e.Rules, func(f setsafe.RuleFinding) bool { return strings.Contains(f.Message, "qualified armorer") }) {
					t.Fatalf("the refusal does not say why: %+v", e.Rules)
				}
				if !firearm().OutOfService {
					t.Fatal("a refused return put the revolver back in service")
				}
				r.expect(t, "armorer", "POST", back, `{"bore_clear":true}`, http.StatusOK)
				if f := firearm(); f.OutOfService || !f.InspectedClear {
					t.Fatalf("after a clear inspection and a return: %+v", f)
				}
			})
		})
	}
}

// TestAnonymousConcernSaysWhenToTheMinute: an anonymous concern may say
// when what it reports happened, and that time is kept no finer than the
// anonymous entry's own, to the minute; a time to come is refused.
func TestAnonymousConcernSaysWhenToTheMinute(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	const reports = "/api/v1/report/red-mesa/concerns"
	now := ts.env.Clock.Now()
	status, _, body := anonymousCall(t, ts, "198.51.100.7", "POST", reports,
		`{"category":"firearms","severity":"normal","description":"Prop guns passed around at lunch","occurred_at":"`+now.Add(time.Hour).Format(time.RFC3339)+`"}`)
	if status != http.StatusBadRequest || !strings.Contains(string(body), "occurred_at") {
		t.Fatalf("a concern about an hour from now: %d %s", status, body)
	}
	said := now.Add(-2*time.Hour + 37*time.Second + 250*time.Millisecond)
	status, _, body = anonymousCall(t, ts, "198.51.100.7", "POST", reports,
		`{"category":"firearms","severity":"normal","description":"Prop guns passed around at lunch","occurred_at":"`+said.Format(time.RFC3339Nano)+`"}`)
	if status != http.StatusCreated {
		t.Fatalf("an anonymous concern: %d %s", status, body)
	}
	receipt := decode[sshttp.ReceiptResult](t, body)
	got := decode[sshttp.ConcernDetail](t, ts.caller(t)("safety_coordinator", "GET", "/api/v1/productions/red-mesa/concerns/"+receipt.ID, "", http.StatusOK))
	if c := got.Concern; !c.OccurredAt.Equal(said.Truncate(time.Minute)) || c.RaisedAt.Truncate(time.Minute) != c.RaisedAt {
		t.Fatalf("kept finer than the minute: happened %v, raised %v", c.OccurredAt, c.RaisedAt)
	}
}
