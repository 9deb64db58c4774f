package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/setsafe/setsafe/tlogwitness/witnesstest"
	"github.com/setsafe/setsafe/witness"
	"github.com/setsafe/setsafe/witnessing"
)

// TestVerifyWithWitnesses runs setsafe verify --witness on a production
// whose checkpoints a real witness cosigned, then on the same database
// with its newest entries and checkpoints removed and the checkpoints
// file beside the key gone: only the witness's cosignature shows it.
func TestVerifyWithWitnesses(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			e := storagetest.NewEnv(t, b)
			ids := storagetest.Seed(t, e.DB)
			w := witnesstest.Start(t, "witness.example/w1")
			w.AddLog(t, ledger.Origin(e.Signer.Name(), "red-mesa"), e.Signer.VerifierKey())
			storagetest.MustAppend(t, e.DB, setsafe.On("red-mesa", storagetest.Operator, witness.AddWitness{URL: w.URL, Key: w.VerifierKey, By: ids["producer"]}))
			cp, err := e.DB.SignCheckpoint(ctx, "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			witnessing.New(witnessing.Config{Store: e.DB, Time: e.Clock}).Pass(ctx)
			e.DB.Close()

			verifierKey := writeFile(t, e.Signer.VerifierKey()+"\n")
			witnessKey := writeFile(t, w.VerifierKey+"\n")
			c := &cli{t: t, db: e.Location, env: map[string]string{}}
			out := c.must("verify", "--verifier-key", verifierKey, "--witness", w.VerifierKey)
			if !strings.Contains(out, "cosigned by 1 of the witnesses given (witness.example/w1)") {
				t.Fatalf("verify --witness of a cosigned database:\n%s", out)
			}
			// The production's bundle carries the witness's cosignature on
			// its head: final for a reader who trusts that witness, and not
			// for one who trusts another.
			bundle := filepath.Join(t.TempDir(), "red-mesa.zip")
			c.must("export", "--key", e.KeyFile, "--production", "red-mesa", "--out", bundle)
			if got := c.must("verify-bundle", bundle, "--key", verifierKey, "--witness", witnessKey); !strings.Contains(got, "final: cosigned by witness.example/w1") {
				t.Errorf("verify-bundle with the witness's key:\n%s", got)
			}
			other := witnesstest.Start(t, "witness.example/w2")
			if status, got, _ := c.run("verify-bundle", bundle, "--key", verifierKey, "--witness", other.VerifierKey, "--quorum", "1"); status != exitFailure || !strings.Contains(got, "fewer than the quorum") {
				t.Errorf("verify-bundle trusting another witness: exit %d\n%s", status, got)
			}

			for _, tt := range []struct {
				args []string
				want string
			}{
				{[]string{"--witness", w.VerifierKey, "--quorum", "2"}, "--quorum must be from 1 to 1"},
				{[]string{"--quorum", "1"}, "--quorum needs the witnesses' keys"},
				{[]string{"--witness", e.Signer.VerifierKey()}, "not a cosignature key"},
				{[]string{"--witness", w.VerifierKey, "--witness-cosigned", witnessKey}, "given twice"},
			} {
				status, _, errOut := c.run(append([]string{"verify", "--verifier-key", verifierKey}, tt.args...)...)
				if status != exitUsage || !strings.Contains(errOut, tt.want) {
					t.Errorf("verify %v: exit %d, want %d saying %q:\n%s", tt.args, status, exitUsage, tt.want, errOut)
				}
			}

			db := b.Open(t, e.Location, sqldb.Config{})
			b.AllowTampering(t, db.WritePool())
			for _, stmt := range []string{"DELETE FROM checkpoints WHERE ledger_id = 'red-mesa' AND size > 3", "DELETE FROM ledger WHERE ledger_id = 'red-mesa' AND seq > 3"} {
				if _, err := db.WritePool().Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			status, out, _ := c.run("verify", "--verifier-key", verifierKey, "--production", "red-mesa", "--witness-cosigned", witnessKey)
			want := "witness.example/w1 last cosigned size " + fmt.Sprint(cp.Size) + " here, which this ledger no longer reaches"
			if status != exitFailure || !strings.Contains(out, want) {
				t.Fatalf("verify --witness-cosigned of the shortened ledger: exit %d, want %d saying %q:\n%s", status, exitFailure, want, out)
			}
		})
	}
}
