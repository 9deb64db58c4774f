package http

import (
	"bytes"
	"crypto/sha256"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
)

// FuzzBodyDigest checks what a request's fingerprint reads of its body:
// the same however the body arrives in pieces; for a multipart form, the
// same whatever boundary the browser drew; and the key a form sends first
// is found, without a panic on any body.
func FuzzBodyDigest(f *testing.F) {
	f.Add("Ana Ruiz\x00Camera", "boundaryA", "XyZ-12345", 3)
	f.Add("", "a", "b", 1)
	f.Add("aaa\x00aaaa", "aa", "bbb", 2)
	f.Add("--\r\n\x00\r\n--", "x", "yy", 7)
	f.Fuzz(func(t *testing.T, values, b1, b2 string, chunk int) {
		chunk = 1 + abs(chunk)%64
		key := "KEY0123456789ABCDEFGHIJK"
		form := func(boundary string) (string, []byte) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			if mw.SetBoundary(boundary) != nil {
				return "", nil
			}
			mw.WriteField(KeyField, key)
			for i, v := range strings.Split(values, "\x00") {
				mw.WriteField(strings.Repeat("f", i+1), v)
			}
			mw.Close()
			return mw.FormDataContentType(), body.Bytes()
		}
		digest := func(contentType string, body []byte, pieces int) ([]byte, string) {
			r, _ := http.NewRequest("POST", "/", iotest.HalfReader(&chunked{body, pieces}))
			r.Header.Set("Content-Type", contentType)
			d := newBodyDigest(r)
			found := d.formKey(contentType)
			if got, _ := io.ReadAll(d); !bytes.Equal(got, body) {
				t.Fatalf("the handler read %q, not the body %q", got, body)
			}
			return d.sum(), found
		}
		// A body that is not a form: its SHA-256, however it arrives.
		plain := []byte(values)
		if sum, found := digest("application/json", plain, chunk); !bytes.Equal(sum, sha256Of(plain)) || found != "" {
			t.Fatalf("a JSON body's digest in pieces of %d differs, or a key was found in it", chunk)
		}
		ct1, body1 := form(b1)
		ct2, body2 := form(b2)
		if body1 == nil || body2 == nil || strings.Contains(values, "--"+b1) || strings.Contains(values, "--"+b2) {
			return
		}
		sum1, found1 := digest(ct1, body1, chunk)
		sum2, found2 := digest(ct2, body2, 1+chunk%5)
		whole, _ := digest(ct1, body1, len(body1)+1)
		if !bytes.Equal(sum1, sum2) || !bytes.Equal(sum1, whole) {
			t.Fatalf("the same form with boundaries %q and %q, in pieces, has other digests", b1, b2)
		}
		if len(body1) <= 1024 && (found1 != key || found2 != key) {
			t.Fatalf("the form's key was not found: %q, %q", found1, found2)
		}
	})
}

// chunked reads a body in pieces of at most n bytes.
type chunked struct {
	b []byte
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[n:]
	return n, nil
}

func sha256Of(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestKeysAndSeals checks the keys the header takes and that an answer
// opens with its key only.
func TestKeysAndSeals(t *testing.T) {
	for key, ok := range map[string]bool{
		"3f0c1a52-9d0e-4b8e-a0f7-5c6e0d2b9e41": true, `"3f0c1a52-9d0e-4b8e-a0f7-5c6e0d2b9e41"`: true, "0123456789abcdef": true,
		"0123456789abcde": false, strings.Repeat("k", 256): false, "key with spaces 0123": false, "ключ-0123456789abcdef": false,
	} {
		if _, err := headerKey([]string{key}); (err == nil) != ok {
			t.Errorf("key %q: %v", key, err)
		}
	}
	if _, err := headerKey([]string{"0123456789abcdef", "0123456789abcdef"}); err == nil {
		t.Error("two keys taken")
	}
	a := keptAnswer{Status: 201, Header: http.Header{"Location": {"/x"}}, Body: []byte("receipt 1234")}
	sealed := sealAnswer("0123456789abcdef", a)
	if bytes.Contains(sealed, a.Body) {
		t.Fatal("the sealed answer holds the body in clear")
	}
	if got, err := openAnswer("0123456789abcdef", sealed); err != nil || got.Status != 201 || string(got.Body) != "receipt 1234" || got.Header.Get("Location") != "/x" {
		t.Fatalf("open: %+v %v", got, err)
	}
	if _, err := openAnswer("0123456789abcdeF", sealed); err == nil {
		t.Fatal("an answer opened with another key")
	}
}
