package http

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestClientOf(t *testing.T) {
	local, err := ParseTrustedProxies("127.0.0.1/32, ::1, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		headers map[string][]string
		want    string
	}{
		{"no proxy", nil, "198.51.100.7:4411", nil, "198.51.100.7"},
		{"an untrusted peer's header is ignored", nil, "198.51.100.7:4411", map[string][]string{"X-Forwarded-For": {"203.0.113.9"}}, "198.51.100.7"},
		{"a loopback peer is not trusted unless said", nil, "127.0.0.1:4411", map[string][]string{"X-Forwarded-For": {"203.0.113.9"}}, "127.0.0.1"},
		{"trusted proxy", local, "127.0.0.1:4411", map[string][]string{"X-Forwarded-For": {"203.0.113.9"}}, "203.0.113.9"},
		{"the client's own entries are left of what the proxy saw", local, "127.0.0.1:4411",
			map[string][]string{"X-Forwarded-For": {"1.2.3.4, 203.0.113.9"}}, "203.0.113.9"},
		{"two proxies", local, "127.0.0.1:4411", map[string][]string{"X-Forwarded-For": {"1.2.3.4, 203.0.113.9, 10.1.2.3"}}, "203.0.113.9"},
		{"two headers", local, "127.0.0.1:4411", map[string][]string{"X-Forwarded-For": {"1.2.3.4", "203.0.113.9, 10.1.2.3"}}, "203.0.113.9"},
		{"every hop trusted", local, "127.0.0.1:4411", map[string][]string{"X-Forwarded-For": {"10.9.9.9, 10.1.2.3"}}, "10.9.9.9"},
		{"trusted proxy, no header", local, "10.0.0.2:4411", nil, "10.0.0.2"},
		{"with a port", local, "127.0.0.1:4411", map[string][]string{"X-Forwarded-For": {"203.0.113.9:5544"}}, "203.0.113.9"},
		{"garbage ends at the proxy", local, "127.0.0.1:4411", map[string][]string{"X-Forwarded-For": {"203.0.113.9, unknown"}}, "127.0.0.1"},
		{"IPv6 by its /64", local, "[::1]:4411", map[string][]string{"X-Forwarded-For": {"2001:db8:1:2:3:4:5:6"}}, "2001:db8:1:2::/64"},
		{"IPv4 mapped in IPv6", local, "[::ffff:127.0.0.1]:4411", map[string][]string{"X-Forwarded-For": {"::ffff:203.0.113.9"}}, "203.0.113.9"},
		{"Forwarded", local, "127.0.0.1:4411", map[string][]string{"Forwarded": {`for=1.2.3.4, for=203.0.113.9;proto=https;by=10.0.0.1`}}, "203.0.113.9"},
		{"Forwarded, IPv6 quoted with a port", local, "127.0.0.1:4411",
			map[string][]string{"Forwarded": {`for="[2001:db8:cafe::17]:4711"`}}, "2001:db8:cafe::/64"},
		{"Forwarded, upper case and spaces", local, "127.0.0.1:4411", map[string][]string{"Forwarded": {`proto=https; FOR = 203.0.113.9`}}, "203.0.113.9"},
		{"Forwarded, obfuscated", local, "127.0.0.1:4411", map[string][]string{"Forwarded": {`for=203.0.113.9, for=_hidden`}}, "127.0.0.1"},
		{"Forwarded, a quoted comma", local, "127.0.0.1:4411", map[string][]string{"Forwarded": {`for=203.0.113.9;x="a,b"`}}, "203.0.113.9"},
		{"both headers agree", local, "127.0.0.1:4411",
			map[string][]string{"X-Forwarded-For": {"203.0.113.9"}, "Forwarded": {"for=203.0.113.9"}}, "203.0.113.9"},
		{"both headers differ: one is the client's", local, "127.0.0.1:4411",
			map[string][]string{"X-Forwarded-For": {"203.0.113.9"}, "Forwarded": {"for=192.0.2.1"}}, "127.0.0.1"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		for k, v := range tt.headers {
			r.Header[k] = v
		}
		a, ok := proxies(tt.trusted).clientOf(r)
		if got := clientKeyOf(a); !ok || got != tt.want {
			t.Errorf("%s: client %q (%v), want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies("127.0.0.1, 10.1.2.3/8,::1,fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	if strings.Join(s, " ") != "127.0.0.1/32 10.0.0.0/8 ::1/128 fd00::/8" {
		t.Fatalf("parsed %v", s)
	}
	for _, bad := range []string{"localhost", "10.0.0.0/33", "fe80::1%eth0", "1.2.3"} {
		if _, err := ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// FuzzClientOf checks that whatever the headers say, the client is the
// peer, or an address the headers hold, and never a trusted proxy unless
// every hop was one.
func FuzzClientOf(f *testing.F) {
	f.Add("203.0.113.9, 10.0.0.1", `for=1.2.3.4;proto=http, for="[2001:db8::1]:80"`)
	f.Add("unknown", `for=_x`)
	f.Add("", `for="\"`)
	trusted := proxies{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}
	f.Fuzz(func(t *testing.T, xff, fwd string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "127.0.0.1:1"
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		if fwd != "" {
			r.Header.Set("Forwarded", fwd)
		}
		a, ok := trusted.clientOf(r)
		if !ok || !a.IsValid() {
			t.Fatalf("no client for %q %q", xff, fwd)
		}
		hop := a == netip.MustParseAddr("127.0.0.1")
		for _, h := range append(forwardedFor([]string{xff}), forwardedElements([]string{fwd})...) {
			if b, ok := hopAddr(h); ok && b == a {
				hop = true
			}
		}
		if !hop {
			t.Fatalf("client %s is in neither %q nor %q", a, xff, fwd)
		}
		r.RemoteAddr = "198.51.100.7:1"
		if a, _ := trusted.clientOf(r); a != netip.MustParseAddr("198.51.100.7") {
			t.Fatalf("an untrusted peer's headers were believed: %s", a)
		}
	})
}
