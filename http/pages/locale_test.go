package pages

import (
	"io/fs"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
)

// translatable finds the English texts the templates translate: the
// literal arguments of t and tf.
var translatable = regexp.MustCompile(`\{\{-?\s*(?:t|tf)\s+"((?:[^"\\]|\\.)*)"`)

// englishTexts returns every English text the pages show through the
// catalogue: from the templates, and from the Go code that passes texts to
// them.
func englishTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{} // text → where it is used
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	parts, _ := fs.Glob(templateFS, "templates/parts/*.html")
	names = append(names, parts...)
	for _, name := range names {
		b, _ := templateFS.ReadFile(name)
		for _, m := range translatable.FindAllStringSubmatch(string(b), -1) {
			texts[strings.ReplaceAll(m[1], `\"`, `"`)] = name
		}
	}
	for _, r := range setsafe.Roles {
		texts[r.Title()] = "role titles"
	}
	for _, d := range setsafe.DutyTitles() {
		texts[d] = "duty titles"
	}
	everything := setsafe.Access{System: true}
	for _, tl := range productionTiles("p", everything) {
		texts[tl.Title], texts[tl.Hint] = "production tiles", "production tiles"
	}
	for _, text := range armoryTexts() {
		texts[text] = "armory pages"
	}
	for _, text := range timelineTexts() {
		texts[text] = "timeline pages"
	}
	for _, text := range dayTexts() {
		texts[text] = "day pages"
	}
	for _, text := range concernTexts() {
		texts[text] = "pages_concerns.go"
	}
	for _, text := range escalationTexts() {
		texts[text] = "pages_escalation.go"
	}
	for _, text := range permissionTexts() {
		texts[text] = "permission pages"
	}
	for _, text := range peopleTexts() {
		texts[text] = "people pages"
	}
	for _, text := range incidentTexts() {
		texts[text] = "incident pages"
	}
	for _, text := range dashboardTexts() {
		texts[text] = "dashboard pages"
	}
	for _, text := range attestationTexts() {
		texts[text] = "attestation pages"
	}
	for _, title := range []string{"Something went wrong", "Not found", "Not allowed", "Please sign in", "Try again in a moment"} {
		texts[title] = "error pages"
	}
	return texts
}

func TestEveryTextIsInSpanish(t *testing.T) {
	cats, err := loadCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	es := cats["es"]
	texts := englishTexts(t)
	if len(texts) < 50 {
		t.Fatalf("found only %d texts to translate: the template scan is broken", len(texts))
	}
	for text, where := range texts {
		tr, ok := es[text]
		switch {
		case !ok || tr == "":
			t.Errorf("%s: no Spanish for %q; add it to locales/es/", where, text)
		case strings.Count(tr, "%") != strings.Count(text, "%"):
			t.Errorf("%s: the Spanish for %q has other placeholders: %q", where, text, tr)
		}
	}
}

func TestLanguageOfRequest(t *testing.T) {
	tests := []struct {
		name, cookie, accept, want string
	}{
		{"nothing said", "", "", "en"},
		{"browser prefers Spanish", "", "es-MX,es;q=0.9,en;q=0.8", "es"},
		{"browser prefers something else first", "", "fr-FR, es;q=0.5", "es"},
		{"browser asks only for unknown languages", "", "fr, de", "en"},
		{"the person's choice wins over the browser", "en", "es", "en"},
		{"the person chose Spanish", "es", "en-US", "es"},
		{"a tampered cookie is ignored", "xx", "es", "es"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if tt.cookie != "" {
				r.Header.Set("Cookie", langCookie+"="+tt.cookie)
			}
			if tt.accept != "" {
				r.Header.Set("Accept-Language", tt.accept)
			}
			if got := languageOf(r); got != tt.want {
				t.Errorf("languageOf = %q, want %q", got, tt.want)
			}
		})
	}
}
