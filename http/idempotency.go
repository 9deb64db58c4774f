package http

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// Requests sent again. A phone on a bad signal that never saw an answer
// sends its request again. A client that sends an Idempotency-Key header
// with a change (the pages: a hidden key in every form, drawn afresh with
// the form) gets, for the same request sent again within a day, the first
// answer, and nothing new is recorded: across restarts and across servers
// sharing a database, because the ledger's writer records the key in the
// transaction that appends the request's entries. The answer is kept
// beside the key, sealed with a key derived from the client's, which the
// server never stores; the row is found by a hash of it.

const (
	// KeyHeader is the header that carries an API request's key.
	KeyHeader = "Idempotency-Key"
	// KeyField is the hidden field that carries a page form's key. It is
	// the form's first field, so that a form sent again is answered
	// without its photos or crew list being read.
	KeyField = "idempotency_key"
	// answerGrace is how long after a request was recorded its answer may
	// still be on its way. A request sent again after that, finding no
	// answer (the server stopped between recording and answering), is
	// answered with the entries first recorded.
	answerGrace = time.Minute
	// codeKeyReused is the error code of a key sent with another request.
	codeKeyReused = "idempotency_key_reused"
)

type keyedKey struct{}

// keyed is a change that may carry an idempotency key, as it is served.
type keyed struct {
	r   *http.Request
	api bool
	// status is an API route's status on success.
	status int
	// header is the key sent in the header; peeked the one a page form
	// sent as its first field.
	header, peeked string
	body           *bodyDigest
	print          []byte
	// recorded is set once an append recorded with the key, and repeat
	// once the ledger answered that the key was recorded before.
	recorded bool
	repeat   *setsafe.Repeated
}

// keyedFrom returns the keyed change a request is, or nil.
func keyedFrom(ctx context.Context) *keyed {
	k, _ := ctx.Value(keyedKey{}).(*keyed)
	return k
}

// key returns the request's key, or "" if it has none (yet: a page form's
// key is known once the handler read the form).
func (k *keyed) key() string {
	switch {
	case k.header != "":
		return k.header
	case k.peeked != "":
		return k.peeked
	case k.api || k.r.PostForm == nil:
		return ""
	}
	if v := k.r.PostForm.Get(KeyField); validKey(v) {
		return v
	}
	return ""
}

// fingerprint is a hash, keyed with the client's key, of what the request
// asks: method, path, body and who asks. It reads the rest of the body.
func (k *keyed) fingerprint() []byte {
	if k.print == nil {
		actor := ""
		if a := ActorFrom(k.r); !a.IsZero() {
			actor = a.String()
		}
		m := hmac.New(sha256.New, []byte(k.key()))
		fmt.Fprintf(m, "setsafe request\x00%s\x00%s\x00%s\x00", k.r.Method, k.r.URL.RequestURI(), actor)
		m.Write(k.body.sum())
		k.print = m.Sum(nil)
	}
	return k.print
}

// keyHash is what the database finds a key by.
func keyHash(key string) []byte {
	h := sha256.Sum256([]byte("setsafe idempotency key\x00" + key))
	return h[:]
}

// validKey says whether a key is 16 to 255 visible ASCII characters.
func validKey(key string) bool {
	if len(key) < 16 || len(key) > 255 {
		return false
	}
	return !strings.ContainsFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e })
}

// headerKey reads the Idempotency-Key header, quoted or not.
func headerKey(values []string) (string, error) {
	key := ""
	if len(values) == 1 {
		key = strings.TrimSpace(values[0])
		if unquoted, err := strconv.Unquote(key); err == nil && strings.HasPrefix(key, `"`) {
			key = unquoted
		}
	}
	if !validKey(key) {
		return "", &setsafe.Error{Code: setsafe.EInvalid, Message: "Send one Idempotency-Key header of 16 to 255 visible ASCII characters, " +
			"such as a random UUID, and the same key when you send the same request again.",
			Fields: map[string]string{KeyHeader: "must be 16 to 255 visible ASCII characters"}}
	}
	return key, nil
}

// Keyed serves a change (anything but GET) so that, sent again with the
// same idempotency key, it is answered as it was the first time and
// records nothing new. API routes take the key from the header and pass
// requests without one straight through; page forms carry it in a hidden
// field. status is an API route's status on success.
func (s *Server) Keyed(next http.Handler, api bool, status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		k := &keyed{api: api, status: status}
		if v := r.Header.Values(KeyHeader); len(v) > 0 {
			key, err := headerKey(v)
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			k.header = key
		} else if api {
			next.ServeHTTP(w, r)
			return
		}
		k.body = newBodyDigest(r)
		r.Body = k.body
		if k.header == "" {
			k.peeked = k.body.formKey(r.Header.Get("Content-Type"))
		}
		r = r.WithContext(context.WithValue(r.Context(), keyedKey{}, k))
		k.r = r
		if key := k.key(); key != "" {
			rep, err := s.Config.Answers.Repeat(r.Context(), keyHash(key))
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			if rep != nil {
				s.answerAgain(w, r, k, rep)
				return
			}
		}
		rec := &recorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		if k.repeat != nil {
			s.answerAgain(w, r, k, k.repeat)
			return
		}
		// Kept with the answer, for the same request sent again.
		setLocation(r, rec.header, rec.status, nil)
		rec.send(w)
		if k.recorded {
			s.keepAnswer(k, rec)
		}
	})
}

// answerAgain answers a request whose key was recorded before: with the
// first answer once it is kept, after waiting for it a while; with the
// entries first recorded when no answer can be on its way any more; and
// otherwise with "still in progress, send it again".
func (s *Server) answerAgain(w http.ResponseWriter, r *http.Request, k *keyed, rep *setsafe.Repeated) {
	if rep.Other || !hmac.Equal(rep.Fingerprint, k.fingerprint()) {
		e := &setsafe.Error{Code: codeKeyReused, Message: "This form was sent already, with other values. To send it again, reload the page and fill it in."}
		if k.api {
			e.Message = "The Idempotency-Key was sent before with another request (another method, path, body or caller) within the last 24 hours. " +
				"Send a new key with a new request, and the same key only with the same request."
			e.Fields = map[string]string{KeyHeader: "was sent with another request"}
		}
		s.Fail(w, r, e)
		return
	}
	deadline := time.Now().Add(s.keyWait)
	for pause := 20 * time.Millisecond; rep.Answer == nil; pause = min(2*pause, 500*time.Millisecond) {
		if !s.Config.Clock.Now().Before(rep.At.Add(answerGrace)) {
			s.answerFromRecord(w, r, k, rep)
			return
		}
		if !time.Now().Before(deadline) {
			msg := "The first request with this Idempotency-Key is still being answered; send it again in a moment, with the same key."
			if !k.api {
				msg = "This form is still being sent; wait a moment and send it again."
			}
			w.Header().Set("Retry-After", "1")
			s.Fail(w, r, setsafe.Errorf(setsafe.EConflict, "%s", msg))
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(pause):
		}
		next, err := s.Config.Answers.Repeat(r.Context(), keyHash(k.key()))
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		if next != nil {
			rep = next
		}
	}
	a, err := openAnswer(k.key(), rep.Answer)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	a.writeTo(w, r)
}

// answerFromRecord answers, and keeps the answer to, a request recorded
// before whose answer was never kept: the server stopped between the two.
// The answer names the entries first recorded, as a RecordedResult with
// the route's success status, whatever the route answers otherwise (what
// it answered then, such as a firearm as it was, is not known any more);
// a refusal is refused again, and an anonymous reporter gets their
// receipt code. The OpenAPI document says so (idempotencyKeyParam).
func (s *Server) answerFromRecord(w http.ResponseWriter, r *http.Request, k *keyed, rep *setsafe.Repeated) {
	rec := &recorder{header: http.Header{}}
	receipt, isReceipt := s.receiptOf(r, rep.Events)
	switch {
	case rep.Refusal != nil:
		s.Fail(rec, r, rep.Refusal)
	case isReceipt && k.api:
		WriteJSON(rec, http.StatusCreated, receipt)
	case isReceipt && s.ReceiptPage != nil:
		if err := s.ReceiptPage(rec, r, receipt.Code); err != nil {
			s.Fail(rec, r, err)
		}
	case k.api:
		WriteJSON(rec, cmpOr(k.status, http.StatusOK), RecordedResult{Recorded: Recorded(rep.Events)})
	default:
		http.Redirect(rec, r, backTo(r), http.StatusSeeOther)
	}
	setLocation(r, rec.header, rec.status, rep.Events)
	// Kept before it is sent, so that every request sent again gets the
	// same answer, this one or one kept first.
	key := k.key()
	kept, err := s.Config.Answers.KeepAnswer(r.Context(), keyHash(key), sealAnswer(key, rec.kept()))
	if err == nil && !kept {
		if rep, err := s.Config.Answers.Repeat(r.Context(), keyHash(key)); err == nil && rep != nil && rep.Answer != nil {
			if a, err := openAnswer(key, rep.Answer); err == nil {
				a.writeTo(w, r)
				return
			}
		}
	}
	rec.send(w)
}

// keepAnswer keeps the answer just sent to a request that recorded with
// its key, for the same request sent again; the client does not wait for
// it, and a request sent again meanwhile waits for it. An error (5xx) is
// not kept: the request sent again is answered from its record.
func (s *Server) keepAnswer(k *keyed, rec *recorder) {
	if rec.status >= 500 {
		return
	}
	key, a, route, logged := k.key(), rec.kept(), routeOf(k.r), !Unlogged(k.r)
	s.keeping.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := s.Config.Answers.KeepAnswer(ctx, keyHash(key), sealAnswer(key, a)); err != nil && logged {
			s.log.Warn("an answer was not kept; the request sent again is answered from its entries", "route", route, "err", err)
		}
	})
}

// backTo is where a page form's answer rebuilt from its record leads: the
// page the form was on, or the production's.
func backTo(r *http.Request) string {
	if ref, err := http.NewRequest(http.MethodGet, r.Referer(), nil); err == nil && ref.URL.Host == r.Host && r.Host != "" {
		return LocalPath(ref.URL.RequestURI())
	}
	if pid := r.PathValue("production"); setsafe.ValidProductionID(pid) {
		return "/productions/" + pid
	}
	return "/"
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// errAnsweredBefore stops a handler whose request was recorded before:
// the first answer is given instead of the handler's.
var errAnsweredBefore = setsafe.Errorf(setsafe.EConflict, "This request was sent before; it is answered as it was then.")

// keyedLedger is the server's ledger: it carries a request's idempotency
// key to the writer, which records it with the request's first entries.
type keyedLedger struct{ Ledger }

// Append implements Ledger. The entries appended are noted for the
// request that creates something (see Creates).
func (l keyedLedger) Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error) {
	evs, err := l.appendKeyed(ctx, req)
	if c := creationOf(ctx); c != nil && err == nil {
		c.record(evs)
	}
	return evs, err
}

func (l keyedLedger) appendKeyed(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error) {
	k := keyedFrom(ctx)
	switch {
	case k == nil || req.Idempotency != nil:
		return l.Ledger.Append(ctx, req)
	case k.repeat != nil:
		return nil, errAnsweredBefore
	case k.recorded || k.key() == "":
		// Further appends of one request (a crew list's people, added one
		// by one) run as they are: the first recorded the key.
		return l.Ledger.Append(ctx, req)
	}
	req.Idempotency = &setsafe.Idempotency{Key: keyHash(k.key()), Fingerprint: k.fingerprint()}
	evs, err := l.Ledger.Append(ctx, req)
	if rep, ok := errors.AsType[*setsafe.Repeated](err); ok {
		k.repeat = rep
		return nil, errAnsweredBefore
	}
	k.recorded = len(evs) > 0
	return evs, err
}

// LocalPath returns next if it is a path on this site, and "/" otherwise,
// so that a sign-in link cannot send people elsewhere.
func LocalPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\") || strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	return next
}
