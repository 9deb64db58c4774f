package http

import (
	"net/http"
	"time"
)

// SetZone returns the time zone of the production in the request's URL, or
// UTC for pages about no production.
func (s *Server) SetZone(r *http.Request) *time.Location {
	pid := r.PathValue("production")
	if pid == "" {
		return time.UTC
	}
	p, err := s.Config.Records.Production(r.Context(), pid)
	if err != nil {
		return time.UTC
	}
	return p.Zone()
}
