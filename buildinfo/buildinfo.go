// Package buildinfo says which build of setsafe is running: its version,
// the commit it was built from and the Go release that built it, for
// `setsafe version`, `setsafe-verify --version`, /healthz and the
// setsafe_build_info metric alike.
//
// A release build sets the version and the commit at link time:
//
//	go build -ldflags "-X github.com/setsafe/setsafe/buildinfo.version=1.2.0 -X github.com/setsafe/setsafe/buildinfo.commit=abc1234" ./cmd/setsafe
//
// Without them, they are what Go recorded in the binary: the module's
// version and the VCS stamp, when there is one.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Set at link time by a release build (release.sh, the Dockerfile).
var (
	version = ""
	commit  = ""
)

// Build is what a binary knows of its own build.
type Build struct {
	// Version is the release's version; without one, the module's, or
	// "dev-" and the commit's first 12 digits, or "dev".
	Version string
	// Commit is the commit it was built from, or "" when unknown.
	Commit string
	// Time is when that commit was made, and Modified whether the tree had
	// changes not committed, when Go recorded them (not in a release).
	Time     string
	Modified bool
	// GoVersion is the Go release that built it.
	GoVersion string
}

// Read returns the running binary's build.
func Read() Build {
	b := Build{Version: version, Commit: commit, GoVersion: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if bi.GoVersion != "" {
			b.GoVersion = bi.GoVersion
		}
		if b.Commit == "" {
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					b.Commit = s.Value
				case "vcs.time":
					b.Time = s.Value
				case "vcs.modified":
					b.Modified = s.Value == "true"
				}
			}
		}
	}
	if b.Version == "" {
		switch {
		case ok && bi.Main.Version != "" && bi.Main.Version != "(devel)":
			b.Version = bi.Main.Version
		case len(b.Commit) >= 12 && commit == "":
			b.Version = "dev-" + b.Commit[:12]
		default:
			b.Version = "dev"
		}
	}
	return b
}

// Details returns the commit, when it was made and whether the tree had
// changes not committed, and the Go release: what follows the version in
// `setsafe version`.
func (b Build) Details() string {
	if b.Commit == "" {
		return "commit unknown, " + b.GoVersion
	}
	details := "commit " + b.Commit
	if b.Time != "" {
		details += " of " + b.Time
	}
	if b.Modified {
		details += ", with changes not committed"
	}
	return details + ", " + b.GoVersion
}

// Line returns the version and its details, as a binary named name
// prints them: "setsafe 1.2.0 (commit abc1234, go1.26.8)".
func (b Build) Line(name string) string {
	return name + " " + b.Version + " (" + b.Details() + ")"
}
