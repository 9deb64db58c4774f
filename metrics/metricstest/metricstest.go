// Package metricstest holds the list of the metrics setsafe serves
// (names.txt) for the tests that scrape a real server.
package metricstest

import (
	_ "embed"
	"strings"
	"testing"
)

//go:embed names.txt
var names string

// Listed returns each metric's name in names.txt, and whether it is served
// from the start (those with a "when" are served once it happens).
func Listed() map[string]bool {
	out := map[string]bool{}
	for line := range strings.Lines(names) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, when, _ := strings.Cut(line, " ")
		out[name] = when == ""
	}
	return out
}

// CheckServed fails the test when a metric listed as served from the start
// is not among the families a server serves, or when the server serves a
// setsafe_ metric not listed.
func CheckServed(t testing.TB, families map[string]bool) {
	t.Helper()
	listed := Listed()
	for name, always := range listed {
		if always && !families[name] {
			t.Errorf("%s is listed in metrics/metricstest/names.txt and not served", name)
		}
	}
	for name := range families {
		if _, ok := listed[name]; strings.HasPrefix(name, "setsafe_") && !ok {
			t.Errorf("%s is served and not listed in metrics/metricstest/names.txt (nor, surely, in docs/operations.md)", name)
		}
	}
}
