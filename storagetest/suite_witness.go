package storagetest

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/witness"
)

// witnessKey returns a witness's cosignature verifier key for name, from
// a key derived from seed.
func witnessKey(name string, seed byte) string {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	typed := append([]byte{0x04}, ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)...)
	h := sha256.Sum256(append([]byte(name+"\n"), typed...))
	return fmt.Sprintf("%s+%x+%s", name, h[:4], base64.StdEncoding.EncodeToString(typed))
}

// testCheckpointsWithCosignatures: a ledger's checkpoints are read a part
// at a time, the largest first, each with the cosignatures kept beside
// it; the witnesses' rows are kept and read back; and the latest final
// checkpoint is the latest a quorum of the witnesses configured cosigned.
func testCheckpointsWithCosignatures(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	producer := setsafe.PersonActor(ids["producer"])
	keys := map[string]string{}
	for i, name := range []string{"union.example.org", "insurer.example.com"} {
		keys[name] = witnessKey(name, byte(i+1))
		MustAppend(t, e.DB, setsafe.On("red-mesa", producer, witness.AddWitness{URL: "https://" + name, Key: keys[name]}))
	}
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, witness.SetQuorum{Quorum: 2}))
	var sizes []uint64
	for i := range 5 {
		MustAppend(t, e.DB, setsafe.On("red-mesa", producer, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}}))
		cp, err := e.DB.SignCheckpoint(ctx, "red-mesa")
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, cp.Size)
	}
	hash := func(name string) string { return witness.Witness{Key: keys[name]}.KeyHash() }
	cosign := func(size uint64, name, keyHash string, at int64) {
		t.Helper()
		_, err := e.DB.WritePool().ExecContext(ctx, e.DB.Dialect().Rebind(
			"INSERT INTO cosignatures (ledger_id, size, witness, key_hash, line, cosigned_us) VALUES (?, ?, ?, ?, ?, ?)"),
			"red-mesa", int64(size), name, keyHash, "— "+name+" AAAA", Epoch.UnixMicro()+at)
		if err != nil {
			t.Fatal(err)
		}
	}
	// The second checkpoint is final; the fourth has one cosignature of
	// two, and one with a key the witness no longer has.
	cosign(sizes[1], "union.example.org", hash("union.example.org"), 2)
	cosign(sizes[1], "insurer.example.com", hash("insurer.example.com"), 1)
	cosign(sizes[3], "union.example.org", hash("union.example.org"), 3)
	cosign(sizes[3], "insurer.example.com", "0badc0de", 4)

	var got []witness.Checkpoint
	cursor := ""
	for range 10 {
		part, next, err := e.DB.CheckpointsAfter(ctx, "red-mesa", cursor, 2, false)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, part...)
		if cursor = next; cursor == "" {
			break
		}
	}
	if len(got) != 5 {
		t.Fatalf("read %d checkpoints, want 5", len(got))
	}
	for i, c := range got {
		if want := sizes[4-i]; c.Size != want || len(c.Root) != 32 || c.SignedAt.IsZero() || len(c.Note) == 0 {
			t.Fatalf("checkpoint %d: size %d (want %d), root %x, signed %v", i, c.Size, want, c.Root, c.SignedAt)
		}
	}
	if names := cosigners(got[3]); !slices.Equal(names, []string{"insurer.example.com", "union.example.org"}) {
		t.Fatalf("cosigners of the second checkpoint, earliest first: %v", names)
	}
	if len(got[0].Cosignatures) != 0 || len(got[1].Cosignatures) != 2 || got[1].Cosignatures[0].Line != "— union.example.org AAAA" {
		t.Fatalf("cosignatures: %+v, %+v", got[0].Cosignatures, got[1].Cosignatures)
	}
	cosigned, next, err := e.DB.CheckpointsAfter(ctx, "red-mesa", "", 10, true)
	if err != nil || next != "" || len(cosigned) != 2 || cosigned[0].Size != sizes[3] || cosigned[1].Size != sizes[1] {
		t.Fatalf("cosigned checkpoints: %d %q %v", len(cosigned), next, err)
	}
	if _, _, err := e.DB.CheckpointsAfter(ctx, "red-mesa", "not-a-cursor", 2, false); setsafe.ErrorCode(err) != setsafe.EInvalid {
		t.Fatalf("a made-up cursor: %v", err)
	}
	by, err := e.DB.Cosignatures(ctx, "red-mesa", sizes[0], sizes[1], sizes[3], 1<<63)
	if err != nil || len(by) != 2 || len(by[sizes[1]]) != 2 || len(by[sizes[3]]) != 2 {
		t.Fatalf("cosignatures by size: %+v %v", by, err)
	}

	s, err := e.DB.LedgerState(ctx, "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	if ws := witness.Configured(s); len(ws) != 2 || ws[0].Name != "union.example.org" || witness.Quorum(s) != 2 {
		t.Fatalf("witnesses: %+v, quorum %d", ws, witness.Quorum(s))
	}
	final, err := witness.LatestFinal(ctx, e.DB, s)
	if err != nil || final == nil || final.Size != sizes[1] {
		t.Fatalf("latest final: %+v %v", final, err)
	}
	// Rebuilt from the ledger, the witnesses' rows are the same.
	if err := e.DB.Rebuild(ctx, "red-mesa"); err != nil {
		t.Fatal(err)
	}
	s2, err := e.DB.LedgerState(ctx, "red-mesa")
	if err != nil || !slices.Equal(witness.Configured(s2), witness.Configured(s)) {
		t.Fatalf("after a rebuild: %+v %v", witness.Configured(s2), err)
	}
}

func cosigners(c witness.Checkpoint) []string {
	var out []string
	for _, x := range c.Cosignatures {
		out = append(out, x.Witness)
	}
	return out
}
