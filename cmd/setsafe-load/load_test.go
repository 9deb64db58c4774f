//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/setsafe/setsafe/storagetest"
)

// TestLoadOnRealServers runs two productions for a few seconds against a
// real setsafe serve on SQLite, and against two sharing one PostgreSQL
// database with requests spread over both, then again from the state file:
// no call may fail, every acknowledged entry must read back, and setsafe
// verify must hold afterwards.
func TestLoadOnRealServers(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "setsafe")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/setsafe/setsafe/cmd/setsafe").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, b := range []struct {
		name    string
		db      func(t *testing.T) string
		servers int
	}{
		{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "load.db") }, 1},
		{"postgres", func(t *testing.T) string { return storagetest.Postgres().New(t) }, 2},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			s := &site{t: t, bin: bin, db: b.db(t), key: filepath.Join(t.TempDir(), "signing.key")}
			s.cli("user", "create", "--email", "admin@example.com", "--name", "Admin", "--admin")
			out := strings.TrimSpace(s.cli("token", "create", "--email", "admin@example.com", "--name", "load"))
			token := out[strings.LastIndex(out, "\n")+1:]
			var servers []string
			for range b.servers {
				servers = append(servers, s.serve())
			}
			cfg := config{servers: servers, spread: b.servers > 1, token: token, productions: 2, people: minPeople(3), phones: 3,
				duration: 2 * time.Second, seed: 7, tablet: pace{100 * time.Millisecond, 300 * time.Millisecond},
				phone: pace{100 * time.Millisecond, 400 * time.Millisecond}, stopEvery: pace{time.Second, time.Second},
				stopFor: pace{200 * time.Millisecond, 400 * time.Millisecond}, concernShare: 0.3,
				statePath: filepath.Join(t.TempDir(), "state.json"), prefix: "load", workers: 2, timeout: 30 * time.Second}

			rep := s.load(cfg)
			if rep.SetUp != 2 {
				t.Errorf("the first run set up %d productions, want 2", rep.SetUp)
			}
			made := map[string]int{}
			for _, c := range rep.Calls {
				made[c.Call] = c.Count
			}
			for _, kind := range callKinds {
				if made[kind] == 0 {
					t.Errorf("no %s call in the run:\n%s", kind, s.table(rep))
				}
			}
			// The second run finds the productions in the state file.
			cfg.duration = 500 * time.Millisecond
			if rep := s.load(cfg); rep.SetUp != 0 {
				t.Errorf("the second run set up %d productions again", rep.SetUp)
			}

			// Reading back finds an entry that was never written, and one
			// acknowledged as something else.
			c := newClient(time.Minute)
			found, lost, err := c.readBack(t.Context(), []ack{{ledger: "load-001", seq: 1 << 30, typ: "person.added"}, {ledger: "load-001", seq: 1, typ: "stop_work.called"}},
				token, func(string) string { return servers[0] })
			if err != nil || found != 0 || len(lost) != 2 {
				t.Errorf("read back of a missing and a changed entry: %d found, lost %q, %v", found, lost, err)
			}

			s.stopAll()
			if out := s.cli("verify"); !strings.Contains(out, "\nVerified: ") {
				t.Errorf("setsafe verify after the load:\n%s", out)
			}
		})
	}
}

// site is one database served by real setsafe processes.
type site struct {
	t            *testing.T
	bin, db, key string
	procs        []*exec.Cmd
	exited       []chan struct{}
}

// cli runs a setsafe command on the site's database and fails the test
// unless it succeeds.
func (s *site) cli(args ...string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.bin, append(args, "--db", s.db, "--key", s.key)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("setsafe %s: %v\n%s%s", strings.Join(args, " "), err, &stdout, &stderr)
	}
	return stdout.String()
}

// serve starts setsafe serve on the site's database and returns its URL
// once it listens.
func (s *site) serve() string {
	t := s.t
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(s.bin, "serve", "--db", s.db, "--key", s.key, "--addr", "127.0.0.1:0")
	cmd.Stdout, cmd.Stderr = pw, &stderr
	err = cmd.Start()
	pw.Close()
	if err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	s.procs, s.exited = append(s.procs, cmd), append(s.exited, exited)
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	urls := make(chan string, 1)
	go func() {
		defer pr.Close()
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), " is listening at "); ok {
				urls <- u
			}
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-exited:
		t.Fatalf("setsafe serve exited before listening:\n%s", &stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("setsafe serve did not listen within 30 s")
	}
	return ""
}

// stopAll asks every server to stop and waits until they have.
func (s *site) stopAll() {
	for i, cmd := range s.procs {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			s.t.Fatal(err)
		}
		select {
		case <-s.exited[i]:
		case <-time.After(30 * time.Second):
			s.t.Fatal("setsafe serve did not stop within 30 s of SIGTERM")
		}
	}
}

// load runs the load generator and fails the test unless every call
// succeeded, every acknowledged entry read back and every server is
// healthy.
func (s *site) load(cfg config) *report {
	t := s.t
	t.Helper()
	var log bytes.Buffer
	rep, err := run(t.Context(), cfg, &log)
	if err != nil {
		t.Fatalf("setsafe-load: %v\n%s", err, &log)
	}
	if !rep.OK || rep.All.Count == 0 || rep.Writes.Acknowledged == 0 || rep.Writes.ReadBack != rep.Writes.Acknowledged {
		t.Fatalf("setsafe-load:\n%s", s.table(rep))
	}
	for _, st := range rep.ServerStats {
		if st.Calls == 0 || st.CPUSeconds <= 0 || st.RSSAfter <= 0 || st.Health != "ok" {
			t.Errorf("server figures: %+v", st)
		}
	}
	return rep
}

func (s *site) table(rep *report) string {
	var b bytes.Buffer
	rep.print(&b)
	return b.String()
}
