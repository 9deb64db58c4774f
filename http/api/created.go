package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// Where what a route creates is read: each route that answers 201 Created
// says, and its answers name it in Location (see sshttp.Creates). Every
// such path answers GET to the caller who created it, except the
// anonymous reporter's, who is not signed in and reads what they sent
// with its receipt code.

// createdAs locates what a route created by the first entry it recorded
// with a body of type B: path, whose parameters are the request's and
// whose {id} is id of the body.
func createdAs[B setsafe.Body](path string, id func(B) string) sshttp.Created {
	return func(r *http.Request, recorded []setsafe.Event) string {
		for _, e := range recorded {
			if b, ok := e.Body.(B); ok {
				return pathOf(r, path, id(b))
			}
		}
		return ""
	}
}

// createdEntry locates what a route created by the sequence number of the
// first entry it recorded with a body of type B: what it created has no ID
// but its entry.
func createdEntry[B setsafe.Body](path string) sshttp.Created {
	return func(r *http.Request, recorded []setsafe.Event) string {
		for _, e := range recorded {
			if _, ok := e.Body.(B); ok {
				return pathOf(r, path, strconv.FormatInt(e.Seq, 10))
			}
		}
		return ""
	}
}

// createdWithin locates what a route created by the request alone: an
// answer to a concern is read with the concern.
func createdWithin(path string) sshttp.Created {
	return func(r *http.Request, _ []setsafe.Event) string {
		return pathOf(r, path, "")
	}
}

// pathOf fills in a route's path: its parameters from the request, {id}
// with id.
func pathOf(r *http.Request, path, id string) string {
	return pathParam.ReplaceAllStringFunc(path, func(p string) string {
		name := strings.Trim(p, "{}")
		if name == "id" {
			return url.PathEscape(id)
		}
		return url.PathEscape(r.PathValue(name))
	})
}
