package http

import (
	"net/http"
	"sync"
	"time"
)

// zones keeps the time zones loaded so far by name: loading one reads the
// zone database from disk, and pages say times in the set's zone on every
// request.
type zones struct{ loaded sync.Map }

// of returns the named zone, or UTC when the name is empty or unknown.
func (z *zones) of(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	if l, ok := z.loaded.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	z.loaded.Store(name, l)
	return l
}

// setZone returns the time zone of the production in the request's URL, or
// UTC for pages about no production.
func (s *Server) setZone(r *http.Request) *time.Location {
	pid := r.PathValue("production")
	if pid == "" {
		return time.UTC
	}
	p, err := s.cfg.Records.Production(r.Context(), pid)
	if err != nil || p == nil {
		return time.UTC
	}
	return s.zones.of(p.TimeZone)
}
