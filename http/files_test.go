package http_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/photo"
	"github.com/setsafe/setsafe/photo/phototest"
	"github.com/setsafe/setsafe/storagetest"
)

// download gets a stored file as actor.
func download(t *testing.T, ts *testServer, actor, path string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+ts.tokens[actor])
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return resp, b
}

// A PDF, as a scanned certificate is.
const certificate = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// TestUploadedFilesAreReadAndStripped sends a firearm's photos and a
// training certificate: what is not the photo or PDF it says it is (HTML,
// SVG, a PDF or a cut PNG said to be a photo, a decompression bomb) is
// refused naming the field, and photos are kept without their metadata
// and served as what they are.
func TestUploadedFilesAreReadAndStripped(t *testing.T) {
	gpsJPEG, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	gpsPNG := phototest.PNG(phototest.PNGHeader{Width: 64, Height: 48, Depth: 8, ColorType: 2}, true,
		"tEXt", "GPSLatitude\x0035.6812 N", "iTXt", "XML:com.adobe.xmp\x00\x00\x00\x00\x00<exif:GPSLatitude>35,40.87N</exif:GPSLatitude>")
	html := []byte("<!DOCTYPE html><html><body><script>fetch('/api/v1/productions')</script></body></html>")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`)
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			prod := "/api/v1/productions/red-mesa"
			firearm := prod + "/firearms/" + ts.ids["firearm"] + "/photos"
			training := prod + "/trainings/" + decode[sshttp.RecordedResult](t, concernCall(t, ts, "safety_coordinator", "POST", prod+"/people/"+ts.ids["cast"]+"/trainings",
				`{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`)).ID + "/evidence"
			tests := []struct {
				name, path, actor, contentType string
				data                           []byte
				status                         int
				field                          string
			}{
				{"HTML said to be a PNG", firearm, "armorer", "image/png", html, http.StatusBadRequest, "file"},
				{"SVG said to be a PNG", firearm, "armorer", "image/png", svg, http.StatusBadRequest, "file"},
				{"SVG", firearm, "armorer", "image/svg+xml", svg, http.StatusBadRequest, "content_type"},
				{"PDF said to be a PNG", firearm, "armorer", "image/png", []byte(certificate), http.StatusBadRequest, "file"},
				{"a PDF as a firearm's photo", firearm, "armorer", "application/pdf", []byte(certificate), http.StatusBadRequest, "content_type"},
				{"PNG cut short", firearm, "armorer", "image/png", gpsPNG[:len(gpsPNG)/2], http.StatusBadRequest, "file"},
				{"20000×20000 decompression bomb", firearm, "armorer", "image/png", phototest.Bomb(), http.StatusRequestEntityTooLarge, "file"},
				{"7000×7000 PNG of 16-bit colour", firearm, "armorer", "image/png", phototest.Huge16BitPNG(), http.StatusRequestEntityTooLarge, "file"},
				{"HTML said to be a PDF", training, "safety_coordinator", "application/pdf", html, http.StatusBadRequest, "file"},
				{"PDF cut short", training, "safety_coordinator", "application/pdf", []byte(certificate[:40]), http.StatusBadRequest, "file"},
				{"PNG with GPS text", firearm, "armorer", "image/png", gpsPNG, http.StatusCreated, ""},
				{"JPEG with EXIF GPS", firearm, "armorer", "image/jpeg; charset=binary", gpsJPEG, http.StatusCreated, ""},
				{"JPEG with EXIF GPS as a certificate", training, "safety_coordinator", "image/jpeg", gpsJPEG, http.StatusCreated, ""},
				{"PDF certificate", training, "safety_coordinator", "application/pdf", []byte(certificate), http.StatusCreated, ""},
			}
			for _, tt := range tests {
				status, _, body := postBody(t, ts, tt.actor, tt.path, tt.contentType, string(tt.data))
				answer := []byte(body)
				if status != tt.status {
					t.Errorf("%s: %d %s, want %d", tt.name, status, answer, tt.status)
					continue
				}
				if status != http.StatusCreated {
					if e := errorOf(t, answer); e.Fields[tt.field] == "" {
						t.Errorf("%s: the refusal names no %s: %s", tt.name, tt.field, answer)
					}
					continue
				}
				resp, stored := download(t, ts, "investigator", prod+"/files/"+decode[sshttp.RecordedResult](t, answer).ID)
				contentType := strings.TrimSuffix(tt.contentType, "; charset=binary")
				if got := resp.Header.Get("Content-Type"); got != contentType || resp.Header.Get("X-Content-Type-Options") != "nosniff" ||
					resp.Header.Get("Content-Disposition") != "" || http.DetectContentType(stored) != contentType {
					t.Errorf("%s: served as %q, %q, %q", tt.name, got, resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Content-Disposition"))
				}
				if contentType == "application/pdf" {
					if string(stored) != certificate {
						t.Errorf("%s: the certificate changed", tt.name)
					}
					continue
				}
				if _, _, err := image.DecodeConfig(bytes.NewReader(stored)); err != nil {
					t.Errorf("%s: the stored photo does not read: %v", tt.name, err)
				}
				if bytes.Contains(stored, []byte("GPS")) || bytes.Contains(stored, []byte("Exif")) || bytes.Contains(stored, []byte("35.68")) {
					t.Errorf("%s: the stored photo keeps its position", tt.name)
				}
			}
			view := decode[sshttp.FirearmView](t, mustCall(t, ts, "investigator", "GET", prod+"/firearms/"+ts.ids["firearm"]))
			if len(view.Photos) != 2 {
				t.Errorf("the firearm has %d photos, want the 2 accepted", len(view.Photos))
			}
		})
	}
}

// TestStoredFilesServedAsWhatTheyAre stores, as an older server would
// have, HTML said to be a PNG: it is served as bytes to download, never as
// a picture or a page, and unchanged, since stored files are evidence.
func TestStoredFilesServedAsWhatTheyAre(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			tests := []struct {
				name string
				file setsafe.File
				// contentType is what it is served as; attachment, whether
				// it is served to be saved rather than shown.
				contentType string
				attachment  bool
			}{
				{"HTML said to be a PNG", setsafe.NewFile("image/png", []byte("<html><script>alert(1)</script></html>")), "application/octet-stream", true},
				{"a PNG", setsafe.NewFile("image/png", phototest.PNG(phototest.PNGHeader{Width: 4, Height: 4, Depth: 8, ColorType: 0}, true)), "image/png", false},
			}
			for _, tt := range tests {
				storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AttachFile{
					Subject: setsafe.SubjectFirearm, SubjectID: ts.ids["firearm"], File: tt.file}))
			}
			for _, tt := range tests {
				resp, got := download(t, ts, "investigator", "/api/v1/productions/red-mesa/files/"+tt.file.SHA256)
				disposition := resp.Header.Get("Content-Disposition")
				attachment := strings.HasPrefix(disposition, "attachment")
				if resp.Header.Get("Content-Type") != tt.contentType || attachment != tt.attachment || !attachment && disposition != "" ||
					resp.Header.Get("X-Content-Type-Options") != "nosniff" || !bytes.Equal(got, tt.file.Data) {
					t.Errorf("%s: served as %q, %q, %q (%d bytes)", tt.name, resp.Header.Get("Content-Type"), disposition, resp.Header.Get("X-Content-Type-Options"), len(got))
				}
			}
		})
	}
}

// TestConcernPhotosWithinBudget sends concerns with four photos of
// 7000×7000 pixels of 16-bit colour, on every route that takes photos:
// each is refused as too large, naming the photos and keeping what the
// reporter wrote on the form. When the server is too busy reading photos,
// the form says to try again or send without them, and keeps what was
// written.
func TestConcernPhotosWithinBudget(t *testing.T) {
	huge := base64.StdEncoding.EncodeToString(phototest.Huge16BitPNG())
	photos := strings.Repeat(fmt.Sprintf(`{"content_type":"image/png","data":%q},`, huge), 4)
	body := `{"category":"firearms","severity":"critical","description":"Live rounds in the prop box","photos":[` + strings.TrimSuffix(photos, ",") + `]}`
	form := func(photos ...[]byte) (string, *bytes.Buffer) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, v := range map[string]string{"category": "firearms", "severity": "critical", "description": "Live rounds in the prop box", "mode": "named"} {
			mw.WriteField(k, v)
		}
		for i, p := range photos {
			fw, _ := mw.CreateFormFile("photos", fmt.Sprintf("IMG_%04d.png", i))
			fw.Write(p)
		}
		mw.Close()
		return mw.FormDataContentType(), &b
	}
	busy := photo.NewBudget(photo.Limits{Photo: photo.PhotoMemory, Server: photo.PhotoMemory, Readers: 0, Waiting: 4, Wait: time.Millisecond})
	for _, tt := range []struct {
		name   string
		budget *photo.Budget
		photo  []byte
		status int
		says   string
	}{
		{"four huge photos", nil, phototest.Huge16BitPNG(), http.StatusRequestEntityTooLarge, "Send a JPEG"},
		{"a photo while the server is busy", busy, phototest.Phone(640, 480, 1), http.StatusServiceUnavailable, "without its photos"},
	} {
		ts := newTestServer(t, storagetest.SQLite(), "", func(c *sshttp.Config) { c.Photos = tt.budget })
		ts.seed(t)
		if tt.budget == nil {
			for path, body := range map[string]string{"/api/v1/productions/red-mesa/concerns": strings.Replace(body, `"photos"`, `"mode":"named","photos"`, 1),
				"/api/v1/report/red-mesa/concerns": body} {
				status, answer := ts.call(t, "crew", "POST", path, body)
				if e := errorOf(t, answer); status != tt.status || e.Fields["photos"] == "" || !strings.Contains(e.Message, tt.says) {
					t.Errorf("%s, %s: %d %s", tt.name, path, status, answer)
				}
			}
		}
		for _, path := range []string{"/productions/red-mesa/concerns/new", "/report/red-mesa"} {
			contentType, b := form(tt.photo, tt.photo, tt.photo, tt.photo)
			req, _ := http.NewRequest("POST", ts.URL+path, b)
			req.Header.Set("Content-Type", contentType)
			status, _, page := send(t, ts, "crew", req)
			if status != tt.status || !strings.Contains(page, tt.says) || !strings.Contains(page, "Live rounds in the prop box") {
				t.Errorf("%s, the form at %s: %d\n%s", tt.name, path, status, page)
			}
		}
	}
}
