package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/attestation"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// TestAttest: setsafe attest prints the statement of a period in words,
// writes its signed note, which opens with the verifier key and reads back
// as a statement of the hand-offs and refusals recorded, and records that
// the operator signed it; it refuses to write over a file, and says what
// is wrong with its options; on both databases.
func TestAttest(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			loc := b.New(t)
			key := filepath.Join(t.TempDir(), "signing.key")
			signer, _, err := ledger.LoadOrCreateSigner(key, "setsafe")
			if err != nil {
				t.Fatal(err)
			}
			denver, _ := time.LoadLocation("America/Denver")
			clock := setsafe.NewManualClock(time.Date(2026, 1, 4, 8, 0, 0, 0, denver))
			db := b.Open(t, loc, sqldb.Config{Signer: signer, Clock: clock})
			storagetest.Seed(t, db)
			rec := storagetest.WriteFirearmDays(t, db, clock, "red-mesa", denver, "california", []storagetest.FirearmDay{
				{Date: "2026-01-05", Issues: 2, Refusals: 1}, {Date: "2026-01-06", Issues: 1, Refusals: 2, StopWorks: 1}})
			db.Close()

			c := &cli{t: t, db: loc, env: map[string]string{}}
			out := filepath.Join(t.TempDir(), "attestation.txt")
			printed := c.must("attest", "--key", key, "--production", "red-mesa", "--from", "2026-01-05", "--to", "2026-01-07", "--out", out)
			handoffs, refused := len(rec.HandedOver["2026-01-05"])+len(rec.HandedOver["2026-01-06"]), len(rec.Refused["2026-01-05"])+len(rec.Refused["2026-01-06"])
			for _, want := range []string{fmt.Sprintf("Every one of the %d firearm hand-offs", handoffs), fmt.Sprintf("%d hand-offs were refused by the gate", refused),
				"not witnessed yet", "setsafe export --production red-mesa --attestation " + out} {
				if !strings.Contains(printed, want) {
					t.Errorf("attest printed no %q:\n%s", want, printed)
				}
			}
			signed, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			v, err := note.NewVerifier(signer.VerifierKey())
			if err != nil {
				t.Fatal(err)
			}
			n, err := note.Open(signed, note.VerifierList(v))
			if err != nil {
				t.Fatalf("the signed statement does not open: %v\n%s", err, signed)
			}
			st, err := evidence.ParseStatement(n.Text)
			if err != nil || st.Counts[0].Name != "firearm-handoffs" || len(st.Counts[0].Entries) != handoffs || len(st.Counts[1].Entries) != refused {
				t.Fatalf("the signed statement reads %+v (%v)", st, err)
			}

			// The operator's signing is recorded, and the ledger verifies.
			db = b.Open(t, loc, sqldb.Config{Signer: signer})
			size, err := db.LedgerSize(context.Background(), "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			last, err := db.LedgerEntry(context.Background(), "red-mesa", size)
			if err != nil {
				t.Fatal(err)
			}
			a := attestation.FromEvent(last.Event)
			if a == nil || last.Event.Actor.Kind != setsafe.ActorSystem || a.SignedBy != "" || a.From != "2026-01-05" || a.To != "2026-01-07" {
				t.Fatalf("the last entry is %s by %s: %+v", last.Event.Type(), last.Event.Actor, last.Event.Body)
			}
			db.Close()
			c.must("verify", "--key", key)

			// Put into a bundle, the statement holds against the entries;
			// one signed with the same key but a hand-off left out of its
			// count does not, and the bundle says which entry.
			bundle := filepath.Join(t.TempDir(), "bundle.zip")
			c.must("export", "--key", key, "--production", "red-mesa", "--attestation", out, "--out", bundle)
			if got := c.must("verify-bundle", bundle, "--key", ledger.VerifierKeyPath(key)); !strings.Contains(got, "Attestation: its counts hold") {
				t.Errorf("verify-bundle says nothing of the attestation:\n%s", got)
			}
			short := st
			short.Counts = slices.Clone(st.Counts)
			short.Counts[0].Entries = st.Counts[0].Entries[1:]
			left := st.Counts[0].Entries[0]
			wrong, err := signer.SignNote(short.Text())
			if err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(t.TempDir(), "bad.zip")
			status, said, _ := c.run("export", "--key", key, "--production", "red-mesa", "--attestation", writeFile(t, string(wrong)), "--out", bad)
			if kept, _ := filepath.Glob(bad + ".unverified-*"); status != exitFailure || len(kept) != 1 || !strings.Contains(said, fmt.Sprintf("entry %d", left)) {
				t.Errorf("export with a statement that leaves out entry %d: exit %d, kept %v:\n%s", left, status, kept, said)
			}

			tests := []struct {
				name   string
				args   []string
				status int
				says   string
			}{
				{"the file exists", []string{"--production", "red-mesa", "--from", "2026-01-05", "--to", "2026-01-07", "--out", out}, exitUsage, "exists already"},
				{"no production", []string{"--from", "2026-01-05", "--to", "2026-01-07"}, exitUsage, "--production is required"},
				{"a production that is not an ID", []string{"--production", "Red Mesa", "--from", "2026-01-05", "--to", "2026-01-07"}, exitUsage, "is not a production ID"},
				{"no dates", []string{"--production", "red-mesa"}, exitUsage, "--from and --to are required"},
				{"a date written otherwise", []string{"--production", "red-mesa", "--from", "05/01/2026", "--to", "2026-01-07"}, exitUsage, "--from must be a date"},
				{"a period not ended", []string{"--production", "red-mesa", "--from", "2026-01-05", "--to", "2099-01-01"}, exitUsage, "--to must be"},
				{"backwards", []string{"--production", "red-mesa", "--from", "2026-01-07", "--to", "2026-01-05"}, exitUsage, "--to must be after"},
				{"an unknown production", []string{"--production", "dust-devil", "--from", "2026-01-05", "--to", "2026-01-07"}, exitFailure, "dust-devil"},
				{"nothing in the period", []string{"--production", "red-mesa", "--from", "2025-01-05", "--to", "2025-01-07"}, exitFailure, "nothing to attest"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					c.t = t
					args := append([]string{"attest", "--key", key, "--out", filepath.Join(t.TempDir(), "a.txt")}, tt.args...)
					status, _, errOut := c.run(args...)
					if status != tt.status || !strings.Contains(errOut, tt.says) {
						t.Errorf("exit %d, %q; want %d saying %q", status, errOut, tt.status, tt.says)
					}
				})
			}
		})
	}
}
