package http

import (
	"net/http/httptest"
	"testing"
)

// TestClientFromXRealIP reads the client of a proxy that sends only
// X-Real-IP: believed from a trusted peer when neither X-Forwarded-For
// nor Forwarded says more, and only as one address.
func TestClientFromXRealIP(t *testing.T) {
	local, err := ParseTrustedProxies("127.0.0.1/32, ::1, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		peer    string
		headers map[string][]string
		want    string
	}{
		{"X-Real-IP alone", "127.0.0.1:4411", map[string][]string{"X-Real-Ip": {"203.0.113.9"}}, "203.0.113.9"},
		{"X-Real-IP, IPv6", "[::1]:4411", map[string][]string{"X-Real-Ip": {"2001:db8:1:2:3:4:5:6"}}, "2001:db8:1:2::/64"},
		{"X-Real-IP from an untrusted peer", "198.51.100.7:4411", map[string][]string{"X-Real-Ip": {"203.0.113.9"}}, "198.51.100.7"},
		{"X-Forwarded-For comes first", "127.0.0.1:4411",
			map[string][]string{"X-Forwarded-For": {"192.0.2.1"}, "X-Real-Ip": {"203.0.113.9"}}, "192.0.2.1"},
		{"Forwarded comes first", "127.0.0.1:4411", map[string][]string{"Forwarded": {"for=192.0.2.1"}, "X-Real-Ip": {"203.0.113.9"}}, "192.0.2.1"},
		{"two X-Real-IP", "127.0.0.1:4411", map[string][]string{"X-Real-Ip": {"203.0.113.9", "192.0.2.1"}}, "127.0.0.1"},
		{"a list in X-Real-IP", "127.0.0.1:4411", map[string][]string{"X-Real-Ip": {"203.0.113.9, 192.0.2.1"}}, "127.0.0.1"},
		{"not an address", "127.0.0.1:4411", map[string][]string{"X-Real-Ip": {"unknown"}}, "127.0.0.1"},
		{"another trusted proxy", "127.0.0.1:4411", map[string][]string{"X-Real-Ip": {"10.1.2.3"}}, "10.1.2.3"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		for k, v := range tt.headers {
			r.Header[k] = v
		}
		a, ok := proxies(local).clientOf(r)
		if got := clientKeyOf(a); !ok || got != tt.want {
			t.Errorf("%s: client %q (%v), want %q", tt.name, got, ok, tt.want)
		}
	}
}
