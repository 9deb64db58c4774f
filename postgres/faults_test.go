package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/postgres"
)

// TestUnreachable needs no running PostgreSQL: nothing listens on port 1.
func TestUnreachable(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://setsafe:secret@127.0.0.1:1/setsafe?connect_timeout=2", postgres.Options{})
	if setsafe.ErrorCode(err) != setsafe.EUnavailable || !strings.Contains(setsafe.ErrorMessage(err), "cannot be reached") {
		t.Fatalf("open an unreachable server: %v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatalf("the error shows the password: %v", err)
	}
	_, err = postgres.Open(context.Background(), "postgres://%zz", postgres.Options{})
	if setsafe.ErrorCode(err) != setsafe.EInvalid && setsafe.ErrorCode(err) != setsafe.EUnavailable {
		t.Fatalf("open a malformed URL: %v", err)
	}
}
