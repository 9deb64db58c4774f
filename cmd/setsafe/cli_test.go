package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"math"
	"runtime/debug"

	"github.com/setsafe/setsafe/ledger"
	_ "modernc.org/sqlite"
)

// syncBuffer is a bytes.Buffer safe to write from a server goroutine while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a setsafe command that serves (serve or demo), started in
// the background as an operator starts it.
type running struct {
	t           *testing.T
	name        string
	URL         string
	out, errOut *syncBuffer
	cancel      context.CancelFunc
	done        chan int
	stopped     bool
}

// start runs setsafe with args, reading env for its environment, waits
// until it listens, and stops it when the test ends if stop has not.
func start(t *testing.T, env map[string]string, args ...string) *running {
	t.Helper()
	r := &running{t: t, name: args[0], out: &syncBuffer{}, errOut: &syncBuffer{}, done: make(chan int, 1)}
	ready := make(chan string, 1)
	a := &app{stdout: r.out, stderr: r.errOut, getenv: func(k string) string { return env[k] }, ready: func(u string) { ready <- u }}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- a.main(ctx, args) }()
	select {
	case r.URL = <-ready:
	case status := <-r.done:
		cancel()
		t.Fatalf("%s exited with %d:\n%s%s", r.name, status, r.out.String(), r.errOut.String())
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("%s did not start", r.name)
	}
	t.Cleanup(func() {
		if !r.stopped {
			r.stop()
		}
	})
	return r
}

// stop stops the command and fails the test unless it exits cleanly
// within 30 seconds.
func (r *running) stop() {
	r.t.Helper()
	r.stopped = true
	r.cancel()
	select {
	case status := <-r.done:
		if status != exitOK {
			r.t.Errorf("%s exit %d:\n%s", r.name, status, r.errOut.String())
		}
	case <-time.After(30 * time.Second):
		r.t.Errorf("%s did not stop", r.name)
	}
}

// cli runs setsafe commands in-process against one database.
type cli struct {
	t   *testing.T
	db  string
	env map[string]string
}

// newCLI returns a command line on a new database whose signing key exists,
// as after the server's first start.
func newCLI(t *testing.T) *cli {
	path := filepath.Join(t.TempDir(), "setsafe.db")
	if _, _, err := ledger.LoadOrCreateSigner(path+".key", "setsafe"); err != nil {
		t.Fatal(err)
	}
	return &cli{t: t, db: "sqlite:" + path, env: map[string]string{}}
}

// run runs one command line and returns its exit status and output.
func (c *cli) run(args ...string) (int, string, string) {
	c.t.Helper()
	var out, errOut syncBuffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return c.env[k] }}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") && args[0] != "help" {
		args = withDB(args, c.db)
	}
	status := a.main(context.Background(), args)
	return status, out.String(), errOut.String()
}

// withDB adds --db after the command (and action) unless given.
func withDB(args []string, db string) []string {
	for _, a := range args {
		if strings.HasPrefix(a, "--db") || a == "version" || a == "--version" || a == "verify-bundle" || a == "--help" {
			return args
		}
	}
	n := 1
	if args[0] == "user" || args[0] == "token" || args[0] == "production" {
		if len(args) == 1 {
			return args
		}
		n = 2
	}
	return append(append(append([]string{}, args[:n]...), "--db", db), args[n:]...)
}

func (c *cli) must(args ...string) string {
	c.t.Helper()
	status, out, errOut := c.run(args...)
	if status != exitOK {
		c.t.Fatalf("setsafe %s: exit %d\n%s%s", strings.Join(args, " "), status, out, errOut)
	}
	return out
}

func TestAdministration(t *testing.T) {
	c := newCLI(t)
	out := c.must("user", "create", "--email", "Ada@Example.com", "--name", "Ada Admin", "--admin")
	if !regexp.MustCompile(`Password \(shown once\): \S{20}`).MatchString(out) || !strings.Contains(out, "site administrator") {
		t.Fatalf("user create printed %q", out)
	}
	c.must("production", "create", "--id", "red-mesa", "--name", "Red Mesa", "--time-zone", "America/Denver")
	c.must("user", "create", "--email", "rosa@example.com", "--name", "Rosa Delgado")
	if out := c.must("user", "grant", "--email", "rosa@example.com", "--production", "red-mesa", "--role", "armorer"); !strings.Contains(out, "Rosa Delgado is now Armorer on red-mesa") {
		t.Fatalf("grant printed %q", out)
	}
	if out := c.must("user", "grant", "--email", "rosa@example.com", "--production", "red-mesa", "--role", "armorer"); !strings.Contains(out, "already holds") {
		t.Fatalf("second grant printed %q", out)
	}
	// The armorer has no other duties (FA-4): the gate refuses, and says why.
	if code, _, errOut := c.run("user", "grant", "--email", "rosa@example.com", "--production", "red-mesa", "--role", "property_master"); code != 1 || !strings.Contains(errOut, "(FA-4)") {
		t.Fatalf("second duty for the armorer: exit %d, %q", code, errOut)
	}
	c.must("user", "grant", "--email", "rosa@example.com", "--production", "red-mesa", "--role", "crew")
	c.must("user", "revoke", "--email", "rosa@example.com", "--production", "red-mesa", "--role", "crew", "--reason", "granted twice over")
	out = c.must("token", "create", "--email", "rosa@example.com", "--name", "tablet", "--expires", "24h")
	token := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	if !strings.HasPrefix(token, "sst_") {
		t.Fatalf("token create printed %q", out)
	}
	if out := c.must("token", "list", "--email", "rosa@example.com"); !strings.Contains(out, "tablet") || !strings.Contains(out, "expires") {
		t.Fatalf("token list printed %q", out)
	}
	if out := c.must("user", "list"); !strings.Contains(out, "ada@example.com") || !strings.Contains(out, "site administrator") {
		t.Fatalf("user list printed %q", out)
	}
	if out := c.must("production", "list"); !strings.Contains(out, "red-mesa") {
		t.Fatalf("production list printed %q", out)
	}
	password := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(password, []byte("a password from a file\n"), 0o600)
	c.must("user", "reset-password", "--email", "rosa@example.com", "--password-file", password)
	c.must("user", "disable", "--email", "rosa@example.com", "--reason", "left the production")
	c.must("user", "enable", "--email", "rosa@example.com")
	if out := c.must("verify"); !strings.Contains(out, "Verified: 2 ledgers") {
		t.Fatalf("verify printed %q", out)
	}
	// Another key must not sign this database's ledgers.
	other := filepath.Join(t.TempDir(), "other.key")
	if _, _, err := ledger.LoadOrCreateSigner(other, "setsafe"); err != nil {
		t.Fatal(err)
	}
	if status, _, errOut := c.run("production", "create", "--key", other, "--id", "dust-devil", "--name", "Dust Devil", "--time-zone", "UTC"); status != exitFailure || !strings.Contains(errOut, "did not sign") {
		t.Fatalf("a write with another key: exit %d: %s", status, errOut)
	}
	// Without a key, a command writes but signs nothing, and makes no key.
	keyless := &cli{t: t, db: "sqlite:" + filepath.Join(t.TempDir(), "new.db"), env: map[string]string{}}
	if status, _, errOut := keyless.run("user", "create", "--email", "a@example.com", "--name", "A", "--admin"); status != exitOK || !strings.Contains(errOut, "No signing key") {
		t.Fatalf("a write without a key: exit %d: %s", status, errOut)
	}
	if _, err := os.Stat(strings.TrimPrefix(keyless.db, "sqlite:") + ".key"); !os.IsNotExist(err) {
		t.Fatalf("a command other than serve made a signing key: %v", err)
	}

	tests := []struct {
		args   []string
		status int
		says   string
	}{
		{[]string{"fly"}, exitUsage, "unknown command"},
		{[]string{"user"}, exitUsage, "say what to do"},
		{[]string{"user", "grant", "--email", "rosa@example.com"}, exitUsage, "--production and --role are required"},
		{[]string{"user", "grant", "--email", "rosa@example.com", "--production", "red-mesa", "--role", "gaffer"}, exitFailure, "unknown role"},
		{[]string{"user", "grant", "--email", "nobody@example.com", "--production", "red-mesa", "--role", "crew"}, exitFailure, "no account with that e-mail"},
		{[]string{"user", "create", "--email", "ada@example.com", "--name", "Again"}, exitFailure, "exists already"},
		{[]string{"user", "create", "--email", "x@example.com", "--name", "X", "--password-file", "/nonexistent"}, exitUsage, "--password-file"},
		{[]string{"production", "create", "--id", "Red Mesa!", "--name", "X", "--time-zone", "UTC"}, exitFailure, "lowercase letters"},
		{[]string{"token", "revoke"}, exitUsage, "--id is required"},
		{[]string{"verify", "--db", "mysql://x"}, exitUsage, "sqlite:PATH or a postgres:// URL"},
		{[]string{"verify", "--production", "no-such-film"}, exitFailure, "no ledger"},
		{[]string{"rebuild", "--production", "no-such-film"}, exitFailure, "no ledger"},
		{[]string{"rebuild", "--production", "red-mesa"}, exitOK, "Rebuilt the tables of red-mesa"},
		{[]string{"serve", "--log-level", "loud"}, exitUsage, "--log-level"},
		{[]string{"serve", "--state-memory", "0"}, exitUsage, "--state-memory"},
		{[]string{"serve", "--state-memory", "9000000000000"}, exitUsage, "from 1 to 1048576"},
		{[]string{"verify", "extra"}, exitUsage, "unexpected argument"},
		{[]string{"backup"}, exitUsage, "--out FILE is required"},
		{[]string{"version", "--help"}, exitOK, "Usage: setsafe version"},
		{[]string{"version"}, exitOK, runtime.Version()},
		{[]string{"--version"}, exitOK, "setsafe " + version() + " ("},
		{[]string{"demo", "--help"}, exitOK, "default: a new SQLite database in a temporary directory"},
	}
	for _, tt := range tests {
		status, out, errOut := c.run(tt.args...)
		if status != tt.status || !strings.Contains(out+errOut, tt.says) {
			t.Errorf("setsafe %s: exit %d, want %d saying %q:\n%s%s", strings.Join(tt.args, " "), status, tt.status, tt.says, out, errOut)
		}
	}
}

func TestEnvironment(t *testing.T) {
	c := newCLI(t)
	c.must("user", "create", "--email", "ada@example.com", "--name", "Ada", "--admin")
	// The database from SETSAFE_DB, then from SETSAFE_DB_FILE.
	for _, env := range []map[string]string{
		{"SETSAFE_DB": c.db},
		{"SETSAFE_DB_FILE": writeFile(t, c.db+"\n")},
	} {
		var out syncBuffer
		a := &app{stdout: &out, stderr: &out, getenv: func(k string) string { return env[k] }}
		if status := a.main(context.Background(), []string{"user", "list"}); status != exitOK || !strings.Contains(out.String(), "ada@example.com") {
			t.Fatalf("with %v: exit %d: %s", env, status, out.String())
		}
	}
	var out syncBuffer
	a := &app{stdout: &out, stderr: &out, getenv: func(k string) string {
		return map[string]string{"SETSAFE_DB": c.db, "SETSAFE_VERIFY_EVERY": "often"}[k]
	}}
	if status := a.main(context.Background(), []string{"serve"}); status != exitUsage || !strings.Contains(out.String(), "SETSAFE_VERIFY_EVERY") {
		t.Fatalf("a bad environment value: exit %d: %s", status, out.String())
	}
}

func writeFile(t *testing.T, content string) string {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestVerifyNamesEveryChangedByte changes, one at a time, every byte of a
// ledger row's entry and each of its other columns, as someone with the
// sqlite3 tool could, and checks that verify fails and names the entry.
func TestVerifyNamesEveryChangedByte(t *testing.T) {
	c := newCLI(t)
	c.must("user", "create", "--email", "ada@example.com", "--name", "Ada", "--admin")
	c.must("production", "create", "--id", "red-mesa", "--name", "Red Mesa", "--time-zone", "America/Denver")
	for _, who := range []string{"rosa", "marcus", "jack"} {
		c.must("user", "create", "--email", who+"@example.com", "--name", strings.ToUpper(who[:1])+who[1:])
		c.must("user", "grant", "--email", who+"@example.com", "--production", "red-mesa", "--role", "crew")
	}
	path := strings.TrimPrefix(c.db, "sqlite:")
	pristine, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const seq = 5 // person.added for marcus
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var entry []byte
	if err := db.QueryRow("SELECT entry FROM ledger WHERE ledger_id = 'red-mesa' AND seq = ?", seq).Scan(&entry); err != nil {
		t.Fatal(err)
	}
	db.Close()

	type change struct {
		name string
		sql  string
		args []any
	}
	var changes []change
	for i := range entry {
		b := bytes.Clone(entry)
		b[i] ^= 0x20
		changes = append(changes, change{fmt.Sprintf("entry byte %d", i), "UPDATE ledger SET entry = ? WHERE ledger_id = 'red-mesa' AND seq = ?", []any{b, seq}})
	}
	for _, col := range []struct{ name, set string }{
		{"leaf_hash", "leaf_hash = zeroblob(32)"}, {"time_us", "time_us = time_us + 1"}, {"actor", "actor = 'person:x'"},
		{"type", "type = 'role.granted'"}, {"corrects", "corrects = 1"},
	} {
		changes = append(changes, change{col.name, "UPDATE ledger SET " + col.set + " WHERE ledger_id = 'red-mesa' AND seq = ?", []any{seq}})
	}
	changes = append(changes, change{"nodes of a row", "UPDATE ledger SET nodes = zeroblob(length(nodes)) WHERE ledger_id = 'red-mesa' AND seq = ?", []any{8}})

	for _, ch := range changes {
		if err := os.WriteFile(path, pristine, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec("DROP TRIGGER ledger_never_updated")
		if err == nil {
			_, err = db.Exec(ch.sql, ch.args...)
		}
		db.Close()
		if err != nil {
			t.Fatalf("%s: %v", ch.name, err)
		}
		status, out, _ := c.run("verify")
		want := "red-mesa: entry "
		if ch.name != "nodes of a row" {
			want += fmt.Sprint(seq) + ":"
		}
		if status != exitFailure || !strings.Contains(out, want) {
			t.Fatalf("%s: verify exit %d, want 1 naming %q:\n%s", ch.name, status, want, out)
		}
	}
}

// TestVerifyComparesKeptCheckpoints removes the newest entries of a ledger
// with the checkpoints that covered them, which the database alone cannot
// show, and checks that verify finds it from the checkpoints kept beside
// the signing key.
func TestVerifyComparesKeptCheckpoints(t *testing.T) {
	c := newCLI(t)
	c.must("user", "create", "--email", "ada@example.com", "--name", "Ada", "--admin")
	c.must("production", "create", "--id", "red-mesa", "--name", "Red Mesa", "--time-zone", "America/Denver")
	c.must("user", "create", "--email", "rosa@example.com", "--name", "Rosa")
	c.must("user", "grant", "--email", "rosa@example.com", "--production", "red-mesa", "--role", "armorer")
	path := strings.TrimPrefix(c.db, "sqlite:")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	if err := db.QueryRow("SELECT MAX(seq) FROM ledger WHERE ledger_id = 'red-mesa'").Scan(&size); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"DROP TRIGGER ledger_never_deleted", "DROP TRIGGER checkpoints_never_deleted",
		"DELETE FROM checkpoints WHERE ledger_id = 'red-mesa'", "DELETE FROM ledger WHERE ledger_id = 'red-mesa' AND seq > 1"} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db.Close()
	want := fmt.Sprintf("kept beside the signing key was signed at size %d but the ledger holds 1:", size)
	if status, out, _ := c.run("verify", "--production", "red-mesa"); status != exitFailure || !strings.Contains(out, want) {
		t.Fatalf("verify with the kept checkpoints: exit %d\n%s", status, out)
	}
	// An investigator given the file checks with it too.
	given := &cli{t: t, db: c.db, env: map[string]string{}}
	if status, out, _ := given.run("verify", "--production", "red-mesa", "--verifier-key", path+".key.pub", "--checkpoints", path+".key.checkpoints"); status != exitFailure || !strings.Contains(out, want) {
		t.Fatalf("verify --checkpoints: exit %d\n%s", status, out)
	}
	if status, _, errOut := given.run("verify", "--verifier-key", path+".key.pub", "--checkpoints", path+".nothing"); status != exitUsage || !strings.Contains(errOut, "--checkpoints") {
		t.Fatalf("verify --checkpoints with a missing file: exit %d\n%s", status, errOut)
	}
}

// TestSQLiteToolTampering does what the README tells an investigator to try,
// with the sqlite3 program itself, when it is installed.
func TestSQLiteToolTampering(t *testing.T) {
	tool, err := exec.LookPath("sqlite3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("sqlite3 is not installed; .ci/run installs it")
		}
		t.Skip("sqlite3 is not installed (Debian package sqlite3); skipping the test with the real tool")
	}
	c := newCLI(t)
	c.must("user", "create", "--email", "ada@example.com", "--name", "Ada", "--admin")
	c.must("production", "create", "--id", "red-mesa", "--name", "Red Mesa", "--time-zone", "America/Denver")
	path := strings.TrimPrefix(c.db, "sqlite:")
	script := "DROP TRIGGER ledger_never_updated; UPDATE ledger SET entry = CAST(replace(CAST(entry AS TEXT), 'Red Mesa', 'Red Masa') AS BLOB) WHERE ledger_id = 'red-mesa' AND seq = 1;"
	if out, err := exec.Command(tool, path, script).CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v: %s", err, out)
	}
	status, out, _ := c.run("verify")
	if status != exitFailure || !strings.Contains(out, "red-mesa: entry 1:") || !strings.Contains(out, `"Red Masa" from the ledger`) {
		t.Fatalf("verify after sqlite3 changed entry 1: exit %d\n%s", status, out)
	}
	status, out, _ = c.run("verify", "--json")
	var rep struct {
		OK       bool
		Problems []struct {
			Ledger string
			Seq    int64
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.OK || status != exitFailure || len(rep.Problems) == 0 || rep.Problems[0].Seq != 1 {
		t.Fatalf("verify --json: exit %d %v\n%s", status, err, out)
	}
}

// TestDemoAndBackup starts the demo as a newcomer would, signs in with a
// printed password, takes a backup while it runs and verifies both.
func TestDemoAndBackup(t *testing.T) {
	demo := start(t, nil, "demo", "--addr", "127.0.0.1:0", "--log-level", "warn")
	url := demo.URL
	printed := demo.out.String()
	m := regexp.MustCompile(`dana@redmesa\.example\s+(\S+)`).FindStringSubmatch(printed)
	dbm := regexp.MustCompile(`verify --db (sqlite:\S+)`).FindStringSubmatch(printed)
	if m == nil || dbm == nil {
		t.Fatalf("the demo did not print logins and its database:\n%s", printed)
	}
	resp, err := http.Post(url+"/api/v1/session", "application/json", strings.NewReader(`{"email":"dana@redmesa.example","password":"`+m[1]+`"}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sign in as the producer: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()

	c := &cli{t: t, db: dbm[1], env: map[string]string{}}
	if out := c.must("verify"); !strings.Contains(out, "Verified") {
		t.Fatalf("verify the running demo:\n%s", out)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if out := c.must("backup", "--out", copyPath); !strings.Contains(out, "Verified the copy") {
		t.Fatalf("backup:\n%s", out)
	}
	key := strings.TrimPrefix(dbm[1], "sqlite:") + ".key.pub"
	copyCLI := &cli{t: t, db: "sqlite:" + copyPath, env: map[string]string{}}
	if out := copyCLI.must("verify", "--verifier-key", key); !strings.Contains(out, "Verified") {
		t.Fatalf("verify the copy:\n%s", out)
	}
	if status, out, errOut := copyCLI.run("verify"); status != exitUsage || !strings.Contains(errOut, "no verifier key: there is no signing key at "+copyPath+".key") ||
		!strings.Contains(errOut, "--verifier-key") {
		t.Fatalf("verify a copy without a key: exit %d\n%s%s", status, out, errOut)
	}

	demo.stop()
	if _, err := os.Stat(strings.TrimPrefix(dbm[1], "sqlite:")); !os.IsNotExist(err) {
		t.Fatalf("the demo left its temporary database behind: %v", err)
	}
}

// TestServeLimitsItsMemory starts the server and checks that it sets its
// soft memory limit, unless GOMEMLIMIT sets one.
func TestServeLimitsItsMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	for _, env := range []map[string]string{{}, {"GOMEMLIMIT": "1GiB"}} {
		debug.SetMemoryLimit(math.MaxInt64)
		c := newCLI(t)
		server := start(t, env, "serve", "--db", c.db, "--addr", "127.0.0.1:0", "--log-level", "warn", "--verify-every", "0")
		want := int64(memoryLimit)
		if env["GOMEMLIMIT"] != "" {
			want = math.MaxInt64 // the runtime reads GOMEMLIMIT itself
		}
		if got := debug.SetMemoryLimit(-1); got != want {
			t.Errorf("GOMEMLIMIT %q: the memory limit is %d, want %d", env["GOMEMLIMIT"], got, want)
		}
		server.stop()
	}
}

// TestTrustedProxyOption reads --trusted-proxy as a flag, given more than
// once, and from SETSAFE_TRUSTED_PROXY, and refuses what is not an address
// or a network.
func TestTrustedProxyOption(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want string
		bad  bool
	}{
		{nil, "", "", false},
		{[]string{"--trusted-proxy", "127.0.0.1"}, "", "127.0.0.1/32", false},
		{[]string{"--trusted-proxy", "127.0.0.1/32,::1", "--trusted-proxy", "10.1.0.0/16"}, "", "127.0.0.1/32,::1/128,10.1.0.0/16", false},
		{nil, "192.168.0.0/16, fd00::/8", "192.168.0.0/16,fd00::/8", false},
		{[]string{"--trusted-proxy", "10.0.0.1"}, "192.168.0.0/16", "10.0.0.1/32", false},
		{[]string{"--trusted-proxy", "proxy.example"}, "", "", true},
		{nil, "10.0.0.0/40", "", true},
	}
	for _, tt := range tests {
		var out syncBuffer
		a := &app{stdout: &out, stderr: &out, getenv: func(k string) string {
			return map[string]string{"SETSAFE_TRUSTED_PROXY": tt.env}[k]
		}}
		var s serverFlags
		f := a.flags("serve", "serve")
		s.register(f)
		err := f.parse(tt.args)
		if (err != nil) != tt.bad || !tt.bad && s.proxies.String() != tt.want {
			t.Errorf("%v with SETSAFE_TRUSTED_PROXY=%q: %q, %v", tt.args, tt.env, s.proxies.String(), err)
		}
	}
}

// TestDemoOnABusyAddress: the demo says the address is taken before it
// makes or seeds a database, not after.
func TestDemoOnABusyAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	db := filepath.Join(t.TempDir(), "demo.db")
	var out, errOut syncBuffer
	a := &app{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	status := a.main(context.Background(), []string{"demo", "--addr", ln.Addr().String(), "--db", "sqlite:" + db})
	if status != exitFailure || !strings.Contains(errOut.String(), "Cannot listen on "+ln.Addr().String()) {
		t.Fatalf("demo on a busy address: exit %d\n%s%s", status, out.String(), errOut.String())
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the demo made its database before finding the address busy: %v", err)
	}
}
