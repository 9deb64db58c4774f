package postgres_test

import (
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

func TestStorage(t *testing.T) {
	storagetest.RequirePostgres(t)
	storagetest.Run(t, storagetest.Postgres())
}
