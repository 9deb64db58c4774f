package storagetest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
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
			if tt.fail && !strings.Contains(o.failed, "set "+PostgresEnv+" to a database URL such as postgres://") {
				t.Fatalf("the failure does not say what to set: %q", o.failed)
			}
		})
	}
}

// TestAppendMany checks that the writers appending at once hand back the
// errors of the appends that failed, from any of them, rather than end the
// test from their own goroutines, and that the others carry on.
func TestAppendMany(t *testing.T) {
	e := NewEnv(t, SQLite())
	Seed(t, e.DB)
	err := appendMany(e.DB, 40, func(i int) setsafe.Request {
		ledger := "red-mesa"
		if i >= 36 { // the last append of four writers
			ledger = "no-such-show"
		}
		return setsafe.On(ledger, Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}})
	})
	if n := strings.Count(fmt.Sprint(err), "append setsafe.AddPerson"); n != 4 {
		t.Fatalf("want the 4 failed appends, one from each writer that failed, got %d: %v", n, err)
	}
	people, err := e.DB.People(context.Background(), "red-mesa")
	if err != nil || len(people) != 4+36 {
		t.Fatalf("%d people on red-mesa, want %d: %v", len(people), 4+36, err)
	}
}
