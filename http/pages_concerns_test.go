package http_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestConcernPages checks what each page shows to whom: the public report
// page ignores a signed-in browser and sets no cookie, a confidential
// reporter's name is on the safety coordinator's page only, the poster
// holds the public address as a QR code, and the pages speak Spanish.
func TestConcernPages(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	get := func(c *http.Client, path string, header ...string) (int, string, *http.Response) {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b), resp
	}
	// crew's browser is signed in, yet the report page treats it as
	// nobody and sets nothing.
	crew := cookieBrowser(t, ts)
	signInByForm(t, ts, crew, "crew")
	status, page, resp := get(crew, "/report/red-mesa")
	if status != http.StatusOK || strings.Contains(page, "Sign out") || len(resp.Header.Values("Set-Cookie")) != 0 {
		t.Fatalf("the report page, signed in: %d cookies %v\n%s", status, resp.Header.Values("Set-Cookie"), page)
	}
	form := url.Values{"category": {"water"}, "severity": {"high"}, "location": {"Tank"}, "description": {"No safety divers at the tank"}}
	resp, err := crew.PostForm(ts.URL+"/report/red-mesa", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || !strings.Contains(string(b), "receipt-code") || len(resp.Header.Values("Set-Cookie")) != 0 {
		t.Fatalf("the anonymous report from a signed-in browser: %d %v\n%s", resp.StatusCode, resp.Header.Values("Set-Cookie"), b)
	}
	// A report with problems comes back with them.
	resp, err = crew.PostForm(ts.URL+"/report/red-mesa", url.Values{"category": {"water"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `id="problem"`) {
		t.Fatalf("an incomplete report: %d\n%s", resp.StatusCode, b)
	}
	if status, _, _ := get(crew, "/report/nowhere"); status != http.StatusNotFound {
		t.Errorf("the report page of no production: %d", status)
	}

	// A confidential concern by the cast.
	id := decode[sshttp.RecordedResult](t, concernCall(t, ts, "cast", "POST", "/api/v1/productions/red-mesa/concerns",
		`{"category":"stunts","severity":"high","description":"The fall mat has a torn seam","mode":"confidential"}`)).ID
	tests := []struct {
		who, path string
		want      int
		has, not  []string
	}{
		{"safety_coordinator", "/productions/red-mesa/concerns/" + id, http.StatusOK, []string{"The Cast", "The fall mat has a torn seam", "Move it on"}, nil},
		{"department_head", "/productions/red-mesa/concerns/" + id, http.StatusOK, []string{"Confidential", "Move it on"}, []string{"The Cast"}},
		{"cast", "/productions/red-mesa/concerns/" + id, http.StatusOK, []string{"The Cast", `action="/productions/red-mesa/concerns/` + id + `/reply"`}, []string{"Move it on"}},
		{"crew", "/productions/red-mesa/concerns/" + id, http.StatusNotFound, nil, nil},
		{"crew", "/productions/red-mesa/concerns", http.StatusOK, []string{"The concerns you raised", "Report a concern"}, []string{"torn seam"}},
		{"department_head", "/productions/red-mesa/concerns", http.StatusOK, []string{"torn seam", "No safety divers", "Anonymous", "Confidential"}, []string{"The Cast"}},
		{"safety_coordinator", "/productions/red-mesa/concerns/poster", http.StatusOK, []string{"data:image/png;base64,", "/report/red-mesa"}, nil},
		{"crew", "/productions/red-mesa", http.StatusOK, []string{`href="/productions/red-mesa/concerns"`}, nil},
	}
	for _, tt := range tests {
		c := cookieBrowser(t, ts)
		signInByForm(t, ts, c, tt.who)
		status, page, _ := get(c, tt.path)
		if status != tt.want {
			t.Errorf("%s as %s: %d, want %d", tt.path, tt.who, status, tt.want)
			continue
		}
		for _, s := range tt.has {
			if !strings.Contains(page, s) {
				t.Errorf("%s as %s does not show %q", tt.path, tt.who, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(page, s) {
				t.Errorf("%s as %s shows %q", tt.path, tt.who, s)
			}
		}
	}

	// In Spanish.
	_, page, _ = get(http.DefaultClient, "/report/red-mesa", "Accept-Language", "es")
	for _, s := range []string{"Informar de una preocupación de forma anónima", "Cansancio y horarios", "Enviar la preocupación"} {
		if !strings.Contains(page, s) {
			t.Errorf("the Spanish report page does not say %q", s)
		}
	}
	_, page, _ = get(http.DefaultClient, "/report/red-mesa/receipt", "Accept-Language", "es")
	if !strings.Contains(page, "Un código perdido no se puede recuperar") {
		t.Errorf("the Spanish receipt page does not say a lost code is lost")
	}
}

// TestConcernFormWithPhoto sends the signed-in form with the fixture photo,
// as a phone does, and checks the concern keeps the photo without its
// GPS position.
func TestConcernFormWithPhoto(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	photo, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"category": "equipment", "severity": "high", "location": "Grip truck", "description": "Frayed cable on the dolly", "mode": "named"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("photos", "IMG_0001.jpg")
	fw.Write(photo)
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/productions/red-mesa/concerns/new", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	status, location, page := send(t, ts, "crew", req)
	if status != http.StatusSeeOther || !strings.HasPrefix(location, "/productions/red-mesa/concerns/") {
		t.Fatalf("the form: %d %s\n%s", status, location, page)
	}
	id := strings.TrimPrefix(strings.TrimSuffix(location, "?done=raised"), "/productions/red-mesa/concerns/")
	d := decode[sshttp.ConcernDetail](t, concernCall(t, ts, "crew", "GET", "/api/v1/productions/red-mesa/concerns/"+id, ""))
	if len(d.Photos) != 1 || d.Concern.Location != "Grip truck" || d.Concern.Reporter != ts.ids["crew"] {
		t.Fatalf("the concern from the form: %+v", d)
	}
	stored := concernCall(t, ts, "crew", "GET", "/api/v1/productions/red-mesa/concerns/"+id+"/photos/"+d.Photos[0].File, "")
	if bytes.Contains(stored, []byte("Exif")) || bytes.Contains(stored, []byte("GPSCam")) {
		t.Error("the photo sent with the form keeps its metadata")
	}
}

// TestProductionHomeShowsOverdueConcerns checks the production's home: the
// count of open concerns for those who read them, in red once one is late,
// and nothing of it for the crew.
func TestProductionHomeShowsOverdueConcerns(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	ts.caller(t)("crew", "POST", "/api/v1/productions/red-mesa/concerns",
		`{"category":"water","severity":"critical","mode":"named","location":"Tank","description":"No safety divers at the tank"}`, http.StatusCreated)
	home := func(role string) string {
		t.Helper()
		c := cookieBrowser(t, ts)
		signInByForm(t, ts, c, role)
		resp, err := c.Get(ts.URL + "/productions/red-mesa")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return string(b)
	}
	if page := home("safety_coordinator"); !strings.Contains(page, "Concerns open: 1.") || strings.Contains(page, "Overdue") {
		t.Fatalf("before its deadline:\n%s", page)
	}
	ts.env.Clock.Advance(31 * time.Minute)
	if page := home("safety_coordinator"); !strings.Contains(page, `class="concern-status overdue"`) || !strings.Contains(page, "Overdue: 1.") {
		t.Fatalf("after its deadline:\n%s", page)
	}
	if page := home("crew"); strings.Contains(page, "concern-status") {
		t.Fatal("the crew's home counts the production's concerns")
	}
}

// TestPagesSayTheSetsTime: a concern raised on a production in New
// Mexico shows when it was raised by the clock on set, with the zone's
// abbreviation, in both languages, and the Today board too.
func TestPagesSayTheSetsTime(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	id := decode[sshttp.RecordedResult](t, ts.caller(t)("crew", "POST", "/api/v1/productions/red-mesa/concerns",
		`{"category":"water","severity":"high","mode":"named","location":"Tank","description":"No safety divers at the tank"}`, http.StatusCreated)).ID
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	now := ts.env.Clock.Now()
	local, utc := now.In(denver).Format("2006-01-02 15:04 MST"), now.UTC().Format("2006-01-02 15:04")
	if local[:16] == utc {
		t.Fatal("the test clock's time reads the same in Denver and UTC")
	}
	for _, lang := range []string{"en", "es"} {
		c := cookieBrowser(t, ts)
		signInByForm(t, ts, c, "safety_coordinator")
		for _, path := range []string{"/productions/red-mesa/concerns/" + id, "/productions/red-mesa/concerns"} {
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			req.Header.Set("Accept-Language", lang)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if page := string(b); !strings.Contains(page, local) || strings.Contains(page, utc) {
				t.Errorf("%s in %s: want %q, not the UTC %q", path, lang, local, utc)
			}
		}
	}
}
