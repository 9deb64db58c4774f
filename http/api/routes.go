package api

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// route is one endpoint of the JSON API: how to serve it and how to
// document it. The OpenAPI document is built from this table, and the same
// table registers the handlers.
type route struct {
	method, path string
	summary      string
	tag          string
	// signedIn routes answer 401 to callers without a session or token.
	signedIn bool
	// credentials routes check a secret of their own (a password, a
	// setup token) and answer 401 when it is wrong.
	credentials bool
	// limited routes answer 429 past a limit on attempts or reports.
	limited bool
	// body is a value of the request body's type, or nil for none.
	body any
	// response is a value of the success response's type, or nil for none.
	response any
	// produces are the success response's media types when it is not
	// JSON.
	produces []string
	// consumes are the request body's media types when it is not JSON: a
	// file sent as it is.
	consumes []string
	// answers are error statuses the route answers beyond those read from
	// what it takes (see errorStatuses).
	answers []int
	// example is an example request body for the documentation.
	example any
	// status is the success status (200 when zero).
	status int
	// created, for a route that answers 201 Created, finds where what it
	// created is read, for Location.
	created sshttp.Created
	query   []queryParam
	handle  func(http.ResponseWriter, *http.Request) error
}

// queryParam is one query parameter of a route, with the JSON Schema of its
// value as the handler reads it (see sshttp.QueryInt, wholeFrom, oneOf).
type queryParam struct {
	name, description string
	required          bool
	schema            map[string]any
}

// wholeFrom is the schema of an integer query parameter read by queryInt
// with the least value min.
func wholeFrom(min, max int64) map[string]any {
	return map[string]any{"type": "integer", "minimum": min, "maximum": max}
}

// oneOf is the schema of a string query parameter that takes one of values.
func oneOf(values ...string) map[string]any {
	return map[string]any{"type": "string", "enum": values}
}

// api wraps a route's handler: it refuses anonymous callers of signed-in
// routes and turns returned errors into answers. A change sent with an
// Idempotency-Key is answered as it was the first time (see sshttp.Server.Keyed).
func (s *handlers) api(rt route) http.Handler {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.signedIn && sshttp.ActorFrom(r).IsZero() {
			s.Fail(w, r, sshttp.MustSignIn())
			return
		}
		if err := rt.handle(w, r); err != nil {
			s.Fail(w, r, err)
		}
	})
	if rt.method == "" || rt.method == http.MethodGet {
		return h
	}
	if rt.created != nil {
		return sshttp.Creates(s.Keyed(h, true, rt.status), rt.created)
	}
	return s.Keyed(h, true, rt.status)
}

// handlers serve the JSON API over the Server's commands and reads.
type handlers struct {
	*sshttp.Server
	// The document is built once, when it is first asked for.
	openapiOnce sync.Once
	openapi     map[string]any
}

// Mount registers every route of the JSON API on s; it is a Part of the
// Server.
func Mount(s *sshttp.Server) error {
	a := &handlers{Server: s}
	for _, rt := range a.apiRoutes() {
		if (rt.status == http.StatusCreated) != (rt.created != nil) {
			return fmt.Errorf("api: %s %s answers %d and says where what it creates is read: %v", rt.method, rt.path, rt.status, rt.created != nil)
		}
		s.Handle(rt.method+" "+rt.path, a.api(rt))
	}
	s.Handle("/api/", a.api(route{handle: a.noRoute}))
	return nil
}

const (
	tagSession     = "Session"
	tagAccounts    = "Accounts"
	tagTokens      = "API tokens"
	tagProductions = "Productions"
	tagPeople      = "People and roles"
	tagLedger      = "Evidence ledger"
	tagService     = "Service"
	tagArmory      = "Armory and custody"
	tagPreparation = "Safety preparation"
	tagDay         = "The day on set"
	tagConcerns    = "Concerns"
)

func (s *handlers) apiRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const person = prod + "/people/{person}"
	const personCreated = prod + "/people/{id}"
	const ldg = "/api/v1/ledgers/{ledger}"
	return marked(append([]route{
		{method: "GET", path: "/api/v1/openapi.json", tag: tagService, summary: "The OpenAPI description of this API.", response: map[string]any{}, handle: s.openAPIDocument},
		{method: "GET", path: "/api/v1/problems/{code}", tag: tagService, summary: "What a kind of error means: the type of every error with this code.",
			response: sshttp.ProblemType{}, handle: s.problemType},
		{method: "POST", path: "/api/v1/setup", tag: tagSession, summary: "Create the first site administrator with the one-time setup token printed at start.",
			body: sshttp.SetupRequest{}, response: sshttp.AccountResult{}, status: http.StatusCreated, created: accountCreated, answers: []int{http.StatusNotFound}, handle: s.setup},
		{method: "POST", path: "/api/v1/session", tag: tagSession, summary: "Sign in with e-mail address and password; sets the session cookie.",
			body: sshttp.SignInRequest{}, response: sshttp.SessionView{}, handle: s.signInAPI},
		{method: "GET", path: "/api/v1/session", tag: tagSession, summary: "The signed-in account.", signedIn: true, response: sshttp.SessionView{}, handle: s.whoAmI},
		{method: "DELETE", path: "/api/v1/session", tag: tagSession, summary: "Sign out.", status: http.StatusNoContent, handle: s.signOut},

		{method: "GET", path: "/api/v1/accounts", tag: tagAccounts, summary: "Every account, by e-mail address (site administrators).", signedIn: true,
			response: sshttp.AccountList{}, handle: s.listAccounts, query: partQuery},
		{method: "POST", path: "/api/v1/accounts", tag: tagAccounts, summary: "Create an account (site administrators).", signedIn: true,
			body: sshttp.AccountRequest{}, response: sshttp.AccountResult{}, status: http.StatusCreated, created: accountCreated, handle: s.createAccount},
		{method: "GET", path: "/api/v1/accounts/{account}", tag: tagAccounts, summary: "One account: your own, or any for site administrators.", signedIn: true,
			response: sshttp.AccountView{}, handle: s.getAccount},
		{method: "PATCH", path: "/api/v1/accounts/{account}", tag: tagAccounts, summary: "Change an account's e-mail address or name; fields left out keep their values.", signedIn: true,
			body: sshttp.AccountUpdate{}, response: sshttp.AccountResult{}, handle: s.updateAccount},
		{method: "PUT", path: "/api/v1/accounts/{account}/password", tag: tagAccounts, summary: "Set a new password (your own with the current one, or any as site administrator).", signedIn: true,
			body: sshttp.PasswordRequest{}, response: sshttp.AccountResult{}, handle: s.setPassword},
		{method: "POST", path: "/api/v1/accounts/{account}/disable", tag: tagAccounts, summary: "Stop an account signing in (site administrators).", signedIn: true,
			body: sshttp.ReasonRequest{}, response: sshttp.AccountResult{}, handle: s.disableAccount},
		{method: "POST", path: "/api/v1/accounts/{account}/enable", tag: tagAccounts, summary: "Let a disabled account sign in again (site administrators).", signedIn: true,
			response: sshttp.AccountResult{}, handle: s.enableAccount},
		{method: "PUT", path: "/api/v1/accounts/{account}/site-admin", tag: tagAccounts, summary: "Make an account a site administrator, or not.", signedIn: true,
			body: sshttp.SiteAdminRequest{}, response: sshttp.AccountResult{}, handle: s.setSiteAdmin},

		{method: "GET", path: "/api/v1/tokens", tag: tagTokens, summary: "Your API tokens, newest first.", signedIn: true, response: sshttp.TokenList{}, handle: s.listTokens, query: partQuery},
		{method: "POST", path: "/api/v1/tokens", tag: tagTokens, summary: "Create an API token; its secret is shown in this answer only.", signedIn: true,
			body: sshttp.TokenRequest{}, response: sshttp.TokenResult{}, status: http.StatusCreated, handle: s.createToken,
			created: createdAs("/api/v1/tokens/{id}", func(b *setsafe.APITokenCreated) string { return b.ID })},
		{method: "GET", path: "/api/v1/tokens/{token}", tag: tagTokens, summary: "One API token: your own, or any for site administrators; never its secret.", signedIn: true,
			response: sshttp.TokenView{}, handle: s.getToken},
		{method: "POST", path: "/api/v1/tokens/{token}/revoke", tag: tagTokens, summary: "Revoke an API token.", signedIn: true, response: sshttp.TokenResult{}, handle: s.revokeToken},

		{method: "GET", path: "/api/v1/productions", tag: tagProductions, summary: "The productions you have a role in (all, for site administrators), by name.", signedIn: true,
			response: sshttp.ProductionList{}, handle: s.listProductions, query: partQuery},
		{method: "POST", path: "/api/v1/productions", tag: tagProductions, summary: "Create a production with its own ledger (site administrators).", signedIn: true,
			body: sshttp.ProductionRequest{}, response: sshttp.ProductionResult{}, status: http.StatusCreated, handle: s.createProduction,
			created: createdAs("/api/v1/productions/{id}", func(b *setsafe.ProductionCreated) string { return b.ID })},
		{method: "GET", path: prod, tag: tagProductions, summary: "A production and your roles in it.", signedIn: true, response: sshttp.ProductionView{}, handle: s.getProduction},
		{method: "PATCH", path: prod, tag: tagProductions, summary: "Change a production's details; fields left out keep their values.", signedIn: true,
			body: sshttp.ProductionUpdate{}, response: sshttp.ProductionResult{}, handle: s.updateProduction},
		{method: "GET", path: prod + "/surge", tag: tagProductions, summary: "Today's concerns raised and people who left or joined the crew, beside the production's usual day (the average of up to 14 days before); a walk-off shows as a surge.",
			signedIn: true, response: setsafe.Surge{}, handle: s.getSurge},

		{method: "GET", path: prod + "/people", tag: tagPeople, summary: "The crew and cast list with roles, by name.", signedIn: true, response: sshttp.PeopleList{}, handle: s.listPeople,
			query: partQuery},
		{method: "POST", path: prod + "/people", tag: tagPeople, summary: "Add a person to the crew or cast list.", signedIn: true,
			body: sshttp.PersonRequest{}, response: sshttp.PersonResult{}, status: http.StatusCreated, handle: s.addPerson,
			created: createdAs(personCreated, func(b *setsafe.PersonAdded) string { return b.ID })},
		{method: "POST", path: prod + "/crew-list/preview", tag: tagPeople,
			summary: "Preview the import of a crew list: whom it adds, whose details it changes (blank cells change nothing), who is no longer on it, and the rows to fix; nothing changes. " +
				"Send the file as the body (CSV in UTF-8, Windows-1252 or UTF-16, separated by commas, semicolons or tabs, or an Excel workbook, whose first sheet is read; up to 1 MB), in the multipart field file, or as the JSON of the import.",
			signedIn: true, consumes: crewListTypes, response: sshttp.CrewListPlan{}, handle: s.previewCrewList},
		{method: "POST", path: prod + "/crew-list/import", tag: tagPeople,
			summary: "Import a crew list as the preview shows it: the new people are added (with the roles their titles propose, or roles chosen for unplaced titles, when you may grant roles) and the known people's details updated, each row on its own; nobody is removed. " +
				"Send an Idempotency-Key to make a retry safe.",
			signedIn: true, body: sshttp.CrewListImport{}, response: sshttp.CrewListResult{}, handle: s.importCrewList,
			example: map[string]any{"file": "TmFtZSxKb2IgdGl0bGUKUm9zYSBWZWdhLEd1biB3cmFuZ2xlcgpTYW0gT3J0aXosS2V5IEdyaXAK", "roles": map[string]string{"Key Grip": "department_head"}}},
		{method: "GET", path: person, tag: tagPeople, summary: "One person and their roles.", signedIn: true, response: sshttp.PersonView{}, handle: s.getPerson},
		{method: "PATCH", path: person, tag: tagPeople, summary: "Change a person's details, or correct an earlier entry; fields left out keep their values.", signedIn: true,
			body: sshttp.PersonUpdate{}, response: sshttp.PersonResult{}, handle: s.updatePerson},
		{method: "POST", path: person + "/leave", tag: tagPeople, summary: "Record that a person left the production; their roles end. The last qualified armorer on duty does not leave while firearms are out (FA-2) but in an emergency (see /duty/end).", signedIn: true,
			body: sshttp.LeaveRequest{}, response: sshttp.PersonResult{}, handle: s.removePerson},
		{method: "PUT", path: person + "/account", tag: tagPeople, summary: "Link a person to the site account they sign in with.", signedIn: true,
			body: sshttp.LinkRequest{}, response: sshttp.PersonResult{}, handle: s.linkAccount},
		{method: "DELETE", path: person + "/account", tag: tagPeople, summary: "Unlink a person's account.", signedIn: true, response: sshttp.PersonResult{}, handle: s.unlinkAccount},
		{method: "PUT", path: person + "/pin", tag: tagPeople, summary: "Set a person's PIN (your own, or anyone's if you manage the crew list).", signedIn: true,
			body: sshttp.PINRequest{}, response: sshttp.PersonResult{}, handle: s.setPIN},
		{method: "POST", path: person + "/roles", tag: tagPeople, summary: "Grant a role.", signedIn: true,
			body: sshttp.RoleRequest{}, response: sshttp.PersonResult{}, handle: s.grantRole},
		{method: "POST", path: person + "/roles/{role}/revoke", tag: tagPeople, summary: "Revoke a role. The last qualified armorer on duty keeps the role while firearms are out (FA-2) but in an emergency (see /duty/end).", signedIn: true,
			body: sshttp.RevokeRequest{}, response: sshttp.PersonResult{}, handle: s.revokeRole},
		{method: "POST", path: person + "/title-duties/set-aside", tag: tagPeople,
			summary: "Record that the person's job title does not mean some duties it says on this production, with a reason (FA-4); it holds until the title changes.", signedIn: true,
			body: sshttp.TitleDutiesRequest{}, response: sshttp.PersonResult{}, handle: s.setAsideTitleDuties},

		{method: "GET", path: ldg + "/entries", tag: tagLedger, summary: "Entries of a ledger (a production ID, or site), in order.", signedIn: true,
			response: sshttp.EntriesView{}, handle: s.listEntries, query: []queryParam{
				{name: "after", description: "Return entries after this sequence number (default 0).", schema: wholeFrom(0, 1<<62)},
				{name: "limit", description: "At most this many entries, 1 to 1000 (default 100).", schema: wholeFrom(1, 1000)}}},
		{method: "GET", path: ldg + "/entries/{seq}", tag: tagLedger, summary: "One entry.", signedIn: true, response: sshttp.EntryView{}, handle: s.getEntry},
		{method: "GET", path: ldg + "/checkpoint", tag: tagLedger, summary: "The latest signed checkpoint, or the one of a given size.", signedIn: true,
			response: sshttp.CheckpointView{}, handle: s.getCheckpoint, query: []queryParam{{name: "size", description: "The tree size of the checkpoint wanted.", schema: wholeFrom(1, 1<<62)}}},
		{method: "POST", path: ldg + "/checkpoint", tag: tagLedger, summary: "Sign a checkpoint of the ledger as it is now.", signedIn: true,
			response: sshttp.CheckpointView{}, handle: s.signCheckpoint},
		{method: "GET", path: ldg + "/proof/inclusion", tag: tagLedger, summary: "RFC 6962 proof that an entry is in the tree of a given size.", signedIn: true,
			response: sshttp.InclusionView{}, handle: s.inclusionProof, query: []queryParam{
				{name: "seq", description: "The entry's sequence number.", required: true, schema: wholeFrom(1, 1<<62)},
				{name: "size", description: "The tree size (default: the latest checkpoint's).", schema: wholeFrom(1, 1<<62)}}},
		{method: "GET", path: ldg + "/proof/consistency", tag: tagLedger, summary: "RFC 6962 proof that a smaller tree is a prefix of a larger one.", signedIn: true,
			response: sshttp.ConsistencyView{}, handle: s.consistencyProof, query: []queryParam{
				{name: "from", description: "The smaller tree size.", required: true, schema: wholeFrom(0, 1<<62)},
				{name: "to", description: "The larger tree size (default: the latest checkpoint's).", schema: wholeFrom(1, 1<<62)}}},
		{method: "GET", path: "/api/v1/verifier-key", tag: tagLedger, summary: "The key that verifies this server's checkpoints.", signedIn: true,
			response: sshttp.VerifierKeyView{}, handle: s.verifierKey},
	}, slices.Concat(s.armoryRoutes(), s.custodyEndRoutes(), s.fileRoutes(), s.dayRoutes(), s.countRoutes(), s.checkInRoutes(), s.concernRoutes(), s.escalationRoutes(),
		s.permissionRoutes(), s.incidentRoutes(), s.injuryRecordRoutes(), s.dashboardRoutes(), s.safetyReportRoutes(), s.witnessRoutes(), s.attestationRoutes())...))
}

// accountCreated locates an account created.
var accountCreated = createdAs("/api/v1/accounts/{id}", func(b *setsafe.AccountCreated) string { return b.ID })

// partQuery are the query parameters of a list that grows with use, which
// is answered a part at a time (see sshttp.ListPart).
var partQuery = []queryParam{
	{name: "cursor", description: "Where this part starts: the next_cursor of the part before; none for the first part. " +
		"A cursor is opaque: send back one this list gave, unchanged.", schema: map[string]any{"type": "string", "maxLength": 1024}},
	{name: "limit", description: "At most this many, 1 to 1000 (default 100). A list with more answers a next_cursor.", schema: wholeFrom(1, sshttp.MaxPartLimit)},
}

// partQueryNoting is partQuery, its cursor described with a note on the
// list's own parts.
func partQueryNoting(note string) []queryParam {
	q := slices.Clone(partQuery)
	q[0].description += " " + note
	return q
}

// reportPaths end the paths of the routes that send a report, which count
// against the sender's limit on reports (see the core's limit on reports per person).
var reportPaths = []string{"/concerns", "/replies", "/stop-works", "/discharges", "/live-rounds"}

// marked sets what routes answer beyond their own handler's statuses:
// the changes anyone may send without signing in check a secret (a
// password, the setup token) or are limited per client, a PIN checked
// locks after wrong attempts, and reports count against their sender's
// limit.
func marked(routes []route) []route {
	for i := range routes {
		rt := &routes[i]
		if rt.method == http.MethodGet {
			continue
		}
		open := !rt.signedIn && rt.method == http.MethodPost
		anonymous := strings.HasPrefix(rt.path, "/api/v1/report/")
		rt.credentials = rt.credentials || open && !anonymous
		// Sign-ins are limited per address and client, anonymous reports
		// and receipt codes per client; a PIN checked (not one being set)
		// locks after wrong attempts.
		checksPIN := rt.body != nil && reflect.TypeOf(rt.body) != reflect.TypeFor[sshttp.PINRequest]() && takesPIN(reflect.TypeOf(rt.body), 0)
		rt.limited = rt.limited || open && (anonymous || rt.path == "/api/v1/session") || checksPIN ||
			slices.ContainsFunc(reportPaths, func(p string) bool { return strings.HasSuffix(rt.path, p) })
	}
	return routes
}

// takesPIN reports whether a request body of type t carries a PIN: a
// field named PIN, or ending in it (a hand-off's GiverPIN, ReceiverPIN).
func takesPIN(t reflect.Type, depth int) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || depth > 3 {
		return false
	}
	for f := range t.Fields() {
		if strings.HasSuffix(f.Name, "PIN") && f.Type.Kind() == reflect.String || takesPIN(f.Type, depth+1) {
			return true
		}
	}
	return false
}

// noRoute answers API requests that match no route: 405 with the allowed
// methods when the path exists, 404 otherwise.
func (s *handlers) noRoute(w http.ResponseWriter, r *http.Request) error {
	var allowed []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.Mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		sshttp.WriteProblem(w, http.StatusMethodNotAllowed, sshttp.ErrorDetail{Code: setsafe.EInvalid,
			Message: fmt.Sprintf("%s is not allowed on %s; use %s.", r.Method, r.URL.Path, strings.Join(allowed, " or "))})
		return nil
	}
	return setsafe.Errorf(setsafe.ENotFound, "There is no API route %s %s; see /api/v1/openapi.json.", r.Method, r.URL.Path)
}

// problemType describes the kind of error a problem's type names.
func (s *handlers) problemType(w http.ResponseWriter, r *http.Request) error {
	kind, ok := sshttp.ProblemTypeOf(r.PathValue("code"))
	if !ok {
		return setsafe.Errorf(setsafe.ENotFound, "There is no kind of error %q; the codes are %s.", r.PathValue("code"), strings.Join(sshttp.ProblemCodes(), ", "))
	}
	sshttp.WriteJSON(w, http.StatusOK, kind)
	return nil
}
