package buildinfo

import (
	"runtime"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name            string
		version, commit string
		wantVersion     string
		wantCommit      string
		wantLine        string
	}{
		{"a release build", "1.2.0", "abc1234", "1.2.0", "abc1234", "setsafe 1.2.0 (commit abc1234, " + runtime.Version() + ")"},
		{"a commit without a version", "", "abc1234", "dev", "abc1234", "setsafe dev (commit abc1234, " + runtime.Version() + ")"},
		// A test binary has no module version and no VCS stamp.
		{"nothing set", "", "", "dev", "", "setsafe dev (commit unknown, " + runtime.Version() + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func(v, c string) { version, commit = v, c }(version, commit)
			version, commit = tt.version, tt.commit
			b := Read()
			if b.Version != tt.wantVersion || b.Commit != tt.wantCommit || b.GoVersion != runtime.Version() {
				t.Errorf("Read() = %+v, want version %q, commit %q, Go %s", b, tt.wantVersion, tt.wantCommit, runtime.Version())
			}
			if got := b.Line("setsafe"); got != tt.wantLine {
				t.Errorf("Line = %q, want %q", got, tt.wantLine)
			}
		})
	}
}

func TestDetails(t *testing.T) {
	tests := []struct {
		b    Build
		want string
	}{
		{Build{Commit: "abc", GoVersion: "go1.26.8"}, "commit abc, go1.26.8"},
		{Build{Commit: "abc", Time: "2026-12-01T10:00:00Z", Modified: true, GoVersion: "go1.26.8"}, "commit abc of 2026-12-01T10:00:00Z, with changes not committed, go1.26.8"},
		{Build{GoVersion: "go1.26.8"}, "commit unknown, go1.26.8"},
	}
	for _, tt := range tests {
		if got := tt.b.Details(); got != tt.want {
			t.Errorf("%+v.Details() = %q, want %q", tt.b, got, tt.want)
		}
	}
}
