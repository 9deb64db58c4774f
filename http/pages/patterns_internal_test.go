package pages

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestPatternBack: a pattern's form leads back to the production's
// register or dashboard it was sent from, the dashboard's span kept, and
// anywhere else to the production's patterns' page.
func TestPatternBack(t *testing.T) {
	const prod = "/productions/red-mesa"
	for _, tt := range []struct{ back, want string }{
		{prod + "/incidents", prod + "/incidents?pattern=signed#pattern-p1"},
		{prod + "/incidents?state=open", prod + "/incidents?pattern=signed#pattern-p1"},
		{prod + "/dashboard?days=7", prod + "/dashboard?days=7&pattern=signed#pattern-p1"},
		{prod + "/dashboard?days=7&x=<script>", prod + "/dashboard?days=7&pattern=signed#pattern-p1"},
		{prod + "/dashboard", prod + "/dashboard?pattern=signed#pattern-p1"},
		{prod + "/patterns", prod + "/patterns?pattern=signed#pattern-p1"},
		{"", prod + "/patterns?pattern=signed#pattern-p1"},
		{"https://elsewhere.example" + prod + "/incidents", prod + "/patterns?pattern=signed#pattern-p1"},
		{"//elsewhere.example" + prod + "/incidents", prod + "/patterns?pattern=signed#pattern-p1"},
		{"/productions/rust/dashboard", prod + "/patterns?pattern=signed#pattern-p1"},
		{prod + "/people", prod + "/patterns?pattern=signed#pattern-p1"},
	} {
		r := httptest.NewRequest("POST", prod+"/patterns/p1/sign-off", strings.NewReader(url.Values{"back": {tt.back}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.SetPathValue("production", "red-mesa")
		r.SetPathValue("pattern", "p1")
		if err := r.ParseForm(); err != nil {
			t.Fatal(err)
		}
		if got := patternBack(r, "signed"); got != tt.want {
			t.Errorf("back %q: %q, want %q", tt.back, got, tt.want)
		}
	}
}

// FuzzPatternBack: whatever a form says to come back to, a pattern's form
// leads to a page of the production in the URL, on this site.
func FuzzPatternBack(f *testing.F) {
	for _, seed := range []string{"", "/productions/red-mesa/dashboard?days=7", "https://elsewhere.example/", "//elsewhere.example/x",
		"/productions/red-mesa/incidents#x", "/productions/red-mesa/dashboard?days=%zz", "\\\\elsewhere.example", "javascript:alert(1)"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, back string) {
		r := httptest.NewRequest("POST", "/productions/red-mesa/patterns/p1/acknowledge", nil)
		r.PostForm = url.Values{"back": {back}}
		r.SetPathValue("production", "red-mesa")
		r.SetPathValue("pattern", "p1")
		got := patternBack(r, "acknowledged")
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(got, "/productions/red-mesa/") || strings.HasPrefix(got, "//") {
			t.Fatalf("back %q leads to %q", back, got)
		}
		if p := u.Path; p != "/productions/red-mesa/incidents" && p != "/productions/red-mesa/dashboard" && p != "/productions/red-mesa/patterns" {
			t.Fatalf("back %q leads to %q", back, got)
		}
	})
}
