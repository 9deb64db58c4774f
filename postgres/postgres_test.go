package postgres_test

import (
	"testing"

	"github.com/setsafe/setsafe/postgres"
	"github.com/setsafe/setsafe/storagetest"
)

func TestStorage(t *testing.T) {
	storagetest.RequirePostgres(t)
	storagetest.Run(t, storagetest.Postgres())
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://setsafe:s3cret@db.example:5432/setsafe", "postgres://…@db.example:5432/setsafe"},
		{"postgres://setsafe:p@ss@db/setsafe", "postgres://…@db/setsafe"},
		{"postgres://db/setsafe", "postgres://db/setsafe"},
		{"cannot parse `postgres://u:pw@h/d`: bad; see postgres://x:y@z", "cannot parse `postgres://…@h/d`: bad; see postgres://…@z"},
		{"mail me at rosa@example.com", "mail me at rosa@example.com"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := postgres.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
