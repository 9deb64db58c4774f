package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/demo"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// demoCLI is the demo production on a database of a backend, with a
// crew member's phone number besides, and the command line on it.
type demoCLI struct {
	*cli
	backend storagetest.Backend
	key     string
	phone   string
	email   string
	// entries are the production's entries, to compare bundles with.
	entries []time.Time
}

func newDemoCLI(t *testing.T, b storagetest.Backend) *demoCLI {
	t.Helper()
	loc := b.New(t)
	key := filepath.Join(t.TempDir(), "signing.key")
	signer, _, err := ledger.LoadOrCreateSigner(key, "setsafe")
	if err != nil {
		t.Fatal(err)
	}
	kept, err := ledger.OpenCheckpointFile(ledger.CheckpointFilePath(key))
	if err != nil {
		t.Fatal(err)
	}
	clock := demo.NewClock(time.Now().AddDate(0, 0, -8))
	db := b.Open(t, loc, sqldb.Config{Signer: signer, Kept: kept, Clock: clock})
	ctx := context.Background()
	cheap := argon2id.Params{Memory: 64, Time: 1, Threads: 1}
	if _, _, err := demo.Seed(ctx, db, clock, demo.Hashing{Passwords: cheap, PINs: cheap, ReporterKey: signer.Key(setsafe.ReporterSealKey)}); err != nil {
		t.Fatal(err)
	}
	clock.Live()
	d := &demoCLI{cli: &cli{t: t, db: loc, env: map[string]string{}}, backend: b, key: key, phone: "+1 505 555 0199", email: "wren.okafor@example.org"}
	storagetest.MustAppend(t, db, setsafe.On(demo.ProductionID, storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(),
		PersonDetails: setsafe.PersonDetails{Name: "Wren Okafor", Email: d.email, Phone: d.phone}}))
	if _, err := db.SignUncovered(ctx); err != nil {
		t.Fatal(err)
	}
	es, err := db.Entries(ctx, demo.ProductionID, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		d.entries = append(d.entries, e.Event.Time)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return d
}

// bundleReport is what verify-bundle --json prints.
type bundleReport struct {
	OK       bool `json:"ok"`
	Manifest struct {
		From, To    uint64
		Withheld    int
		Withholding string
		Head        struct{ Size uint64 }
	} `json:"manifest"`
	Entries, Withheld int
	Problems          []struct{ Where, What string }
}

func (d *demoCLI) verifyBundle(t *testing.T, path string) bundleReport {
	t.Helper()
	status, out, errOut := d.run("verify-bundle", path, "--key", ledger.VerifierKeyPath(d.key), "--json")
	var rep bundleReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || status != exitOK || !rep.OK {
		t.Fatalf("verify-bundle %s: exit %d %v\n%s%s", path, status, err, out, errOut)
	}
	return rep
}

func TestExportAndVerifyBundle(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			d := newDemoCLI(t, b)
			dir := t.TempDir()

			// The whole ledger, verified with the verifier key alone.
			whole := filepath.Join(dir, "whole.zip")
			out := d.must("export", "--key", d.key, "--production", demo.ProductionID, "--out", whole)
			for _, want := range []string{"Wrote an evidence bundle of Red Mesa", "entries:      1 to " + strconv.Itoa(len(d.entries)), "head:", "setsafe verify-bundle " + whole} {
				if !strings.Contains(out, want) {
					t.Errorf("export printed no %q:\n%s", want, out)
				}
			}
			rep := d.verifyBundle(t, whole)
			if rep.Manifest.From != 1 || rep.Manifest.To != uint64(len(d.entries)) || rep.Entries != len(d.entries) || rep.Withheld != 0 {
				t.Errorf("whole bundle: %+v", rep)
			}
			data, err := os.ReadFile(whole)
			if err != nil || !bytes.Contains(data, []byte(d.phone)) {
				t.Fatalf("the whole bundle lacks the crew member's phone: %v", err)
			}
			if left, _ := os.ReadDir(dir); len(left) != 1 {
				t.Errorf("export left %v", left)
			}
			if status, out, _ := d.run("verify-bundle", whole, "--key", ledger.VerifierKeyPath(d.key)); status != exitOK || !strings.Contains(out, "Verified") {
				t.Errorf("verify-bundle: exit %d\n%s", status, out)
			}

			// For a third party: none of what only the production may read.
			third := filepath.Join(dir, "third.zip")
			d.must("export", "--key", d.key, "--production", demo.ProductionID, "--for", "third-party", "--out", third)
			rep = d.verifyBundle(t, third)
			if rep.Withheld == 0 || rep.Withheld != rep.Manifest.Withheld || rep.Entries != len(d.entries) || !strings.Contains(rep.Manifest.Withholding, "phone") {
				t.Errorf("third party's bundle: %+v", rep)
			}
			data, err = os.ReadFile(third)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{d.phone, d.email, "dana@redmesa.example", "Fourteen-hour days", "tow rig has no safety chain", "turnaround is twelve hours"} {
				if bytes.Contains(data, []byte(secret)) {
					t.Errorf("the third party's bundle holds %q", secret)
				}
			}

			// A period: the entries of one day on the set's clock, exactly.
			zone, _ := time.LoadLocation("America/Denver")
			day := d.entries[len(d.entries)/2].In(zone).Format(time.DateOnly)
			since, _ := time.ParseInLocation(time.DateOnly, day, zone)
			until := since.AddDate(0, 0, 1)
			first, last := 0, 0
			for i, at := range d.entries {
				if !at.Before(since) && at.Before(until) {
					if first == 0 {
						first = i + 1
					}
					last = i + 1
				}
			}
			for i, bounds := range [][2]string{{day, day}, {since.Format(time.RFC3339), until.UTC().Format(time.RFC3339)}} {
				period := filepath.Join(dir, fmt.Sprintf("period-%d.zip", i))
				d.must("export", "--key", d.key, "--production", demo.ProductionID, "--from", bounds[0], "--to", bounds[1], "--out", period)
				rep = d.verifyBundle(t, period)
				if first == 0 || rep.Manifest.From != uint64(first) || rep.Manifest.To != uint64(last) {
					t.Errorf("the bundle of %v holds entries %d to %d, want %d to %d", bounds, rep.Manifest.From, rep.Manifest.To, first, last)
				}
			}

			// A changed byte of the bundle fails.
			changed := filepath.Join(dir, "changed.zip")
			data, _ = os.ReadFile(whole)
			data[len(data)/2] ^= 0x01
			os.WriteFile(changed, data, 0o600)
			if status, out, _ := d.run("verify-bundle", changed, "--key", ledger.VerifierKeyPath(d.key)); status != exitFailure || !strings.Contains(out, "PROBLEMS") {
				t.Errorf("verify-bundle of a changed bundle: exit %d\n%s", status, out)
			}
			// Each changed byte is caught and located: every byte of the
			// archive's start and end (its first headers, the manifest, the
			// central directory) and bytes spread through the rest.
			data, _ = os.ReadFile(whole)
			vkeyText, err := os.ReadFile(ledger.VerifierKeyPath(d.key))
			if err != nil {
				t.Fatal(err)
			}
			vkey := strings.TrimSpace(string(vkeyText))
			var offsets []int
			for i := range data {
				if i < 512 || i >= len(data)-2048 || i%(len(data)/300+1) == 0 {
					offsets = append(offsets, i)
				}
			}
			t.Logf("changing %d of the %d bytes of the demo bundle one at a time", len(offsets), len(data))
			for _, i := range offsets {
				data[i] ^= 0x01
				os.WriteFile(changed, data, 0o600)
				data[i] ^= 0x01
				rep, err := evidence.VerifyFile(changed, evidence.Options{Key: vkey})
				if err != nil {
					t.Fatalf("byte %d changed: %v", i, err)
				}
				if rep.OK() || rep.Problems[0].Where == "" {
					t.Fatalf("byte %d of %d changed: ok %v, problems %v", i, len(data), rep.OK(), rep.Problems)
				}
			}

			// Another key does not verify it.
			other := filepath.Join(t.TempDir(), "other.key")
			if _, _, err := ledger.LoadOrCreateSigner(other, "setsafe"); err != nil {
				t.Fatal(err)
			}
			if status, out, _ := d.run("verify-bundle", whole, "--key", ledger.VerifierKeyPath(other)); status != exitFailure {
				t.Errorf("verify-bundle with another key: exit %d\n%s", status, out)
			}

			tests := []struct {
				args   []string
				status int
				says   string
			}{
				{[]string{"export", "--out", filepath.Join(dir, "x.zip")}, exitUsage, "--production ID is required"},
				{[]string{"export", "--production", "red-mesa"}, exitUsage, "--out FILE is required"},
				{[]string{"export", "--production", "red-mesa", "--out", whole}, exitFailure, "exists already"},
				{[]string{"export", "--production", "red-mesa", "--for", "press", "--out", filepath.Join(dir, "x.zip")}, exitUsage, "third-party"},
				{[]string{"export", "--production", "red-mesa", "--from", "0", "--out", filepath.Join(dir, "x.zip")}, exitUsage, "numbered from 1"},
				{[]string{"export", "--production", "red-mesa", "--from", "yesterday", "--out", filepath.Join(dir, "x.zip")}, exitUsage, "entry number"},
				{[]string{"export", "--production", "red-mesa", "--from", "2026-13-45", "--out", filepath.Join(dir, "x.zip")}, exitUsage, "is not a date"},
				{[]string{"export", "--production", "red-mesa", "--from", "9", "--to", "3", "--out", filepath.Join(dir, "x.zip")}, exitUsage, "after --to"},
				{[]string{"export", "--production", "red-mesa", "--from", "3", "--to", day, "--out", filepath.Join(dir, "x.zip")}, exitUsage, "both as entry numbers"},
				{[]string{"export", "--production", "red-mesa", "--from", day, "--to", since.AddDate(0, 0, -2).Format(time.DateOnly), "--out", filepath.Join(dir, "x.zip")}, exitUsage, "is empty"},
				{[]string{"export", "--production", "red-mesa", "--to", "999999", "--out", filepath.Join(dir, "x.zip")}, exitFailure, "entries"},
				{[]string{"export", "--production", "red-mesa", "--quorum", "-1", "--out", filepath.Join(dir, "x.zip")}, exitUsage, "--quorum"},
				{[]string{"export", "--production", "red-mesa", "--attestation", filepath.Join(dir, "none"), "--out", filepath.Join(dir, "x.zip")}, exitUsage, "--attestation"},
				{[]string{"export", "--production", "no-such-film", "--out", filepath.Join(dir, "x.zip")}, exitFailure, "no production"},
				{[]string{"export", "--production", "red-mesa", "--key", filepath.Join(dir, "no.key"), "--out", filepath.Join(dir, "x.zip")}, exitUsage, "no signing key"},
				{[]string{"verify-bundle", "--key", ledger.VerifierKeyPath(d.key)}, exitUsage, "say which bundle"},
				{[]string{"verify-bundle", whole}, exitUsage, "--key is required"},
				{[]string{"verify-bundle", filepath.Join(dir, "none.zip"), "--key", ledger.VerifierKeyPath(d.key)}, exitUsage, "not a bundle file"},
				{[]string{"verify-bundle", whole, "--key", "not-a-key"}, exitUsage, "--key"},
				{[]string{"verify-bundle", whole, "--key", ledger.VerifierKeyPath(d.key), "--witness", "w+00000000+AAAA"}, exitUsage, "--witness"},
				{[]string{"verify-bundle", whole, "--key", ledger.VerifierKeyPath(d.key), "--quorum", "2"}, exitUsage, "--quorum"},
				{[]string{"verify-bundle", whole, "extra", "--key", ledger.VerifierKeyPath(d.key)}, exitUsage, "unexpected argument"},
				{[]string{"verify-bundle", whole, "--loud", "--key", ledger.VerifierKeyPath(d.key)}, exitUsage, "not defined: -loud"},
				{[]string{"verify-bundle", "--json", "--key", ledger.VerifierKeyPath(d.key), whole}, exitOK, `"ok": true`},
			}
			for _, tt := range tests {
				args := tt.args
				if args[0] == "export" && !strings.Contains(strings.Join(args, " "), "--key") {
					args = append([]string{"export", "--key", d.key}, args[1:]...)
				}
				status, out, errOut := d.run(args...)
				if status != tt.status || !strings.Contains(out+errOut, tt.says) {
					t.Errorf("setsafe %s: exit %d, want %d saying %q:\n%s%s", strings.Join(args, " "), status, tt.status, tt.says, out, errOut)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "x.zip*")); len(left) != 0 {
				t.Errorf("refused exports left %v", left)
			}

			// A file that is no signed statement is refused before anything
			// is written.
			forged := filepath.Join(dir, "forged.zip")
			status, out, errOut := d.run("export", "--key", d.key, "--production", demo.ProductionID, "--attestation", writeFile(t, "setsafe attestation/v1\nnothing\n"), "--out", forged)
			left, _ := filepath.Glob(forged + "*")
			if status != exitUsage || len(left) != 0 || !strings.Contains(errOut, "not a signed note") {
				t.Errorf("export with a forged attestation: exit %d, left %v\n%s%s", status, left, out, errOut)
			}

			// A witness cosigns the latest checkpoint: with a quorum of one
			// it is the head, and final for a reader who trusts the witness.
			db := b.Open(t, d.db, sqldb.Config{})
			cp, err := db.LatestCheckpoint(context.Background(), demo.ProductionID)
			if err != nil {
				t.Fatal(err)
			}
			vkey, sign := cosigner(t, "witness.example")
			if _, err := db.WritePool().Exec(db.Dialect().Rebind("INSERT INTO cosignatures (ledger_id, size, witness, key_hash, line, cosigned_us) VALUES (?, ?, ?, ?, ?, ?)"),
				demo.ProductionID, int64(cp.Size), "witness.example", "k", sign(cp.Note), time.Now().UnixMicro()); err != nil {
				t.Fatal(err)
			}
			db.Close()
			witnessed := filepath.Join(dir, "witnessed.zip")
			if out := d.must("export", "--key", d.key, "--production", demo.ProductionID, "--quorum", "1", "--out", witnessed); !strings.Contains(out, "final: 1 of the 1 witnesses") {
				t.Errorf("export with a quorum printed:\n%s", out)
			}
			witnessFile := writeFile(t, vkey+"\n")
			for _, w := range []string{vkey, witnessFile} {
				status, out, errOut := d.run("verify-bundle", witnessed, "--key", ledger.VerifierKeyPath(d.key), "--witness", w, "--quorum", "1")
				if status != exitOK || !strings.Contains(out, "final: cosigned by witness.example") {
					t.Errorf("verify-bundle --witness %s: exit %d\n%s%s", w, status, out, errOut)
				}
			}
		})
	}
}

// cosigner returns a witness's verifier key (C2SP tlog-cosignature) and
// how it cosigns a checkpoint's note: one signature line.
func cosigner(t *testing.T, name string) (string, func(note []byte) string) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	key := append([]byte{0x04}, pub...)
	h := sha256.Sum256(append([]byte(name+"\n"), key...))
	vkey := fmt.Sprintf("%s+%08x+%s", name, binary.BigEndian.Uint32(h[:4]), base64.StdEncoding.EncodeToString(key))
	return vkey, func(note []byte) string {
		text := note[:bytes.Index(note, []byte("\n\n"))+1]
		ts := uint64(time.Now().Unix())
		msg := append([]byte("cosignature/v1\ntime "+strconv.FormatUint(ts, 10)+"\n"), text...)
		sig := append(binary.BigEndian.AppendUint64(h[:4:4], ts), ed25519.Sign(priv, msg)...)
		return fmt.Sprintf("— %s %s\n", name, base64.StdEncoding.EncodeToString(sig))
	}
}

// TestExportRefusesAChangedEntry changes an entry in the database, and
// checks that export refuses, naming it, and writes no bundle.
func TestExportRefusesAChangedEntry(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			d := newDemoCLI(t, b)
			db := b.Open(t, d.db, sqldb.Config{})
			pool := db.WritePool()
			b.AllowTampering(t, pool)
			var entry []byte
			if err := pool.QueryRow(db.Dialect().Rebind("SELECT entry FROM ledger WHERE ledger_id = ? AND seq = 20"), demo.ProductionID).Scan(&entry); err != nil {
				t.Fatal(err)
			}
			entry[len(entry)-3] ^= 0x01
			if _, err := pool.Exec(db.Dialect().Rebind("UPDATE ledger SET entry = ? WHERE ledger_id = ? AND seq = 20"), entry, demo.ProductionID); err != nil {
				t.Fatal(err)
			}
			db.Close()
			dir := t.TempDir()
			status, out, errOut := d.run("export", "--key", d.key, "--production", demo.ProductionID, "--out", filepath.Join(dir, "b.zip"))
			if status != exitFailure || !strings.Contains(errOut, "entry 20 no longer hashes to its leaf hash") || !strings.Contains(errOut, "setsafe verify") {
				t.Fatalf("export of a changed ledger: exit %d\n%s%s", status, out, errOut)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Fatalf("a refused export left %v", left)
			}
		})
	}
}

// TestEveryPersonalFieldIsPrivate looks at the body of every event type
// this program reads: one
// that holds an e-mail address, a phone number, a concern's words or its
// reporter must be private, unless it is said here why a third party may
// read it.
func TestEveryPersonalFieldIsPrivate(t *testing.T) {
	public := map[string]string{
		// The year's summary of injuries (OSHA form 300A) is posted where
		// everyone works, with the certifying executive's phone.
		"establishment.year_set": "posted publicly",
		// Whom to call at the authority that granted a permission (a fire
		// marshal's office): the permission is the evidence.
		"permission.granted": "an authority's contact",
	}
	personal := func(name string) bool {
		for _, w := range []string{"email", "phone", "reporter", "contact"} {
			if strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	for _, ty := range setsafe.EventTypes() {
		var fields []string
		var walk func(rt reflect.Type, prefix string)
		walk = func(rt reflect.Type, prefix string) {
			for f := range rt.Fields() {
				name := strings.ToLower(f.Name)
				if f.Type.Kind() == reflect.Struct && f.Type.PkgPath() != "time" {
					walk(f.Type, prefix+name+".")
					continue
				}
				if personal(name) || strings.HasPrefix(ty, "concern.") && f.Type.Kind() == reflect.String && slices.Contains([]string{"text", "description", "why", "reason", "location"}, name) {
					fields = append(fields, prefix+name)
				}
			}
		}
		walk(reflect.TypeOf(setsafe.NewBody(ty)).Elem(), "")
		if len(fields) == 0 || public[ty] != "" {
			continue
		}
		if what, ok := setsafe.PrivateWhat(ty); !ok || what == "" {
			t.Errorf("%s holds %v, which a third party must not read: mark it setsafe.Private in the init of its file, or say here why it may be read", ty, fields)
		}
	}
}

func FuzzParseBound(f *testing.F) {
	for _, s := range []string{"", "1", "120", "0", "-3", "2026-11-01", "2026-13-45", "2026-11-01T07:00:00Z", "yesterday", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseBound("from", s)
		if err != nil {
			if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), "--from") {
				t.Fatalf("%q: %v is not a usage error naming the option", s, err)
			}
			return
		}
		kinds := 0
		if b.n > 0 {
			kinds++
			if strconv.FormatInt(b.n, 10) != strings.TrimLeft(strings.TrimSpace(s), "0") {
				t.Fatalf("%q read as entry %d", s, b.n)
			}
		}
		if b.day != "" {
			kinds++
			if _, err := time.Parse(time.DateOnly, b.day); err != nil {
				t.Fatalf("%q read as the day %q: %v", s, b.day, err)
			}
		}
		if !b.at.IsZero() {
			kinds++
		}
		if kinds > 1 || kinds == 0 && strings.TrimSpace(s) != "" {
			t.Fatalf("%q read as %+v", s, b)
		}
	})
}
