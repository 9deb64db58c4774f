package http

import "github.com/setsafe/setsafe/photo"

// Photos is the budget of the photos this server reads.
func (s *Server) Photos() *photo.Budget {
	if s.Config.Photos != nil {
		return s.Config.Photos
	}
	return photo.Default()
}
