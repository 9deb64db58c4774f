package main

import (
	"runtime"
	"runtime/debug"
)

// buildVersion and buildCommit are set by a release build (release.sh), as
// for setsafe: -ldflags "-X main.buildVersion=1.2.0 -X main.buildCommit=abc1234".
// Without them, they come from what Go recorded in the binary.
var (
	buildVersion = ""
	buildCommit  = ""
)

// versionLine is what --version prints: the version, the commit it was
// built from and the Go that built it.
func versionLine() string {
	v, commit, goVersion := buildVersion, buildCommit, runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && commit == "" {
				commit = s.Value
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	if commit == "" {
		commit = "unknown"
	}
	return "setsafe-verify " + v + " (commit " + commit + ", " + goVersion + ")"
}
