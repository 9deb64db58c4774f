package setsafe

import (
	"sync"
	"time"
)

// zones keeps the time zones loaded so far, by name: loading one reads the
// zone database from disk, and the set's zone is asked for by every
// decision that says what day it is and by every page that shows a time.
var zones sync.Map

// Zone returns the set's time zone, in which "today" and the times people
// read are said; UTC when the production names none or an unknown one.
func (p *Production) Zone() *time.Location {
	if p == nil || p.TimeZone == "" {
		return time.UTC
	}
	if l, ok := zones.Load(p.TimeZone); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return time.UTC
	}
	zones.Store(p.TimeZone, l)
	return l
}
