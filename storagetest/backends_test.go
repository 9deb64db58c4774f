package storagetest

import (
	"fmt"
	"runtime"
	"testing"
)

// outcome records how a test helper ended a test, as testing.T would:
// Fatalf and Skipf stop the goroutine.
type outcome struct {
	testing.TB
	failed, skipped string
}

func (o *outcome) Helper() {}

func (o *outcome) Fatalf(format string, args ...any) {
	o.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (o *outcome) Skipf(format string, args ...any) {
	o.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// TestRequirePostgres checks that the PostgreSQL tests are skipped without
// a database, except in CI, where they fail: CI must never pass with half
// the suite left out.
func TestRequirePostgres(t *testing.T) {
	tests := []struct {
		name, ci, url  string
		fail, skip, ok bool
	}{
		{name: "a database", url: "postgres://postgres@127.0.0.1:5432/test", ok: true},
		{name: "a database in CI", ci: "true", url: "postgres://postgres@127.0.0.1:5432/test", ok: true},
		{name: "no database", skip: true},
		{name: "no database in CI", ci: "true", fail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv(PostgresEnv, tt.url)
			o := &outcome{TB: t}
			var got string
			done := make(chan struct{})
			go func() {
				defer close(done)
				got = RequirePostgres(o)
			}()
			<-done
			if (o.failed != "") != tt.fail || (o.skipped != "") != tt.skip || (got == tt.url && tt.url != "") != tt.ok {
				t.Fatalf("RequirePostgres: returned %q, failed %q, skipped %q", got, o.failed, o.skipped)
			}
		})
	}
}
