package sqlite_test

import (
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

func TestStorage(t *testing.T) { storagetest.Run(t, storagetest.SQLite()) }
