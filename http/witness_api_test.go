package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/setsafe/setsafe/witness"
)

// insurerKey is a second witness's cosignature verifier key.
const insurerKey = "witness.example.com/insurer+277697c0+BMkAMiujWqXHJqePS46Iq9+tPVbpzP4RZR3E0lsnr+ke"

// TestWitnessesAndCheckpoints: those who answer for safety configure the
// witnesses and the quorum; those who read the ledger see each checkpoint
// with who cosigned it and whether it is final, and the latest final one;
// a witness's refusal is acknowledged and resolved. On both databases.
func TestWitnessesAndCheckpoints(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			ctx := t.Context()

			call("armorer", "POST", prod+"/witnesses", `{"url":"https://witness.union.example.org","key":"`+witnessKey+`"}`, http.StatusForbidden)
			e := errorOf(t, call("producer", "POST", prod+"/witnesses", `{"url":"ftp://witness.union.example.org","key":"`+witnessKey+`"}`, http.StatusBadRequest))
			if e.Fields["url"] == "" {
				t.Fatalf("a URL that is not http: %+v", e)
			}
			e = errorOf(t, call("producer", "POST", prod+"/witnesses", `{"url":"https://witness.union.example.org","key":"witness.union.example.org+b2c3f672+AQ=="}`, http.StatusBadRequest))
			if !strings.Contains(e.Fields["key"], "0x04") {
				t.Fatalf("a key of another type: %+v", e)
			}
			call("producer", "POST", prod+"/witnesses", `{"url":"https://witness.union.example.org/","key":"`+witnessKey+`"}`, http.StatusCreated)
			call("safety_coordinator", "POST", prod+"/witnesses", `{"url":"https://insurer.example.com","key":"`+insurerKey+`"}`, http.StatusCreated)
			call("producer", "PUT", prod+"/witness-quorum", `{"quorum":3}`, http.StatusBadRequest)
			call("producer", "PUT", prod+"/witness-quorum", `{"quorum":2}`, http.StatusOK)
			call("producer", "PUT", prod+"/witness-copies", `{"rungs":["union_representative","studio_safety"]}`, http.StatusOK)
			e = errorOf(t, call("producer", "DELETE", prod+"/witnesses/witness.union.example.org", "", http.StatusConflict))
			if !strings.Contains(e.Message, "Lower the quorum") {
				t.Fatalf("a removal under the quorum: %+v", e)
			}

			v := decode[sshttp.WitnessesView](t, call("investigator", "GET", prod+"/witnesses", "", http.StatusOK))
			if len(v.Witnesses) != 2 || v.Witnesses[0].Name != "witness.union.example.org" || v.Witnesses[0].URL != "https://witness.union.example.org" ||
				v.Witnesses[0].KeyHash != "b2c3f672" || v.Witnesses[1].Name != "witness.example.com/insurer" || v.Witnesses[1].AddedBy.ID != ts.ids["safety_coordinator"] ||
				v.Quorum != 2 || strings.Join(v.CopyRungs, " ") != "studio_safety union_representative" || len(v.Refusals) != 0 {
				t.Fatalf("witnesses: %+v", v)
			}
			one := decode[sshttp.WitnessView](t, call("producer", "GET", prod+"/witnesses/277697c0", "", http.StatusOK))
			if one.Key != insurerKey {
				t.Fatalf("one witness: %+v", one)
			}
			call("crew", "GET", prod+"/witnesses", "", http.StatusForbidden)
			call("crew", "GET", prod+"/checkpoints", "", http.StatusForbidden)

			// Three checkpoints: the first cosigned by both, the second by
			// one, the third by none.
			var sizes []uint64
			for i := range 3 {
				call("first_ad", "POST", prod+"/people", `{"name":"Day Player `+string(rune('A'+i))+`"}`, http.StatusCreated)
				cp, err := ts.env.DB.SignCheckpoint(ctx, "red-mesa")
				if err != nil {
					t.Fatal(err)
				}
				sizes = append(sizes, cp.Size)
			}
			cosign := func(size uint64, name, hash string) {
				t.Helper()
				if _, err := ts.env.DB.WritePool().ExecContext(ctx, ts.env.DB.Dialect().Rebind(
					"INSERT INTO cosignatures (ledger_id, size, witness, key_hash, line, cosigned_us) VALUES (?, ?, ?, ?, ?, ?)"),
					"red-mesa", int64(size), name, hash, "— "+name+" AAAA", storagetest.Epoch.UnixMicro()); err != nil {
					t.Fatal(err)
				}
			}
			cosign(sizes[0], "witness.union.example.org", "b2c3f672")
			cosign(sizes[0], "witness.example.com/insurer", "277697c0")
			cosign(sizes[1], "witness.union.example.org", "b2c3f672")

			first := decode[sshttp.CheckpointsView](t, call("investigator", "GET", prod+"/checkpoints?limit=2", "", http.StatusOK))
			if len(first.Checkpoints) != 2 || first.NextCursor == "" || first.Checkpoints[0].Size != sizes[2] || first.Checkpoints[0].Final ||
				len(first.Checkpoints[1].CosignedBy) != 1 || first.Checkpoints[1].Final || !first.Checkpoints[1].CosignedBy[0].Counts {
				t.Fatalf("first part: %+v", first)
			}
			if first.LatestFinal == nil || first.LatestFinal.Size != sizes[0] || !first.LatestFinal.Final || len(first.LatestFinal.CosignedBy) != 2 ||
				!strings.Contains(first.LatestFinal.Note, "red-mesa") {
				t.Fatalf("latest final: %+v", first.LatestFinal)
			}
			second := decode[sshttp.CheckpointsView](t, call("producer", "GET", prod+"/checkpoints?limit=2&cursor="+first.NextCursor, "", http.StatusOK))
			if len(second.Checkpoints) == 0 || second.Checkpoints[0].Size != sizes[0] || !second.Checkpoints[0].Final {
				t.Fatalf("second part: %+v", second)
			}
			call("producer", "GET", prod+"/checkpoints?cursor=made-up", "", http.StatusBadRequest)

			// With a quorum of one, the second is final and the latest.
			call("producer", "PUT", prod+"/witness-quorum", `{"quorum":1}`, http.StatusOK)
			if v := decode[sshttp.CheckpointsView](t, call("producer", "GET", prod+"/checkpoints", "", http.StatusOK)); v.LatestFinal == nil || v.LatestFinal.Size != sizes[1] {
				t.Fatalf("latest final under a quorum of one: %+v", v.LatestFinal)
			}

			// A refusal, recorded by setsafe itself, is acknowledged and
			// resolved by those who handle it.
			call("producer", "POST", prod+"/witnesses/witness.union.example.org/refusal/acknowledge", `{"note":"Looking"}`, http.StatusNotFound)
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", setsafe.SystemActor("witness"),
				witness.RecordRefusal{Witness: "witness.union.example.org", Size: sizes[2], Status: 409, Reason: "checkpoint does not extend"}))
			v = decode[sshttp.WitnessesView](t, call("producer", "GET", prod+"/witnesses", "", http.StatusOK))
			if len(v.Refusals) != 1 || v.Witnesses[0].Refusal == nil || v.Witnesses[0].Refusal.State != witness.RefusalStateOpen {
				t.Fatalf("refusal: %+v", v)
			}
			call("armorer", "POST", prod+"/witnesses/witness.union.example.org/refusal/acknowledge", `{"note":"Looking"}`, http.StatusForbidden)
			call("safety_coordinator", "POST", prod+"/witnesses/witness.union.example.org/refusal/acknowledge", `{"note":""}`, http.StatusBadRequest)
			call("safety_coordinator", "POST", prod+"/witnesses/witness.union.example.org/refusal/acknowledge", `{"note":"Comparing checkpoints"}`, http.StatusOK)
			call("producer", "POST", prod+"/witnesses/witness.union.example.org/refusal/resolve", `{"note":"The witness saw the staging server"}`, http.StatusOK)
			if v := decode[sshttp.WitnessesView](t, call("producer", "GET", prod+"/witnesses", "", http.StatusOK)); len(v.Refusals) != 0 {
				t.Fatalf("refusals after resolving: %+v", v.Refusals)
			}
			call("producer", "DELETE", prod+"/witnesses/witness.union.example.org", "", http.StatusOK)
			call("producer", "GET", prod+"/witnesses/witness.union.example.org", "", http.StatusNotFound)
		})
	}
}
