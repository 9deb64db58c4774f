package http

import (
	"context"
	"net/http"
	"sync"

	"github.com/setsafe/setsafe"
)

// What a request created, and where it can be read. An API route that
// answers 201 Created names in Location the path of what it created: its
// Created finds it from the request and the entries the request recorded,
// so that the same Location is given when a request sent again is
// answered from its record (see answerFromRecord).

// Created returns the path of what a request created, from the request
// and the entries it recorded, or "" when it finds none.
type Created func(r *http.Request, recorded []setsafe.Event) string

type createdKey struct{}

// creation is a request to a route that creates: where what it creates is
// read, and the entries it recorded so far.
type creation struct {
	at       Created
	mu       sync.Mutex
	recorded []setsafe.Event
}

func creationOf(ctx context.Context) *creation {
	c, _ := ctx.Value(createdKey{}).(*creation)
	return c
}

// Creates serves a route that creates: its answers 201 Created name in
// Location what at finds the request created. It wraps the route's
// handler, idempotency keys and all.
func Creates(next http.Handler, at Created) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &creation{at: at}
		r = r.WithContext(context.WithValue(r.Context(), createdKey{}, c))
		next.ServeHTTP(&locating{ResponseWriter: w, r: r}, r)
	})
}

// recorded notes entries a request recorded.
func (c *creation) record(evs []setsafe.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recorded = append(c.recorded, evs...)
}

// setLocation sets Location on an answer of status 201 to a request that
// creates, unless it has one, from the entries the request recorded (or
// those given, for an answer rebuilt from the record).
func setLocation(r *http.Request, h http.Header, status int, recorded []setsafe.Event) {
	c := creationOf(r.Context())
	if c == nil || status != http.StatusCreated || h.Get("Location") != "" {
		return
	}
	if recorded == nil {
		c.mu.Lock()
		recorded = append([]setsafe.Event(nil), c.recorded...)
		c.mu.Unlock()
	}
	if at := c.at(r, recorded); at != "" {
		h.Set("Location", at)
	}
}

// locating sets Location on a 201 answer as it is sent.
type locating struct {
	http.ResponseWriter
	r *http.Request
}

func (l *locating) WriteHeader(status int) {
	setLocation(l.r, l.Header(), status, nil)
	l.ResponseWriter.WriteHeader(status)
}

func (l *locating) Write(b []byte) (int, error) {
	// An answer written without WriteHeader is 200: nothing to locate.
	return l.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the writer underneath.
func (l *locating) Unwrap() http.ResponseWriter { return l.ResponseWriter }
