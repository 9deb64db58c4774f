package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setsafe/setsafe"
)

// refuseOtherSites refuses forms and API writes that another web site made
// a browser send: those the browser says came from another site
// (Sec-Fetch-Site), and those whose Origin is not the public URL's. The
// Host header is not compared: behind a proxy it names the proxy's
// upstream, and it is the public URL people's browsers use. A request with
// neither header comes from a program, which holds a token, not a cookie.
func (s *Server) refuseOtherSites(next http.Handler) http.Handler {
	public := originOf(s.Config.PublicURL)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fromThisSite(r, public) {
			next.ServeHTTP(w, r)
			return
		}
		if ownAddress(r) && !Unlogged(r) {
			s.warnPublicURL.Do(func() {
				s.log.Warn("a form was refused that came from this server's own address, which is not its public URL; "+
					"if people reach setsafe there, start the server with --public-url set to it", "origin", r.Header.Get("Origin"), "public_url", public)
			})
		}
		s.Fail(w, r, setsafe.Errorf(setsafe.EForbidden, "This form came from another web site, or from setsafe at another address than "+
			"its own, %s, and was refused. Open setsafe at %s and send the form again.", public, public))
	})
}

// ownAddress says whether a request's Origin is the address it was sent
// to: a browser that reached the server at an address other than its
// public URL, which is most likely not set to the address people use.
func ownAddress(r *http.Request) bool {
	u, err := url.Parse(r.Header.Get("Origin"))
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// fromThisSite says whether a request is safe to answer for the site whose
// origin is public: it reads nothing, or a browser says it comes from this
// site, or it comes from no browser at all.
func fromThisSite(r *http.Request, public string) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	origin := r.Header.Get("Origin")
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
		if origin == "" {
			return true
		}
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && originOf(u) == public
}

// originOf is a URL's origin as browsers send it: scheme and host, in
// lower case, without the scheme's default port.
func originOf(u *url.URL) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if scheme == "https" {
		host = strings.TrimSuffix(host, ":443")
	} else if scheme == "http" {
		host = strings.TrimSuffix(host, ":80")
	}
	return scheme + "://" + host
}
