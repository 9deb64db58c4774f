package tlogwitness

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Limits of what a witness may send back: a cosignature line is about a
// hundred bytes, and a witness may sign with a few keys.
const (
	maxResponse = 16 << 10
	maxLines    = 32
	// Timeout bounds one request when the caller's context does not.
	Timeout = 20 * time.Second
)

// Cosignature is one signature line a witness returned for a checkpoint,
// verified over the checkpoint's note text with the witness's key.
type Cosignature struct {
	// Witness is the key's name; KeyHash its note key hash.
	Witness string
	KeyHash uint32
	// Line is the signature line, "— NAME BASE64\n", as a note carries it.
	Line string
	// Signature is the line as package note reads it.
	Signature note.Signature
}

// ConflictError is the witness's answer 409: the size it last saw of this
// log is not the old size the request gave.
type ConflictError struct {
	// Known is the size of the log the witness last cosigned.
	Known uint64
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("the witness has seen this log at size %d, not the size the request started from", e.Known)
}

// RefusedError is a witness's refusal to cosign: 403 (it does not know the
// log's key, or the signature is not the log's), 404 (it does not know the
// log), 422 (the checkpoint does not extend what it saw), 400 (it could not
// read the request).
type RefusedError struct {
	Status int
	// Body is what the witness said, cut to a line or so.
	Body string
}

func (e *RefusedError) Error() string {
	what := map[int]string{
		http.StatusForbidden:           "it does not hold this log's key, or the checkpoint's signature is not by it",
		http.StatusNotFound:            "it does not witness this log",
		http.StatusUnprocessableEntity: "the checkpoint does not extend the one it cosigned before (the consistency proof fails)",
		http.StatusBadRequest:          "it could not read the request",
	}[e.Status]
	if e.Body != "" {
		return fmt.Sprintf("the witness refused to cosign (%d): %s: %s", e.Status, what, e.Body)
	}
	return fmt.Sprintf("the witness refused to cosign (%d): %s", e.Status, what)
}

// RetryableError is a failure that may pass: the network, a timeout, the
// witness's own trouble (5xx, other statuses), or an answer that did not
// verify.
type RetryableError struct {
	Err error
}

func (e *RetryableError) Error() string { return "witness unavailable: " + e.Err.Error() }
func (e *RetryableError) Unwrap() error { return e.Err }

// Request returns the body of an add-checkpoint request: "old N", one
// base64 proof hash a line, a blank line, then the signed checkpoint.
func Request(oldSize uint64, proof [][]byte, signedNote []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "old %d\n", oldSize)
	for _, h := range proof {
		b.WriteString(base64.StdEncoding.EncodeToString(h))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.Write(signedNote)
	return b.Bytes()
}

// AddCheckpoint asks the witness at url (its submission prefix; the
// request goes to url + "/add-checkpoint") to cosign signedNote, given the
// size it last cosigned and the consistency proof from that size. It
// returns the cosignatures of the witness's key v, each verified over the
// note's text, or a *ConflictError, a *RefusedError or a *RetryableError.
// client may be nil for a default one; the request gives up after Timeout
// unless ctx ends sooner.
func AddCheckpoint(ctx context.Context, client *http.Client, url string, v note.Verifier, oldSize uint64, proof [][]byte, signedNote []byte) ([]Cosignature, error) {
	text, err := noteText(signedNote)
	if err != nil {
		return nil, err
	}
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(url, "/")+"/add-checkpoint", bytes.NewReader(Request(oldSize, proof, signedNote)))
	if err != nil {
		return nil, fmt.Errorf("witness URL %q: %w", url, err)
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return nil, &RetryableError{Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, &RetryableError{Err: fmt.Errorf("read the answer: %w", err)}
	}
	if len(body) > maxResponse {
		return nil, &RetryableError{Err: fmt.Errorf("the answer is longer than %d bytes", maxResponse)}
	}
	return ParseResponse(resp.StatusCode, resp.Header.Get("Content-Type"), body, v, text)
}

// noteText returns the text a note's signatures sign.
func noteText(signedNote []byte) ([]byte, error) {
	i := bytes.LastIndex(signedNote, []byte("\n\n"))
	if i < 0 {
		return nil, errors.New("the checkpoint is not a signed note: it has no blank line before its signatures")
	}
	return signedNote[:i+1], nil
}

// ParseResponse reads a witness's answer to add-checkpoint: its status,
// Content-Type and body. On 200 it returns the signature lines of v's key,
// each verified over text (the checkpoint's note text); other keys'
// lines are left out, and an answer without a valid one fails.
func ParseResponse(status int, contentType string, body []byte, v note.Verifier, text []byte) ([]Cosignature, error) {
	switch status {
	case http.StatusOK:
		return parseCosignatures(body, v, text)
	case http.StatusConflict:
		mt, _, err := mime.ParseMediaType(contentType)
		if err != nil || mt != "text/x.tlog.size" {
			return nil, &RetryableError{Err: fmt.Errorf("answer 409 of type %q, not text/x.tlog.size: %s", contentType, excerpt(body))}
		}
		s := strings.TrimSuffix(string(body), "\n")
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || strconv.FormatUint(n, 10) != s {
			return nil, &RetryableError{Err: fmt.Errorf("answer 409 whose size %q is not a number", excerpt(body))}
		}
		return nil, &ConflictError{Known: n}
	case http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusBadRequest:
		return nil, &RefusedError{Status: status, Body: excerpt(body)}
	default:
		return nil, &RetryableError{Err: fmt.Errorf("answer %d: %s", status, excerpt(body))}
	}
}

func parseCosignatures(body []byte, v note.Verifier, text []byte) ([]Cosignature, error) {
	if len(body) == 0 || body[len(body)-1] != '\n' {
		return nil, &RetryableError{Err: errors.New("the answer is not signature lines, each ending in a newline")}
	}
	var out []Cosignature
	lines := strings.SplitAfter(string(body[:len(body)-1]), "\n")
	if len(lines) > maxLines {
		return nil, &RetryableError{Err: fmt.Errorf("the answer has more than %d signature lines", maxLines)}
	}
	for _, line := range lines {
		line = strings.TrimSuffix(line, "\n") + "\n"
		name, hash, b64, sig, err := parseLine(line)
		if err != nil {
			return nil, &RetryableError{Err: err}
		}
		if name != v.Name() || hash != v.KeyHash() {
			continue
		}
		if !v.Verify(text, sig) {
			return nil, &RetryableError{Err: fmt.Errorf("the cosignature of %s does not verify over the checkpoint", name)}
		}
		out = append(out, Cosignature{Witness: name, KeyHash: hash, Line: line, Signature: note.Signature{Name: name, Hash: hash, Base64: b64}})
	}
	if len(out) == 0 {
		return nil, &RetryableError{Err: fmt.Errorf("the answer holds no cosignature by the key %s+%08x", v.Name(), v.KeyHash())}
	}
	return out, nil
}

// parseLine reads a signed note's signature line, "— NAME BASE64\n", whose
// signature starts with the 4-byte key hash.
func parseLine(line string) (name string, hash uint32, b64 string, sig []byte, err error) {
	rest, ok := strings.CutPrefix(line, "— ")
	if !ok {
		return "", 0, "", nil, fmt.Errorf("the line %q is not a signature line (it starts with \"— \")", excerpt([]byte(line)))
	}
	rest = strings.TrimSuffix(rest, "\n")
	name, b64, ok = strings.Cut(rest, " ")
	if !ok || name == "" || strings.ContainsAny(b64, " \n") {
		return "", 0, "", nil, fmt.Errorf("the line %q is not NAME and signature", excerpt([]byte(line)))
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) < 5 {
		return "", 0, "", nil, fmt.Errorf("the signature of %q is not base64 of a key hash and a signature", name)
	}
	return name, uint32(raw[0])<<24 | uint32(raw[1])<<16 | uint32(raw[2])<<8 | uint32(raw[3]), b64, raw[4:], nil
}

// excerpt returns the start of a body for an error message.
func excerpt(b []byte) string {
	s := strings.ToValidUTF8(strings.TrimSpace(string(b)), "?")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}
