//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/setsafe/setsafe/storagetest"
)

const (
	crashRounds  = 4
	crashWorkers = 16
	crashLedger  = "red-mesa"
)

// TestCrashDuringWriteBurst kills a real setsafe server with SIGKILL while
// many clients add people, round after round, and checks that no event the
// server acknowledged is lost, that the ledger has no gaps, and that verify
// passes after each crash and at the end.
func TestCrashDuringWriteBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds setsafe and kills it repeatedly")
	}
	bin := filepath.Join(t.TempDir(), "setsafe")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	backends := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "crash.db") }},
		{"postgres", func(t *testing.T) string { return storagetest.Postgres().New(t) }},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			c := &crashRig{t: t, bin: bin, db: b.db(t), key: filepath.Join(t.TempDir(), "signing.key"), acked: map[int64]string{}}
			c.prepare()
			s := c.start()
			for round := 1; round <= crashRounds; round++ {
				delay := 50*time.Millisecond + rand.N(350*time.Millisecond)
				acks, cut := c.burst(s, delay)
				if len(acks) == 0 {
					t.Fatalf("round %d: the server acknowledged no event", round)
				}
				for seq, id := range acks {
					if prev, ok := c.acked[seq]; ok {
						t.Fatalf("round %d: entry %d was acknowledged twice, for person %s and for person %s", round, seq, prev, id)
					}
					c.acked[seq] = id
				}
				// The crashed database must verify before anything repairs it.
				if _, err := c.cli("verify"); err != nil {
					t.Fatalf("round %d: verify right after the crash: %v", round, err)
				}
				s = c.start()
				size := c.check(s, acks)
				t.Logf("round %d: killed %v after the first acknowledgement, with %d requests in flight; %d events acknowledged, ledger has %d entries",
					round, delay.Round(time.Millisecond), cut, len(acks), size)
			}
			s.stop(t)
			if _, err := c.cli("verify"); err != nil {
				t.Fatalf("verify after a clean stop: %v", err)
			}
		})
	}
}

// crashRig is one database that setsafe serves, crashes on and recovers.
type crashRig struct {
	t            testing.TB
	bin, db, key string
	token        string
	// crewMade counts the crew members crew has added.
	crewMade int
	// acked holds every acknowledged person.added entry so far: the person's
	// ID by sequence number.
	acked map[int64]string
}

// cli runs a setsafe command on the rig's database and returns its output.
func (c *crashRig) cli(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, append(args, "--db", c.db, "--key", c.key)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("setsafe %s: %w\n%s%s", strings.Join(args, " "), err, &stdout, &stderr)
	}
	return stdout.String(), nil
}

func (c *crashRig) mustCLI(args ...string) string {
	c.t.Helper()
	out, err := c.cli(args...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// prepare creates an administrator who produces red-mesa, and an API token
// for them.
func (c *crashRig) prepare() {
	c.mustCLI("user", "create", "--email", "admin@example.com", "--name", "Admin", "--admin")
	c.mustCLI("production", "create", "--id", crashLedger, "--name", "Red Mesa", "--time-zone", "America/Denver")
	c.mustCLI("user", "grant", "--email", "admin@example.com", "--production", crashLedger, "--role", "producer")
	out := strings.TrimSpace(c.mustCLI("token", "create", "--email", "admin@example.com", "--name", "crash"))
	c.token = out[strings.LastIndex(out, "\n")+1:]
	if !strings.HasPrefix(c.token, "sst_") {
		c.t.Fatalf("token create printed no token:\n%s", out)
	}
}

// crew adds n crew members to the production, each with an account, and
// returns their API tokens.
func (c *crashRig) crew(n int) []string {
	tokens := make([]string, n)
	for i := range tokens {
		c.crewMade++
		email := fmt.Sprintf("crew%d@example.com", c.crewMade)
		c.mustCLI("user", "create", "--email", email, "--name", fmt.Sprintf("Crew %d", c.crewMade))
		c.mustCLI("user", "grant", "--email", email, "--production", crashLedger, "--role", "crew")
		out := strings.TrimSpace(c.mustCLI("token", "create", "--email", email, "--name", "crew"))
		tokens[i] = out[strings.LastIndex(out, "\n")+1:]
		if !strings.HasPrefix(tokens[i], "sst_") {
			c.t.Fatalf("token create printed no token:\n%s", out)
		}
	}
	return tokens
}

// crashServer is a running setsafe serve process.
type crashServer struct {
	cmd    *exec.Cmd
	url    string
	log    string // the file holding its standard error
	exited chan struct{}
}

// start runs setsafe serve and waits until it listens.
func (c *crashRig) start() *crashServer {
	t := c.t
	t.Helper()
	logf, err := os.CreateTemp(t.TempDir(), "serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(c.bin, "serve", "--db", c.db, "--key", c.key, "--addr", "127.0.0.1:0", "--verify-every", "0")
	cmd.Stdout, cmd.Stderr = pw, logf
	err = cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		t.Fatal(err)
	}
	s := &crashServer{cmd: cmd, log: logf.Name(), exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.exited
	})

	urls := make(chan string, 1)
	go func() {
		defer pr.Close()
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), " is listening at "); ok && strings.HasPrefix(sc.Text(), "setsafe ") {
				urls <- u
			}
		}
	}()
	select {
	case s.url = <-urls:
	case <-s.exited:
		t.Fatalf("setsafe serve exited before listening:\n%s", s.logs())
	case <-time.After(30 * time.Second):
		t.Fatalf("setsafe serve did not listen within 30 s:\n%s", s.logs())
	}
	return s
}

func (s *crashServer) logs() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// kill ends the server with SIGKILL, as a crash would.
func (s *crashServer) kill(t testing.TB) {
	t.Helper()
	select {
	case <-s.exited:
		t.Fatalf("setsafe serve exited before the kill (%v):\n%s", s.cmd.ProcessState, s.logs())
	default:
	}
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.exited
	if ws, ok := s.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("setsafe serve ended with %v, not by the kill:\n%s", s.cmd.ProcessState, s.logs())
	}
}

// stop asks the server to shut down and waits until it has.
func (s *crashServer) stop(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("setsafe serve did not stop within 30 s of SIGTERM:\n%s", s.logs())
	}
	if !s.cmd.ProcessState.Success() {
		t.Fatalf("setsafe serve stopped with %v:\n%s", s.cmd.ProcessState, s.logs())
	}
}

// errNoAnswer marks a request that got no complete answer, as those the
// kill cuts short do.
var errNoAnswer = errors.New("no answer")

// burst adds people from many clients at once and kills the server delay
// after the first acknowledgement. It returns the acknowledged entries, and how many requests the kill
// cut short.
func (c *crashRig) burst(s *crashServer, delay time.Duration) (acks map[int64]string, cut int) {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashWorkers}}
	defer client.CloseIdleConnections()
	var (
		killed   atomic.Bool
		stop     = make(chan struct{})
		flowing  = make(chan struct{})
		once     sync.Once
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []error
	)
	acks = map[int64]string{}
	for w := range crashWorkers {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				seq, id, err := c.addPerson(client, s.url, fmt.Sprintf("Crew %d-%d", w, i))
				mu.Lock()
				switch {
				case err == nil:
					if prev, ok := acks[seq]; ok {
						failures = append(failures, fmt.Errorf("entry %d acknowledged for person %s and for person %s", seq, prev, id))
					}
					acks[seq] = id
					once.Do(func() { close(flowing) })
				case errors.Is(err, errNoAnswer) && killed.Load():
					cut++
				default:
					failures = append(failures, err)
				}
				mu.Unlock()
			}
		})
	}
	// A fresh server takes a moment to warm up, PostgreSQL's connection
	// pool especially; count the delay from the first acknowledgement.
	select {
	case <-flowing:
	case <-time.After(10 * time.Second):
	}
	time.Sleep(delay)
	// Requests in flight now stay in flight through the kill; no new ones
	// start, so that cut counts only those the crash interrupted.
	killed.Store(true)
	close(stop)
	s.kill(c.t)
	wg.Wait()
	if len(failures) > 0 {
		c.t.Fatalf("%d requests failed before the kill; the first: %v", len(failures), failures[0])
	}
	return acks, cut
}

// addPerson adds a person to red-mesa and returns the acknowledged entry.
func (c *crashRig) addPerson(client *http.Client, url, name string) (seq int64, id string, err error) {
	body, _ := json.Marshal(map[string]string{"name": name})
	req, err := http.NewRequest("POST", url+"/api/v1/productions/"+crashLedger+"/people", bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("%w: %v", errNoAnswer, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", fmt.Errorf("%w: %v", errNoAnswer, err)
	}
	if resp.StatusCode != http.StatusCreated {
		return 0, "", fmt.Errorf("add %s: %s: %s", name, resp.Status, b)
	}
	var res struct {
		Person struct {
			ID string `json:"id"`
		} `json:"person"`
		Recorded []struct {
			Ledger string `json:"ledger"`
			Seq    int64  `json:"seq"`
			Type   string `json:"type"`
		} `json:"recorded"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return 0, "", fmt.Errorf("add %s: %v: %s", name, err, b)
	}
	if len(res.Recorded) != 1 || res.Recorded[0].Ledger != crashLedger || res.Recorded[0].Type != "person.added" || res.Person.ID == "" {
		return 0, "", fmt.Errorf("add %s: unexpected answer: %s", name, b)
	}
	return res.Recorded[0].Seq, res.Person.ID, nil
}

// crashEntry is the part of a ledger entry the checks read.
type crashEntry struct {
	Seq  int64  `json:"seq"`
	Type string `json:"type"`
	Body struct {
		ID string `json:"id"`
	} `json:"body"`
}

// check reads red-mesa's ledger from a restarted server: it must run from 1
// to its size without gaps and hold every entry acknowledged in any round,
// and each entry of the last round must also be served on its own. It
// returns the ledger's size.
func (c *crashRig) check(s *crashServer, last map[int64]string) int64 {
	t := c.t
	t.Helper()
	var entries []crashEntry
	var size int64
	for after := int64(0); ; {
		var page struct {
			Entries   []crashEntry `json:"entries"`
			NextAfter int64        `json:"next_after"`
			Size      int64        `json:"size"`
		}
		c.get(s, fmt.Sprintf("/api/v1/ledgers/%s/entries?after=%d&limit=1000", crashLedger, after), &page)
		for _, e := range page.Entries {
			if e.Seq != int64(len(entries))+1 {
				t.Fatalf("the ledger has entry %d after entry %d", e.Seq, len(entries))
			}
			entries = append(entries, e)
		}
		if page.NextAfter == 0 {
			size = page.Size
			break
		}
		after = page.NextAfter
	}
	if int64(len(entries)) != size {
		t.Fatalf("the ledger says it has %d entries but lists %d", size, len(entries))
	}
	for seq, id := range c.acked {
		if seq > size {
			t.Fatalf("acknowledged entry %d (person %s) is lost: the ledger has %d entries", seq, id, size)
		}
		if err := entries[seq-1].adds(seq, id); err != nil {
			t.Fatal(err)
		}
	}
	for seq, id := range last {
		var e crashEntry
		c.get(s, fmt.Sprintf("/api/v1/ledgers/%s/entries/%d", crashLedger, seq), &e)
		if err := e.adds(seq, id); err != nil {
			t.Fatal(err)
		}
	}
	return size
}

// adds returns an error unless e is entry seq and adds the person.
func (e crashEntry) adds(seq int64, personID string) error {
	if e.Seq != seq || e.Type != "person.added" || e.Body.ID != personID {
		return fmt.Errorf("acknowledged entry %d adds person %s, but the ledger holds entry %d, %s of %q", seq, personID, e.Seq, e.Type, e.Body.ID)
	}
	return nil
}

// get reads a JSON answer from the server.
func (c *crashRig) get(s *crashServer, path string, v any) {
	c.t.Helper()
	req, err := http.NewRequest("GET", s.url+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		c.t.Fatalf("GET %s: %v\n%s", path, err, s.logs())
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: %s: %s", path, resp.Status, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		c.t.Fatalf("GET %s: %v: %s", path, err, b)
	}
}
