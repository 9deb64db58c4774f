package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/metrics"
)

// buildVersion and buildCommit are set by a release build (release.sh):
//
//	go build -ldflags "-X main.buildVersion=1.2.0 -X main.buildCommit=abc1234" ./cmd/setsafe
//
// Without them, the version and the commit are those Go recorded in the
// binary: the module's version and the VCS stamp, when there is one.
var (
	buildVersion = ""
	buildCommit  = ""
)

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

// buildDetails returns the commit the binary was built from, when, and
// whether the tree had changes not committed, as Go records them (or the
// commit the release build set), and the Go version that built it.
func buildDetails() string {
	bi, ok := debug.ReadBuildInfo()
	goVersion := runtime.Version()
	if ok && bi.GoVersion != "" {
		goVersion = bi.GoVersion
	}
	if buildCommit != "" {
		return "commit " + buildCommit + ", " + goVersion
	}
	if !ok {
		return goVersion
	}
	var commit, at, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", with changes not committed"
			}
		}
	}
	if commit == "" {
		return "commit unknown, " + goVersion
	}
	details := "commit " + commit
	if at != "" {
		details += " of " + at
	}
	return details + modified + ", " + goVersion
}

// revision returns the commit the binary was built from, as Go records
// it, or "".
func revision() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}

// newMetrics returns the server's measurements, labelled with the build
// and with the values each counter takes, timed by clock.
func newMetrics(clock setsafe.Clock) *metrics.Metrics {
	return metrics.New(metrics.Options{
		Clock:          clock,
		Build:          metrics.Build{Version: version(), Revision: revision(), GoVersion: runtime.Version()},
		AlertKinds:     gate.AlertKinds,
		Rungs:          setsafe.Rungs,
		SignInFailures: sshttp.SignInFailures,
		Limiters:       sshttp.Limiters,
	})
}

func runVersion(ctx context.Context, a *app, args []string) error {
	f := a.flags("version", "version")
	if err := f.parse(args); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "setsafe %s (%s)\n", version(), buildDetails())
	return nil
}
