package evidence

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"
)

// rewrite returns the bundle with one member's content changed, written
// again as a consistent archive (headers and checksums right), as
// someone who meant to change it would.
func rewrite(t testing.TB, bundle []byte, name string, change func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(bundle), int64(len(bundle)))
	if err != nil {
		t.Fatal(err)
	}
	var created time.Time
	for _, f := range zr.File {
		if f.Name == memberManifest {
			rc, _ := f.Open()
			var m struct {
				CreatedAt time.Time `json:"created_at"`
			}
			json.NewDecoder(rc).Decode(&m)
			created = m.CreatedAt
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			found = true
			data = change(bytes.Clone(data))
		}
		w, err := zw.CreateHeader(memberHeader(f.Name, created))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if !found {
		t.Fatalf("no member %s", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
