package http

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
)

// The answers kept for requests sent with an idempotency key, and how a
// request's body is read for its fingerprint.

// keptAnswer is an answer as it is kept: the status, the headers the
// handler set (never a cookie) and the body as sent.
type keptAnswer struct {
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// answerCipher seals answers with a key derived from the client's key,
// which the server does not keep: the answer to an anonymous report holds
// its receipt code, which is otherwise kept only as a slow hash.
func answerCipher(key string) cipher.AEAD {
	k, err := hkdf.Key(sha256.New, []byte(key), nil, "setsafe answer", 32)
	if err != nil {
		panic(err) // only for lengths HKDF cannot give
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		panic(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}

func sealAnswer(key string, a keptAnswer) []byte {
	plain, _ := json.Marshal(a)
	aead := answerCipher(key)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, plain, keyHash(key))
}

func openAnswer(key string, sealed []byte) (keptAnswer, error) {
	aead := answerCipher(key)
	var a keptAnswer
	if len(sealed) < aead.NonceSize() {
		return a, errors.New("a kept answer is too short")
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], keyHash(key))
	if err != nil {
		return a, errors.New("a kept answer does not open with its key")
	}
	return a, json.Unmarshal(plain, &a)
}

// writeTo sends a kept answer, unzipped for a client that takes no gzip.
func (a keptAnswer) writeTo(w http.ResponseWriter, r *http.Request) {
	body := a.Body
	for name, values := range a.Header {
		w.Header()[name] = values
	}
	if a.Header.Get("Content-Encoding") == "gzip" && !AcceptsGzip(r) {
		if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				body = plain
				w.Header().Del("Content-Encoding")
			}
		}
	}
	w.WriteHeader(a.Status)
	w.Write(body)
}

// recorder holds a handler's answer until it is kept.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(b)
}

// kept is the answer to keep: without the cookies a handler set, which
// belong to the first client only.
func (rec *recorder) kept() keptAnswer {
	h := rec.header.Clone()
	h.Del("Set-Cookie")
	return keptAnswer{Status: cmpOr(rec.status, http.StatusOK), Header: h, Body: rec.body.Bytes()}
}

// send sends the answer as the handler gave it.
func (rec *recorder) send(w http.ResponseWriter) {
	for name, values := range rec.header {
		w.Header()[name] = values
	}
	w.WriteHeader(cmpOr(rec.status, http.StatusOK))
	w.Write(rec.body.Bytes())
}

// maxDigested bounds how much of a body a fingerprint reads.
const maxDigested = 64 << 20

// bodyDigest reads a request's body for its handler and hashes what is
// read. The delimiters of a multipart form ("--" and the boundary, which a
// browser draws afresh each time it sends the form) are left out.
type bodyDigest struct {
	src      io.ReadCloser
	br       *bufio.Reader
	h        hash.Hash
	boundary []byte
	pending  []byte
}

func newBodyDigest(r *http.Request) *bodyDigest {
	d := &bodyDigest{src: r.Body, br: bufio.NewReader(r.Body), h: sha256.New()}
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" {
		d.boundary = []byte("--" + params["boundary"])
	}
	return d
}

func (d *bodyDigest) Read(p []byte) (int, error) {
	n, err := d.br.Read(p)
	d.hash(p[:n])
	return n, err
}

func (d *bodyDigest) Close() error { return d.src.Close() }

func (d *bodyDigest) hash(b []byte) {
	if d.boundary == nil {
		d.h.Write(b)
		return
	}
	// Hash what cannot be the start of a delimiter any more.
	d.pending = append(d.pending, b...)
	for {
		i := bytes.Index(d.pending, d.boundary)
		if i < 0 {
			break
		}
		d.h.Write(d.pending[:i])
		d.pending = d.pending[i+len(d.boundary):]
	}
	if keep := len(d.boundary) - 1; len(d.pending) > keep {
		d.h.Write(d.pending[:len(d.pending)-keep])
		d.pending = append([]byte(nil), d.pending[len(d.pending)-keep:]...)
	}
}

// sum reads what the handler left of the body and returns the hash.
func (d *bodyDigest) sum() []byte {
	io.Copy(io.Discard, io.LimitReader(d, maxDigested))
	d.h.Write(d.pending)
	d.pending = nil
	return d.h.Sum(nil)
}

// formKey returns the idempotency key a page form sends as its first
// field, read without taking it from the body, or "".
func (d *bodyDigest) formKey(contentType string) string {
	head, _ := d.br.Peek(1024)
	mt, params, _ := mime.ParseMediaType(contentType)
	key := ""
	switch mt {
	case "application/x-www-form-urlencoded":
		first, _, _ := bytes.Cut(head, []byte("&"))
		if name, value, ok := strings.Cut(string(first), "="); ok && name == KeyField {
			key, _ = url.QueryUnescape(value)
		}
	case "multipart/form-data":
		part, err := multipart.NewReader(bytes.NewReader(head), params["boundary"]).NextPart()
		if err == nil && part.FormName() == KeyField {
			if b, err := io.ReadAll(io.LimitReader(part, 256)); err == nil {
				key = string(b)
			}
		}
	}
	if !validKey(key) {
		return ""
	}
	return key
}

// AcceptsGzip reports whether the client takes gzip-compressed answers.
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(coding, "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
