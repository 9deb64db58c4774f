package http

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Who the client is. A request's peer is the client unless it is one of
// the trusted proxies; then the proxy's forwarding header is believed, read
// from the right, where each proxy added the address it saw, and the client
// is the right-most address that is not itself a trusted proxy. Anything
// left of it could have been written by the client. A proxy that sends
// only X-Real-IP, the one address it saw, is believed for that address.

// clientCtxKey holds the client's key in a request's context.
type clientCtxKey struct{}

// proxies are the addresses whose forwarding headers are believed.
type proxies []netip.Prefix

// trusts says whether an address is one of the trusted proxies.
func (p proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, n := range p {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// peerAddr is the address a request came from over the network.
func peerAddr(r *http.Request) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(r.RemoteAddr)
	return a.Unmap(), err == nil
}

// clientOf returns the client's address and whether it is known: the peer,
// or the right-most untrusted address of the forwarding chain a trusted
// peer sent. A chain the proxies left unreadable ("unknown", an obfuscated
// name) ends at the proxy that wrote it, and so does a request that names
// its client differently in X-Forwarded-For and Forwarded: one of the two
// came from the client. A trusted peer that sends neither may send
// X-Real-IP instead (nginx's $remote_addr); it is read only then, and only
// when it is one address.
func (p proxies) clientOf(r *http.Request) (netip.Addr, bool) {
	peer, ok := peerAddr(r)
	if !ok || !p.trusts(peer) {
		return peer, ok
	}
	xff, fwd, real := r.Header.Values("X-Forwarded-For"), r.Header.Values("Forwarded"), r.Header.Values("X-Real-Ip")
	switch {
	case len(xff) > 0 && len(fwd) > 0:
		a := p.walk(peer, forwardedFor(xff))
		if b := p.walk(peer, forwardedElements(fwd)); a != b {
			return peer, true
		}
		return a, true
	case len(fwd) > 0:
		return p.walk(peer, forwardedElements(fwd)), true
	case len(xff) > 0:
		return p.walk(peer, forwardedFor(xff)), true
	case len(real) == 1:
		return p.walk(peer, real), true
	}
	return peer, true
}

// walk goes left along a forwarding chain from a trusted peer, while each
// hop is a trusted proxy, and returns the first that is not (or the last
// it could read).
func (p proxies) walk(peer netip.Addr, chain []string) netip.Addr {
	at := peer
	for i := len(chain) - 1; i >= 0; i-- {
		a, ok := hopAddr(chain[i])
		if !ok {
			return at
		}
		at = a
		if !p.trusts(a) {
			return a
		}
	}
	return at
}

// hopAddr reads one address of a forwarding chain: an IPv4 or IPv6
// address, with or without a port, IPv6 in brackets when it has one.
func hopAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// forwardedFor splits X-Forwarded-For headers into their addresses, left
// to right.
func forwardedFor(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}

// forwardedElements reads the for= parameter of each element of RFC 7239
// Forwarded headers, left to right; an element without one counts as an
// unreadable hop.
func forwardedElements(values []string) []string {
	var out []string
	for _, v := range values {
		for _, element := range splitQuoted(v, ',') {
			hop := ""
			for _, pair := range splitQuoted(element, ';') {
				name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(strings.TrimSpace(name), "for") {
					hop = unquote(strings.TrimSpace(value))
				}
			}
			out = append(out, hop)
		}
	}
	return out
}

// splitQuoted splits s at sep outside double quotes.
func splitQuoted(s string, sep byte) []string {
	var out []string
	quoted, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unquote removes a quoted-string's quotes and escapes.
func unquote(s string) string {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s
	}
	var b strings.Builder
	for i := 1; i < len(s)-1; i++ {
		if s[i] == '\\' && i+1 < len(s)-1 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// forwarded says whether a request carries any header by which a proxy
// says whom it forwards for.
func forwarded(r *http.Request) bool {
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip"} {
		if len(r.Header.Values(h)) > 0 {
			return true
		}
	}
	return false
}

// clientKeyOf is the key of a client's address for limits and logs: the
// address, or an IPv6 client's /64 network, all of which one subscriber
// is usually given.
func clientKeyOf(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// withClient works out once who the client of each request is (see
// clientKey).
func (s *Server) withClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, _ := s.proxies.clientOf(r)
		// Never on the anonymous routes, where a log line's own time would
		// say when someone reported.
		if a.IsLoopback() && forwarded(r) && !s.proxies.trusts(a) && !anonymousPath(r.URL.Path) {
			s.warnUntrustedProxy.Do(func() {
				s.log.Warn("requests come through a proxy on this machine that is not trusted, so every client it forwards counts as one; " +
					"start the server with --trusted-proxy 127.0.0.1/32,::1/128")
			})
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientCtxKey{}, clientKeyOf(a))))
	})
}

// isLoopback says whether a request came from this machine itself, not
// through a proxy: a proxied request, whatever the proxy's address, is
// from elsewhere.
func isLoopback(r *http.Request) bool {
	a, ok := peerAddr(r)
	return ok && a.IsLoopback() && !forwarded(r)
}

// ParseTrustedProxies reads a comma-separated list of addresses and
// networks (CIDR), such as "127.0.0.1/32,10.0.0.0/8,::1".
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return nil, &net.ParseError{Type: "address or CIDR network", Text: s}
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
