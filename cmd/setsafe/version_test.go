package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestVersionSetAtBuildTime builds the binary as a release build does, with
// the version and the commit given to the linker, and checks that
// "setsafe version" prints both, whatever Go recorded of the VCS.
func TestVersionSetAtBuildTime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; not in -short")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH, so the binary cannot be built")
	}
	bin := filepath.Join(t.TempDir(), "setsafe")
	build := exec.Command(gobin, "build", "-trimpath",
		"-ldflags", "-X github.com/setsafe/setsafe/buildinfo.version=1.2.3-rc.1 -X github.com/setsafe/setsafe/buildinfo.commit=0123abcd4567", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("setsafe %s: %v\n%s", args[0], err, out)
		}
		want := "setsafe 1.2.3-rc.1 (commit 0123abcd4567, " + runtime.Version() + ")\n"
		if string(out) != want {
			t.Errorf("setsafe %s printed %q, want %q", strings.Join(args, " "), out, want)
		}
	}
}
