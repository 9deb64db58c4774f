package metrics_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/metrics/metricstest"
	"gopkg.in/yaml.v3"
)

// alertRules is the shape of a Prometheus rule file.
type alertRules struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

var (
	promStrings  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	promMatchers = regexp.MustCompile(`\{[^}]*\}|\[[^\]]*\]`)
	promGroupBy  = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	promWords    = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?`)
	promKeywords = []string{"and", "or", "unless", "bool", "offset"}
	headings     = regexp.MustCompile(`(?m)^#+ (.+)$`)
)

// metricsIn returns the metric names an expression reads: its words that
// are neither functions, keywords, label names nor numbers.
func metricsIn(expr string) []string {
	expr = promStrings.ReplaceAllString(expr, `""`)
	expr = promMatchers.ReplaceAllString(expr, " ")
	expr = promGroupBy.ReplaceAllString(expr, " ")
	var out []string
	for _, m := range promWords.FindAllStringSubmatch(expr, -1) {
		if m[1] != "" || slices.Contains(promKeywords, m[0]) {
			continue // a function, or an operator
		}
		out = append(out, m[0])
	}
	return out
}

// anchor is the fragment GitHub gives a Markdown heading.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// TestAlertRules reads docs/alerts.yml as Prometheus would and checks
// every rule: named, with a severity, a summary, a description and a
// runbook that is a section of docs/operations.md, waiting a valid time,
// and reading only metrics setsafe serves, or up.
func TestAlertRules(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var file alertRules
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		t.Fatalf("docs/alerts.yml: %v", err)
	}
	ops, err := os.ReadFile(filepath.Join("..", "docs", "operations.md"))
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	for _, h := range headings.FindAllStringSubmatch(string(ops), -1) {
		sections[anchor(h[1])] = true
	}
	// What a server serves: the names listed, and Go's and the process's.
	served := map[string]bool{"up": true}
	for name := range metricstest.Listed() {
		served[name] = true
	}
	ts := httptest.NewServer(metrics.New(metrics.Options{}).Handler())
	defer ts.Close()
	_, families := scrape(t, ts.URL)
	for name := range families {
		served[name] = true
	}

	seen := map[string]bool{}
	var alerts []string
	for _, g := range file.Groups {
		if g.Name == "" || len(g.Rules) == 0 {
			t.Errorf("a group without a name or rules: %+v", g)
		}
		for _, r := range g.Rules {
			alerts = append(alerts, r.Alert)
			if r.Alert == "" || seen[r.Alert] {
				t.Errorf("a rule with no name, or a name given twice: %q", r.Alert)
			}
			seen[r.Alert] = true
			if s := r.Labels["severity"]; s != "critical" && s != "warning" {
				t.Errorf("%s: severity %q, want critical or warning", r.Alert, s)
			}
			for _, k := range []string{"summary", "description", "runbook"} {
				if strings.TrimSpace(r.Annotations[k]) == "" {
					t.Errorf("%s has no %s", r.Alert, k)
				}
			}
			if doc, frag, _ := strings.Cut(r.Annotations["runbook"], "#"); doc != "docs/operations.md" || !sections[frag] {
				t.Errorf("%s: runbook %q is not a section of docs/operations.md", r.Alert, r.Annotations["runbook"])
			}
			if r.For != "" {
				if _, err := time.ParseDuration(r.For); err != nil {
					t.Errorf("%s: for %q: %v", r.Alert, r.For, err)
				}
			}
			names := metricsIn(r.Expr)
			if len(names) == 0 {
				t.Errorf("%s reads no metric: %s", r.Alert, r.Expr)
			}
			for _, name := range names {
				if !served[name] && !strings.HasPrefix(name, "node_") {
					t.Errorf("%s reads %s, which setsafe does not serve", r.Alert, name)
				}
			}
		}
	}
	// The alerts operators rely on are all there.
	for _, want := range []string{"SetsafeVerificationFailed", "SetsafeVerificationStale", "SetsafeOutboxStuck", "SetsafeWitnessRefused",
		"SetsafeDiskLow", "SetsafeDown", "SetsafeSignInFailureSurge"} {
		if !seen[want] {
			t.Errorf("docs/alerts.yml lacks %s (has %v)", want, alerts)
		}
	}
}

// TestMetricsIn checks the reading of the metrics an expression names.
func TestMetricsIn(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string
	}{
		{`up{job="setsafe"} == 0`, []string{"up"}},
		{`sum by (instance, job) (rate(setsafe_signin_failures_total[10m])) > 0.5`, []string{"setsafe_signin_failures_total"}},
		{`a > 1 and on (instance) b unless ignoring(x) c`, []string{"a", "b", "c"}},
		{`time() - d{l="x y"} > 2 * 1024 ^ 3`, []string{"d"}},
	} {
		if got := metricsIn(c.expr); !slices.Equal(got, c.want) {
			t.Errorf("metricsIn(%q) = %v, want %v", c.expr, got, c.want)
		}
	}
}
