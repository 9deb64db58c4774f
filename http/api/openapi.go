package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// integerPathParams are the path parameters read as positive whole
// numbers (see sshttp.PathInt); the others are IDs and names.
var integerPathParams = map[string]bool{"seq": true, "reconciliation": true}

// OpenAPI returns the OpenAPI 3.1 document of the API of a build of the
// given version, built from the route table.
func OpenAPI(version string) map[string]any {
	return (*handlers)(nil).buildOpenAPI(version)
}

func (s *handlers) openAPIDocument(w http.ResponseWriter, r *http.Request) error {
	s.openapiOnce.Do(func() { s.openapi = s.buildOpenAPI(s.Config.Version) })
	sshttp.WriteJSON(w, http.StatusOK, s.openapi)
	return nil
}

// buildOpenAPI builds the document from the route table; it reads
// nothing of s but its routes, so s may be nil.
func (s *handlers) buildOpenAPI(version string) map[string]any {
	g := &schemas{defs: map[string]any{}}
	g.of(reflect.TypeFor[sshttp.Problem]())
	// The codes an error can carry are those StatusOf maps, and its type
	// is the one of its code.
	problem := g.defs["Problem"].(map[string]any)["properties"].(map[string]any)
	problem["code"] = map[string]any{"type": "string", "enum": sshttp.ProblemCodes()}
	problem["type"] = map[string]any{"type": "string", "format": "uri-reference",
		"description": "The kind of problem: " + sshttp.ProblemTypes + "{code}, relative to the server; GET on it describes the kind."}
	problem["status"] = map[string]any{"type": "integer", "minimum": 400, "maximum": 599}
	paths := map[string]any{}
	add := func(method, path string, op map[string]any) {
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = op
	}
	for _, rt := range s.apiRoutes() {
		op := map[string]any{
			"summary":     rt.summary,
			"tags":        []string{rt.tag},
			"operationId": operationID(rt.method, rt.path),
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
			schema := map[string]any{"type": "string"}
			if integerPathParams[m[1]] {
				schema = map[string]any{"type": "integer", "minimum": 1}
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
		}
		for _, q := range rt.query {
			schema := q.schema
			if schema == nil {
				schema = map[string]any{"type": "string"}
			}
			params = append(params, map[string]any{"name": q.name, "in": "query", "required": q.required,
				"description": q.description, "schema": schema})
		}
		if rt.method != http.MethodGet {
			params = append(params, idempotencyKeyParam)
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.body != nil {
			media := map[string]any{"schema": g.of(reflect.TypeOf(rt.body))}
			if rt.example != nil {
				media["example"] = rt.example
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": media}}
		}
		if len(rt.consumes) > 0 {
			op["requestBody"] = map[string]any{"required": true, "content": binaryContent(rt.consumes)}
		}
		status := rt.status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		switch {
		case len(rt.produces) > 0:
			ok["content"] = binaryContent(rt.produces)
		case rt.response != nil:
			schema := g.of(reflect.TypeOf(rt.response))
			if t := reflect.TypeOf(rt.response); rt.method != http.MethodGet && t != recordedType && t != receiptType {
				// A change sent again with its Idempotency-Key, whose first
				// answer was never kept, is answered with the entries it
				// recorded (see answerFromRecord).
				schema = map[string]any{"anyOf": []any{schema, g.of(recordedType)}}
			}
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schema}}
		}
		if rt.created != nil {
			ok["headers"] = map[string]any{"Location": locationHeader(rt.path)}
		}
		responses := map[string]any{strconv.Itoa(status): ok}
		for _, e := range rt.errorStatuses() {
			responses[strconv.Itoa(e)] = errorResponse(e)
		}
		op["responses"] = responses
		if !rt.signedIn {
			op["security"] = []any{}
		}
		add(rt.method, rt.path, op)
	}
	add("GET", "/healthz", map[string]any{
		"summary": "Whether the server's process is up and answers (liveness); it does not ask the database.", "tags": []string{tagService},
		"operationId": "getHealthz", "security": []any{},
		"responses": map[string]any{
			"200": map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": g.of(reflect.TypeFor[sshttp.HealthView]())}}},
			"500": errorResponse(http.StatusInternalServerError),
		},
	})
	add("GET", "/readyz", map[string]any{
		"summary": "Whether the server can take work (readiness): its database answers, its schema is migrated and its signing key is loaded.",
		"tags":    []string{tagService}, "operationId": "getReadyz", "security": []any{},
		"responses": map[string]any{
			"200": map[string]any{"description": "Ready.", "content": map[string]any{"application/json": map[string]any{"schema": g.of(reflect.TypeFor[sshttp.HealthView]())}}},
			"503": map[string]any{"description": "Not ready: reason says what is wrong (database, migrations or signing_key) and message why.",
				"content": map[string]any{"application/json": map[string]any{"schema": g.of(reflect.TypeFor[sshttp.HealthView]())}}},
			"500": errorResponse(http.StatusInternalServerError),
		},
	})
	add("GET", "/metrics", map[string]any{
		"summary": "Prometheus metrics, for this machine or a scraper with the metrics token.", "tags": []string{tagService}, "operationId": "getMetrics",
		"security": []any{},
		"responses": map[string]any{"200": map[string]any{"description": "Metrics in Prometheus's text format.",
			"content": map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}},
			"403": errorResponse(http.StatusForbidden), "404": errorResponse(http.StatusNotFound), "500": errorResponse(http.StatusInternalServerError)},
	})
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "setsafe API",
			"version": version,
			"description": "setsafe keeps film and TV sets safe and proves afterwards what happened. Every change is an entry " +
				"in a tamper-evident ledger; answers to changes name the entries they recorded. Errors are RFC 9457 problem " +
				"details (application/problem+json): type (" + sshttp.ProblemTypes + "{code}, relative to the server), title, status " +
				"and detail, with setsafe's code, message, fields (what is wrong with which input) and rules (the safety rules " +
				"that refused an action) beside them.",
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas":   g.defs,
			"responses": errorResponses(),
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "An API token, sst_..."},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "setsafe_session"},
			},
		},
	}
}

// errorMeanings says what each error status of the API means.
var errorMeanings = map[int]string{
	http.StatusBadRequest:            "The request is not valid: the fields say what is wrong with which input (code invalid).",
	http.StatusUnauthorized:          "Not signed in, or the credentials are wrong (code unauthorized).",
	http.StatusForbidden:             "Signed in, but no role allows this (code forbidden).",
	http.StatusNotFound:              "What the path names does not exist, or is hidden from the caller (code not_found).",
	http.StatusConflict:              "The request clashes with the current state (code conflict), a safety rule refuses it and rules says which (code refused), or the same Idempotency-Key is still being answered.",
	http.StatusRequestEntityTooLarge: "The request body is larger than allowed (code too_large).",
	http.StatusUnprocessableEntity:   "The Idempotency-Key was sent before with another request (code idempotency_key_reused).",
	http.StatusTooManyRequests:       "Too many attempts; Retry-After says when to try again (code rate_limited).",
	http.StatusInternalServerError:   "A fault inside setsafe; it is logged, not shown (code internal).",
	http.StatusServiceUnavailable:    "The server is busy (hashing, photos) or its database does not answer; try again (code unavailable).",
}

// errorHeaders are the headers of the error statuses that carry some.
var errorHeaders = map[int]map[string]any{
	http.StatusUnauthorized: {"WWW-Authenticate": map[string]any{"required": true, "description": "The scheme to sign in with: Bearer.",
		"schema": map[string]any{"type": "string"}}},
	http.StatusConflict: {"Retry-After": map[string]any{"description": "Seconds to wait, when the same Idempotency-Key is still being answered.",
		"schema": map[string]any{"type": "integer", "minimum": 1}}},
	http.StatusTooManyRequests: {"Retry-After": map[string]any{"required": true, "description": "Seconds to wait before trying again.",
		"schema": map[string]any{"type": "integer", "minimum": 1}}},
}

// errorResponse refers to the shared response of an error status.
func errorResponse(status int) map[string]any {
	return map[string]any{"$ref": "#/components/responses/" + errorResponseName(status)}
}

func errorResponseName(status int) string {
	return strings.ReplaceAll(http.StatusText(status), " ", "")
}

// errorResponses are the shared responses of the error statuses, each a
// Problem.
func errorResponses() map[string]any {
	out := map[string]any{}
	for status, meaning := range errorMeanings {
		var codes []string
		for code, st := range sshttp.StatusOf {
			if st == status {
				codes = append(codes, code)
			}
		}
		slices.Sort(codes)
		// The body is a Problem with this status, whose code is one of
		// those this status answers.
		schema := map[string]any{"allOf": []any{map[string]any{"$ref": "#/components/schemas/Problem"},
			map[string]any{"type": "object", "properties": map[string]any{"code": map[string]any{"enum": codes},
				"status": map[string]any{"enum": []int{status}}}}}}
		resp := map[string]any{"description": meaning,
			"content": map[string]any{sshttp.ProblemMediaType: map[string]any{"schema": schema}}}
		if h, ok := errorHeaders[status]; ok {
			resp["headers"] = h
		}
		out[errorResponseName(status)] = resp
	}
	return out
}

// binaryContent is the content of a file sent as it is, as any of types.
func binaryContent(types []string) map[string]any {
	out := map[string]any{}
	for _, t := range types {
		out[t] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
	}
	return out
}

// errorStatuses are the error statuses a route can answer, read from what
// it takes and does.
func (rt route) errorStatuses() []int {
	change := rt.method != http.MethodGet
	// Every change takes an Idempotency-Key, which can be malformed.
	hasInput := change || rt.body != nil || len(rt.consumes) > 0 || len(rt.query) > 0 || pathParam.MatchString(rt.path)
	var out []int
	add := func(ok bool, status int) {
		if ok {
			out = append(out, status)
		}
	}
	add(hasInput, http.StatusBadRequest)
	add(rt.signedIn || rt.credentials, http.StatusUnauthorized)
	// A change from another web site is refused (see refuseOtherSites).
	add(rt.signedIn || change, http.StatusForbidden)
	add(pathParam.MatchString(rt.path), http.StatusNotFound)
	// Any change can clash with the state, and one sent again with its
	// Idempotency-Key while the first is answered is refused with 409.
	add(change, http.StatusConflict)
	add(rt.body != nil || len(rt.consumes) > 0, http.StatusRequestEntityTooLarge)
	add(change, http.StatusUnprocessableEntity)
	add(rt.limited, http.StatusTooManyRequests)
	for _, status := range rt.answers {
		if !slices.Contains(out, status) {
			out = append(out, status)
		}
	}
	slices.Sort(out)
	// The database can be busy or unreachable on any call, and so can the
	// hashing of passwords and PINs and the reading of photos.
	out = append(out, http.StatusInternalServerError, http.StatusServiceUnavailable)
	return out
}

// locationHeader documents the Location of a route's 201 answers.
func locationHeader(path string) map[string]any {
	description := "Where what was created is read: its path on this server, which answers GET to the caller who created it."
	if strings.HasPrefix(path, "/api/v1/report/") {
		description = "Where the anonymous reporter reads the concern, with its receipt code (POST): " +
			"its own path answers only those signed in who may read it."
	}
	return map[string]any{"required": true, "description": description, "schema": map[string]any{"type": "string", "format": "uri-reference"}}
}

// idempotencyKeyParam documents the Idempotency-Key header of every change.
var idempotencyKeyParam = map[string]any{"name": sshttp.KeyHeader, "in": "header", "required": false,
	"description": "A key you draw for this request (16 to 255 visible ASCII characters, such as a random UUID). Sent again with " +
		"the same key within 24 hours, from any server, the request records nothing new and is answered as it was the first " +
		"time, byte for byte, once that answer was kept. If it never was (the server stopped between recording the request " +
		"and answering it, or answered 5xx), the request sent again once a minute has passed is answered from what it recorded: " +
		"with the route's success status and a RecordedResult naming the entries recorded, whatever the route answers " +
		"otherwise (a firearm, a person); a refusal with the same refusal; an anonymous report with its ReceiptResult. " +
		"That answer is kept in turn. The same key with another request (method, path, body or caller) is refused with 422; " +
		"while the first is still being answered, 409 with Retry-After.",
	"schema": map[string]any{"type": "string", "minLength": 16, "maxLength": 255}}

func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, part := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		part = strings.Trim(part, "{}")
		for _, w := range strings.FieldsFunc(part, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// schemas turns Go types into JSON Schemas, named types into components.
type schemas struct {
	defs map[string]any
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
	roleType = reflect.TypeFor[setsafe.Role]()

	recordedType = reflect.TypeFor[sshttp.RecordedResult]()
	receiptType  = reflect.TypeFor[sshttp.ReceiptResult]()
)

func (g *schemas) of(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{"description": "Any JSON value."}
	case t == roleType:
		return map[string]any{"type": "string", "enum": setsafe.RoleNames()}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		if t.Elem().Kind() == reflect.Interface {
			return map[string]any{"type": "object"}
		}
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.Struct:
		name := t.Name()
		if name != "" {
			if _, ok := g.defs[name]; !ok {
				g.defs[name] = map[string]any{} // break cycles
				g.defs[name] = g.object(t)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return g.object(t)
	}
	return map[string]any{}
}

func (g *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		ft := f.Type
		embeddedPointer := ft.Kind() == reflect.Pointer
		if embeddedPointer {
			ft = ft.Elem()
		}
		if f.Anonymous && tag == "" && ft.Kind() == reflect.Struct {
			// An embedded struct's fields are the object's own, as
			// encoding/json has them, also through a pointer (which
			// leaves them out when it is nil).
			inner := g.object(ft)
			maps.Copy(props, inner["properties"].(map[string]any))
			if r, ok := inner["required"].([]string); ok && !embeddedPointer {
				required = append(required, r...)
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		props[name] = g.of(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			required = append(required, name)
		}
	}
	sort.Strings(required)
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}
