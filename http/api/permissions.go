package api

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

// tagPermissions are the routes of locations and the permissions hazards
// need from outside the production.
const tagPermissions = "Locations and permissions"

func (s *handlers) permissionRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const permission = prod + "/permissions/{permission}"
	created := createdAs(prod+"/permissions/{id}", func(b *setsafe.PermissionGranted) string { return b.ID })
	return []route{
		{method: "GET", path: prod + "/locations", tag: tagPermissions, summary: "The places the production shoots at, by ID.", signedIn: true,
			response: sshttp.LocationsView{}, handle: s.listLocations},
		{method: "POST", path: prod + "/locations", tag: tagPermissions, summary: "Add a place the production shoots at (location manager, safety coordinator, producers).", signedIn: true,
			body: sshttp.LocationRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.addLocation),
			created: createdAs(prod+"/locations/{id}", func(b *setsafe.LocationAdded) string { return b.ID }),
			example: sshttp.LocationRequest{Name: "Lamy siding", Address: "County Road 33, Lamy, NM"}},
		{method: "GET", path: prod + "/locations/{location}", tag: tagPermissions, summary: "One location.", signedIn: true,
			response: setsafe.Location{}, handle: s.getLocation},
		{method: "POST", path: prod + "/setups/{setup}/location", tag: tagPermissions, summary: "Place a set-up at a location: what names the location (a permission, a stop-work) applies to it.", signedIn: true,
			body: sshttp.PlaceRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.placeSetUp), example: sshttp.PlaceRequest{LocationID: "a2c4e6g8j1l3n5q7"}},
		{method: "GET", path: prod + "/permissions", tag: tagPermissions, summary: "The permissions hazards need, granted or refused, in the order recorded, each in force, not yet, expired, refused or withdrawn; with the kinds of permission.", signedIn: true,
			response: sshttp.PermissionsView{}, handle: s.listPermissions},
		{method: "POST", path: prod + "/permissions", tag: tagPermissions, summary: "Record a permission as its issuer granted it: its kind, validity, and the set-ups or location it covers (location manager, safety coordinator, producers).", signedIn: true,
			body: sshttp.PermissionRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.grantPermission), created: created,
			example: sshttp.PermissionRequest{Kind: "track_access", Issuer: "Santa Fe Southern Railway", Reference: "SFS-2026-114", ValidFrom: "2026-12-07", ValidUntil: "2026-12-09",
				LocationID: "a2c4e6g8j1l3n5q7", Area: "Mile 3 to mile 4, both tracks"}},
		{method: "POST", path: prod + "/permissions/refusals", tag: tagPermissions, summary: "Record that an issuer refused a permission, with their reason: what it would cover is NO-GO until a later grant.", signedIn: true,
			body: sshttp.RefusalRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.refusePermission),
			created: createdAs(prod+"/permissions/{id}", func(b *setsafe.PermissionRefused) string { return b.ID }),
			example: sshttp.RefusalRequest{Kind: "track_access", Issuer: "Santa Fe Southern Railway", Reason: "Freight traffic that week", SetUpIDs: []string{"b3d5f7h9k2m4p6r8"}}},
		{method: "GET", path: permission, tag: tagPermissions, summary: "One permission on record and where it stands now.", signedIn: true,
			response: sshttp.PermissionView{}, handle: s.getPermission},
		{method: "POST", path: permission + "/withdraw", tag: tagPermissions, summary: "Withdraw a permission or refusal recorded by mistake, with the reason; its entry corrects the one that recorded it.", signedIn: true,
			body: sshttp.ReasonRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.withdrawPermission), example: sshttp.ReasonRequest{Reason: "Recorded against the wrong siding"}},
		{method: "POST", path: permission + "/document", tag: tagPermissions, summary: "Attach the permission's document (PDF, or a JPEG or PNG photo kept without its metadata); the latest is its document.", signedIn: true,
			consumes: setsafe.FileTypes, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: s.attach(setsafe.SubjectHazardPermission, "permission"), query: captionQuery,
			created: createdAs(permission+"/document", func(b *setsafe.FileAttached) string { return "" })},
		{method: "GET", path: permission + "/document", tag: tagPermissions, summary: "The permission's document, as attached.", signedIn: true,
			produces: servedFileTypes, handle: s.getPermissionDocument},
	}
}

func (s *handlers) listLocations(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.LocationsView{Locations: append([]*setsafe.Location{}, st.Locations()...)})
	return nil
}

func (s *handlers) addLocation(w http.ResponseWriter, r *http.Request, req sshttp.LocationRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) getLocation(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	l := st.Location(r.PathValue("location"))
	if l == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no location %q in this production.", r.PathValue("location"))
	}
	sshttp.WriteJSON(w, http.StatusOK, l)
	return nil
}

func (s *handlers) placeSetUp(w http.ResponseWriter, r *http.Request, req sshttp.PlaceRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.PlaceSetUp{SetUpID: r.PathValue("setup"), LocationID: req.LocationID})
}

func (s *handlers) listPermissions(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	now := s.Config.Clock.Now()
	view := sshttp.PermissionsView{Permissions: []sshttp.PermissionView{}, Kinds: gate.PermissionKinds}
	for _, p := range st.Permissions() {
		view.Permissions = append(view.Permissions, sshttp.NewPermissionView(p, now))
	}
	sortBySeq(view.Permissions)
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

func (s *handlers) grantPermission(w http.ResponseWriter, r *http.Request, req sshttp.PermissionRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) refusePermission(w http.ResponseWriter, r *http.Request, req sshttp.RefusalRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) withdrawPermission(w http.ResponseWriter, r *http.Request, req sshttp.ReasonRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.WithdrawPermission{ID: r.PathValue("permission"), Reason: req.Reason})
}

// permission reads the permission the URL names.
func (s *handlers) permission(r *http.Request) (*setsafe.HazardPermission, error) {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return nil, err
	}
	p := st.HazardPermission(r.PathValue("permission"))
	if p == nil {
		return nil, setsafe.Errorf(setsafe.ENotFound, "There is no permission %q in this production.", r.PathValue("permission"))
	}
	return p, nil
}

func (s *handlers) getPermission(w http.ResponseWriter, r *http.Request) error {
	p, err := s.permission(r)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewPermissionView(p, s.Config.Clock.Now()))
	return nil
}

// getPermissionDocument answers the permission's document to anyone on
// the production, who sees the permissions the gate reads.
func (s *handlers) getPermissionDocument(w http.ResponseWriter, r *http.Request) error {
	p, err := s.permission(r)
	if err != nil {
		return err
	}
	if p.File == "" {
		return setsafe.Errorf(setsafe.ENotFound, "Permission %s has no document attached; attach it with POST %s.", p.ID, r.URL.Path)
	}
	pid, _ := sshttp.ProductionID(r)
	contentType, data, err := s.Config.Armory.File(r.Context(), pid, p.File)
	if err != nil {
		return err
	}
	writeFile(w, contentType, data)
	return nil
}

// sortBySeq orders permissions as they were recorded.
func sortBySeq(ps []sshttp.PermissionView) {
	slices.SortFunc(ps, func(a, b sshttp.PermissionView) int { return cmp.Compare(a.RecordedSeq, b.RecordedSeq) })
}
