package api

import (
	"net/http"

	sshttp "github.com/setsafe/setsafe/http"
)

// crewListTypes are the media types a crew list may be sent as; any other
// is read the same way, as the file itself.
var crewListTypes = []string{"text/csv", "text/plain", "text/tab-separated-values", "application/octet-stream",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json", "multipart/form-data"}

// previewCrewList answers what importing a crew list would do; nothing
// changes.
func (s *handlers) previewCrewList(w http.ResponseWriter, r *http.Request) error {
	data, _, err := sshttp.ReadCrewListUpload(w, r)
	if err != nil {
		return err
	}
	a, plan, err := s.PlanCrewList(r, data)
	if err != nil {
		return sshttp.CrewListRefusal(err)
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.CrewListPlanView(a, plan))
	return nil
}

// importCrewList imports a crew list: it adds the new people and updates
// the known people's details, as the preview planned them, and answers
// what it did with each row.
func (s *handlers) importCrewList(w http.ResponseWriter, r *http.Request) error {
	data, roles, err := sshttp.ReadCrewListUpload(w, r)
	if err != nil {
		return err
	}
	a, plan, err := s.PlanCrewList(r, data)
	if err != nil {
		return sshttp.CrewListRefusal(err)
	}
	choices, err := sshttp.CheckPlaced(plan, roles)
	if err != nil {
		return err
	}
	res, err := s.ImportCrewList(r, a, plan, choices)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, res)
	return nil
}
