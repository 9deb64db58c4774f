//go:build unix

package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBackupHelperProcess is the backup that TestBackupKilled runs in a
// process of its own, to kill; it does nothing otherwise.
func TestBackupHelperProcess(t *testing.T) {
	args := os.Getenv("SETSAFE_BACKUP_HELPER")
	if args == "" {
		t.Skip("run by TestBackupKilled")
	}
	a := &app{stdin: strings.NewReader(""), stdout: os.Stdout, stderr: os.Stderr, getenv: func(string) string { return "" }}
	os.Exit(a.main(context.Background(), strings.Split(args, "\n")))
}

// TestBackupNeverLeavesAPartialCopy checks that a backup appears under
// the name it was given only whole and verified: not when the copy does
// not verify, and not when the program is killed while it copies.
func TestBackupNeverLeavesAPartialCopy(t *testing.T) {
	c := newCLI(t)
	c.must("user", "create", "--email", "ada@example.com", "--name", "Ada", "--admin")
	c.must("production", "create", "--id", "red-mesa", "--name", "Red Mesa", "--time-zone", "America/Denver")
	src := strings.TrimPrefix(c.db, "sqlite:")

	// Killed while it copies: another program holds the database, so the
	// copy waits, and is killed waiting.
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")
	holder, err := sql.Open("sqlite", "file:"+src)
	if err != nil {
		t.Fatal(err)
	}
	holder.SetMaxOpenConns(1)
	for _, stmt := range []string{"PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE", "CREATE TABLE held (x)"} {
		if _, err := holder.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBackupHelperProcess$")
	cmd.Env = append(os.Environ(), "SETSAFE_BACKUP_HELPER="+strings.Join([]string{"backup", "--db", c.db, "--out", out}, "\n"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Once the copy has begun (a file appears beside where it goes), kill
	// the program.
	deadline := time.Now().Add(10 * time.Second)
	for {
		entries, _ := os.ReadDir(dir)
		if len(entries) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the backup did not begin")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	holder.Exec("ROLLBACK")
	holder.Close()
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a killed backup left a file under the name it was given: %v", err)
	}
	// What it left says what it is.
	if left, _ := os.ReadDir(dir); len(left) != 1 || !strings.HasPrefix(left[0].Name(), "copy.db.partial-") {
		t.Fatalf("the killed backup left %v", left)
	}

	// A copy that does not verify.
	db, err := sql.Open("sqlite", "file:"+src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE productions SET name = 'Rust' WHERE ledger_id = 'red-mesa'"); err != nil {
		t.Fatal(err)
	}
	out = filepath.Join(t.TempDir(), "copy.db")
	status, stdout, stderr := c.run("backup", "--out", out)
	if _, err := os.Stat(out); status != exitFailure || !os.IsNotExist(err) || !strings.Contains(stdout, "did not verify") {
		t.Fatalf("a backup that does not verify: exit %d, %v\n%s%s", status, err, stdout, stderr)
	}
	kept := strings.TrimSpace(stdout[strings.LastIndex(stdout, " at ")+4:])
	if _, err := os.Stat(kept); err != nil || !strings.HasPrefix(filepath.Base(kept), "copy.db.unverified") {
		t.Fatalf("the copy that did not verify is not where the backup says, %q: %v\n%s", kept, err, stdout)
	}

	// Repaired, the backup appears whole under its name, with nothing
	// beside it.
	if _, err := db.Exec("UPDATE productions SET name = 'Red Mesa' WHERE ledger_id = 'red-mesa'"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	dir = t.TempDir()
	out = filepath.Join(dir, "copy.db")
	if got := c.must("backup", "--out", out); !strings.Contains(got, "Verified the copy") {
		t.Fatalf("backup:\n%s", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "copy.db" {
		t.Fatalf("the backup left %v", entries)
	}
	if status, _, errOut := c.run("backup", "--out", out); status != exitFailure || !strings.Contains(errOut, "exists already") {
		t.Fatalf("a backup over an existing file: exit %d %s", status, errOut)
	}
}
