package http_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// postPreparation sends a set-up card's preparation form as a browser
// does, multipart, with the document when one is given.
func (d *dayClient) postPreparation(setUp string, fields [][2]string, pdf string) (int, string, string) {
	d.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	if pdf != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="document"; filename="plan.pdf"`)
		h.Set("Content-Type", "application/pdf")
		part, _ := mw.CreatePart(h)
		part.Write([]byte(pdf))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", d.ts.URL+"/productions/red-mesa/today/setups/"+setUp+"/preparations", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := d.c.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// TestPreparationsOnToday shows each set-up's preparations on Today with
// where they stand, and offers each its form only to those whose duty
// records it, with the fields its kind takes.
func TestPreparationsOnToday(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			setUp := decode[sshttp.RecordedResult](t, ts.caller(t)("first_ad", "POST", "/api/v1/productions/red-mesa/setups",
				`{"scene":"31","name":"Scene 31: the trestle","hazards":["railroad","water"]}`, http.StatusCreated)).ID
			today := "/productions/red-mesa/today"
			rail, diver, cast := signedInClient(t, ts, "railroad_representative"), signedInClient(t, ts, "safety_diver"), signedInClient(t, ts, "cast")
			page := rail.want("GET", today, nil, http.StatusOK, "railroad&#39;s track window", "missing: not recorded today",
				`id="record-`+setUp+`-track_window"`, `name="window_from"`, `name="confirmed_by"`)
			if strings.Contains(page, `id="record-`+setUp+`-dive_plan"`) {
				t.Errorf("the railroad's representative is offered the dive plan")
			}
			page = diver.want("GET", today, nil, http.StatusOK, `id="record-`+setUp+`-dive_plan"`, `name="document"`, `id="record-`+setUp+`-weather_limits"`, `name="reading"`, "km/h")
			if strings.Contains(page, `id="record-`+setUp+`-track_window"`) {
				t.Errorf("the safety diver is offered the track window")
			}
			if page := cast.want("GET", today, nil, http.StatusOK, "dive plan"); strings.Contains(page, `id="record-`) {
				t.Errorf("the cast is offered a preparation to record")
			}

			denver, err := time.LoadLocation("America/Denver")
			if err != nil {
				t.Fatal(err)
			}
			clock := ts.env.Clock.Now().In(denver)
			status, _, to := rail.postPreparation(setUp, [][2]string{{"kind", "track_window"}, {"ready", "yes"},
				{"window_from", clock.Add(-time.Hour).Format("2006-01-02T15:04")}, {"window_until", clock.Add(2 * time.Hour).Format("2006-01-02T15:04")},
				{"confirmed_by", "BNSF dispatcher Ortiz"}}, "")
			if status != http.StatusSeeOther || !strings.Contains(to, "done=prepared") {
				t.Fatalf("the track window: %d to %q", status, to)
			}
			status, page, _ = rail.postPreparation(setUp, [][2]string{{"kind", "track_window"}, {"ready", "yes"}, {"window_from", "soon"}}, "")
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, "window_from") || !strings.Contains(page, "confirmed_by") {
				t.Errorf("a window without its facts: %d %.400s", status, page)
			}
			if status, _, _ := diver.postPreparation(setUp, [][2]string{{"kind", "dive_plan"}, {"ready", "yes"}}, certificate); status != http.StatusSeeOther {
				t.Errorf("the dive plan: %d", status)
			}
			if status, page, _ := diver.postPreparation(setUp, [][2]string{{"kind", "weather_limits"}, {"ready", "yes"}, {"limit", "30"}, {"reading", "a lot"}}, ""); status != http.StatusUnprocessableEntity || !strings.Contains(page, "reading") {
				t.Errorf("a reading that is no number: %d", status)
			}
			if status, _, _ := diver.postPreparation(setUp, [][2]string{{"kind", "weather_limits"}, {"ready", "yes"}, {"limit", "30"}, {"reading", "45,5"}}, ""); status != http.StatusSeeOther {
				t.Errorf("the wind reading: %d", status)
			}
			if status, _, _ := cast.postPreparation(setUp, [][2]string{{"kind", "weather_limits"}, {"ready", "yes"}, {"limit", "30"}, {"reading", "5"}}, ""); status != http.StatusForbidden {
				t.Errorf("the cast recorded a wind reading: %d", status)
			}
			cast.want("GET", today, nil, http.StatusOK, "reading over its limit", "reading 45.5, limit 30 (km/h)", "confirmed by BNSF dispatcher Ortiz", "recorded by The Safety diver")
			if strings.Count(cast.want("GET", today, nil, http.StatusOK), "prep-ready") != 2 {
				t.Errorf("the track window and the dive plan are not both shown ready")
			}
		})
	}
}
