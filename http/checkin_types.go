package http

import (
	"slices"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// CheckInRequest checks a person in or out on set.
type CheckInRequest struct {
	// PersonID is who checks in or out; left out, the signed-in person.
	PersonID string `json:"person_id,omitempty"`
	// OccurredAt is when they arrived or left, if not now: RFC 3339, or
	// YYYY-MM-DDTHH:MM on the set's clock; not in the future, not more
	// than 12 hours ago, and today on set.
	OccurredAt string `json:"occurred_at,omitempty"`
	// PIN is the person's own PIN, typed on the shared device of the day
	// (signed in by someone who runs the day); left out, the signed-in
	// person checks themselves in or out, or, for a check-out, someone who
	// runs the day checks out a person who left without doing so.
	PIN string `json:"pin,omitempty"`
}

// OnSiteView is who is on site now: checked in today and not checked out.
type OnSiteView struct {
	Day    string       `json:"day"`
	People []OnSiteItem `json:"people"`
	// Medics counts the medics on site, whom hazards such as stunts and
	// pyrotechnics need.
	Medics int `json:"medics"`
}

// OnSiteItem is one person on site and since when.
type OnSiteItem struct {
	PersonID    string    `json:"person_id"`
	Name        string    `json:"name"`
	Since       time.Time `json:"since"`
	ConfirmedBy string    `json:"confirmed_by"`
	// Medic is true for a medic.
	Medic bool `json:"medic"`
	// HazardDuties are the person's roles some hazard needs on site (a
	// stunt coordinator, a pyrotechnician, a safety diver...).
	HazardDuties []string `json:"hazard_duties"`
}

// OnSiteNow lists who is on site in st at now, by name.
func OnSiteNow(st *setsafe.State, now time.Time) OnSiteView {
	v := OnSiteView{Day: st.Day(now), People: []OnSiteItem{}}
	needed := gate.NeededDuties()
	for _, p := range st.OnSiteNow(now) {
		c := st.CheckIn(p.ID)
		it := OnSiteItem{PersonID: p.ID, Name: p.Name, Since: c.Since, ConfirmedBy: c.ConfirmedBy, HazardDuties: []string{}}
		for _, r := range st.RolesOf(p.ID) {
			it.Medic = it.Medic || r == setsafe.RoleMedic
			if slices.Contains(needed, string(r)) {
				it.HazardDuties = append(it.HazardDuties, string(r))
			}
		}
		if it.Medic {
			v.Medics++
		}
		v.People = append(v.People, it)
	}
	return v
}
