// Package witnesstest runs a real C2SP tlog witness, litewitness from
// filippo.io/torchwood, for tests: its key held by an ssh-agent of the
// test's own, its database in the test's directory.
package witnesstest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	_ "modernc.org/sqlite"
)

// Witness is a running litewitness.
type Witness struct {
	// Name is the witness's name, and of its cosignature key.
	Name string
	// URL is where it takes add-checkpoint requests.
	URL string
	// VerifierKey is its cosignature verifier key,
	// NAME+KEYHASH+BASE64(0x04 || Ed25519 public key).
	VerifierKey string
	db          string
	stderr      *bytes.Buffer
}

var (
	buildOnce   sync.Once
	litewitness string
	buildErr    error
)

// build compiles litewitness, the module's tool, once per test binary.
func build(t testing.TB) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "litewitness")
		if err != nil {
			buildErr = err
			return
		}
		litewitness = filepath.Join(dir, "litewitness")
		out, err := exec.Command("go", "build", "-o", litewitness, "filippo.io/torchwood/cmd/litewitness").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("build litewitness: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return litewitness
}

// Start runs a litewitness named name (such as "witness.example/w1") for
// the test, stopped when it ends. It skips the test when ssh-agent or
// ssh-keygen, which litewitness needs to hold its key, are not installed.
func Start(t testing.TB, name string) *Witness {
	t.Helper()
	for _, tool := range []string{"ssh-agent", "ssh-keygen", "ssh-add"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("a real witness needs %s (package openssh-client), which is not installed: %v", tool, err)
		}
	}
	bin := build(t)
	// A socket's path is short: not in t.TempDir, whose names are long.
	dir, err := os.MkdirTemp("", "lw")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "agent.sock")
	agent := exec.Command("ssh-agent", "-a", sock, "-D")
	agent.Stdout, agent.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	if err := agent.Start(); err != nil {
		t.Fatalf("start ssh-agent: %v", err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	key := filepath.Join(dir, "key")
	run(t, nil, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "witness", "-f", key)
	waitFor(t, "ssh-agent", func() bool { _, err := os.Stat(sock); return err == nil })
	run(t, []string{"SSH_AUTH_SOCK=" + sock}, "ssh-add", "-q", key)
	fields := strings.Fields(run(t, nil, "ssh-keygen", "-lf", key+".pub"))
	if len(fields) < 2 || !strings.HasPrefix(fields[1], "SHA256:") {
		t.Fatalf("ssh-keygen -lf said %q, not a SHA256 fingerprint", fields)
	}
	pubText, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	vkey, err := verifierKey(name, pubText)
	if err != nil {
		t.Fatal(err)
	}

	w := &Witness{Name: name, VerifierKey: vkey, db: filepath.Join(dir, "witness.db"), stderr: new(bytes.Buffer)}
	w.exec(t, `CREATE TABLE IF NOT EXISTS log (origin TEXT PRIMARY KEY, tree_size INTEGER NOT NULL, tree_hash TEXT NOT NULL);
		CREATE TABLE IF NOT EXISTS key (origin TEXT NOT NULL, key TEXT NOT NULL, FOREIGN KEY(origin) REFERENCES log(origin));`)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "-name", name, "-key", fields[1], "-ssh-agent", sock, "-db", w.db, "-listen", addr)
	cmd.Stdout, cmd.Stderr = w.stderr, w.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start litewitness: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("litewitness %s said:\n%s", name, w.stderr)
		}
	})
	w.URL = "http://" + addr
	waitFor(t, "litewitness "+name, func() bool {
		resp, err := http.Get(w.URL + "/")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	return w
}

// AddLog has the witness witness the log of origin ("SITE/LEDGER") signed
// by the note verifier key logKey, from size 0.
func (w *Witness) AddLog(t testing.TB, origin, logKey string) {
	t.Helper()
	w.exec(t, "INSERT INTO log (origin, tree_size, tree_hash) VALUES (?, 0, ?)", origin, base64.StdEncoding.EncodeToString(sha256.New().Sum(nil)))
	w.exec(t, "INSERT INTO key (origin, key) VALUES (?, ?)", origin, logKey)
}

// Seen returns the size of a log the witness last cosigned.
func (w *Witness) Seen(t testing.TB, origin string) int64 {
	t.Helper()
	db := w.open(t)
	defer db.Close()
	var n int64
	if err := db.QueryRow("SELECT tree_size FROM log WHERE origin = ?", origin).Scan(&n); err != nil {
		t.Fatalf("witness %s: size of %s: %v", w.Name, origin, err)
	}
	return n
}

func (w *Witness) open(t testing.TB) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+w.db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func (w *Witness) exec(t testing.TB, query string, args ...any) {
	t.Helper()
	db := w.open(t)
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("witness %s database: %v", w.Name, err)
	}
}

// verifierKey derives a witness's cosignature verifier key from its
// name and its ssh public key (C2SP tlog-cosignature).
func verifierKey(name string, authorized []byte) (string, error) {
	pk, _, _, _, err := ssh.ParseAuthorizedKey(authorized)
	if err != nil {
		return "", fmt.Errorf("read the witness's ssh public key: %w", err)
	}
	cpk, ok := pk.(ssh.CryptoPublicKey)
	if !ok || pk.Type() != ssh.KeyAlgoED25519 {
		return "", fmt.Errorf("the witness's key is %s, not Ed25519", pk.Type())
	}
	pub, ok := cpk.CryptoPublicKey().(ed25519.PublicKey)
	if !ok {
		return "", fmt.Errorf("the witness's key is %T, not Ed25519", cpk.CryptoPublicKey())
	}
	key := append([]byte{0x04}, pub...)
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write(key)
	return fmt.Sprintf("%s+%08x+%s", name, binary.BigEndian.Uint32(h.Sum(nil)), base64.StdEncoding.EncodeToString(key)), nil
}

func run(t testing.TB, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func waitFor(t testing.TB, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("%s did not start within 20 s", what)
}
