package http

import (
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/witness"
)

// The reads of the production's witnesses and of its checkpoints with
// their cosignatures, for the API and the Evidence page: whoever reads
// the ledger reads them.

// NewWitnessesView is the production's witnesses and their settings.
func NewWitnessesView(st *setsafe.State) WitnessesView {
	v := WitnessesView{Witnesses: []WitnessView{}, Quorum: witness.Quorum(st), CopyRungs: witness.CopyRungs(st),
		Refusals: append([]*witness.Refusal{}, witness.OpenRefusals(st)...), KeyFormat: witness.KeyFormat}
	for _, e := range witness.Entries(st) {
		v.Witnesses = append(v.Witnesses, NewWitnessView(st, e))
	}
	return v
}

// NewWitnessView is one witness of the production.
func NewWitnessView(st *setsafe.State, e *witness.Entry) WitnessView {
	w := e.Witness()
	return WitnessView{Name: w.Name, URL: w.URL, Key: w.Key, KeyHash: w.KeyHash(), AddedBy: personRef(st, e.AddedBy), AddedAt: e.AddedAt,
		Refusal: witness.OpenRefusal(st, w.Name)}
}

// WitnessNamed returns the production's witness named by its name or its
// key's ID (key_hash), as addresses name it.
func WitnessNamed(st *setsafe.State, nameOrKeyHash string) (*witness.Entry, error) {
	if e := witness.Named(st, nameOrKeyHash); e != nil {
		return e, nil
	}
	return nil, setsafe.Errorf(setsafe.ENotFound, "There is no witness %q in this production; name it by its key's ID (key_hash) or its name.", nameOrKeyHash)
}

// personRef names a person of the production, by ID when they are not
// on it.
func personRef(st *setsafe.State, id string) PersonRef {
	if p := st.Person(id); p != nil {
		return PersonRef{ID: id, Name: p.Name}
	}
	return PersonRef{ID: id, Name: id}
}

// witnessStore is the storage that keeps cosignatures: the ledger's.
func (s *Server) witnessStore() (witness.Store, error) {
	l := s.Config.Ledger
	if k, ok := l.(keyedLedger); ok {
		l = k.Ledger
	}
	if ws, ok := l.(witness.Store); ok {
		return ws, nil
	}
	return nil, setsafe.Errorf(setsafe.EInternal, "This server's storage does not keep the witnesses' cosignatures.")
}

// Checkpoints reads a part of the production's checkpoints, the largest
// first, with who cosigned each and whether it is final, and its latest
// final checkpoint, for a caller who reads its ledger.
func (s *Server) Checkpoints(r *http.Request, part ListPart) (*setsafe.State, CheckpointsView, error) {
	_, st, err := s.Readable(r, setsafe.PermViewLedger)
	if err != nil {
		return nil, CheckpointsView{}, err
	}
	store, err := s.witnessStore()
	if err != nil {
		return st, CheckpointsView{}, err
	}
	cps, next, err := store.CheckpointsAfter(r.Context(), st.Ledger, part.Cursor, part.Limit, false)
	if err != nil {
		return st, CheckpointsView{}, err
	}
	v := CheckpointsView{Checkpoints: []WitnessedCheckpointView{}, Quorum: witness.Quorum(st), NextCursor: next}
	for _, c := range cps {
		v.Checkpoints = append(v.Checkpoints, NewWitnessedCheckpointView(st, c))
	}
	latest, err := witness.LatestFinal(r.Context(), store, st)
	if err != nil {
		return st, CheckpointsView{}, err
	}
	if latest != nil {
		lv := NewWitnessedCheckpointView(st, *latest)
		v.LatestFinal = &lv
	}
	return st, v, nil
}

// NewWitnessedCheckpointView is a checkpoint as answered, with who
// cosigned it and whether it is final under the witnesses configured now.
func NewWitnessedCheckpointView(st *setsafe.State, c witness.Checkpoint) WitnessedCheckpointView {
	configured := witness.Configured(st)
	v := WitnessedCheckpointView{Size: c.Size, Root: c.Root, SignedAt: c.SignedAt, Note: string(c.Note), CosignedBy: []CosignedView{},
		Final: witness.Final(configured, witness.Quorum(st), c.Cosigners())}
	for _, x := range c.Cosignatures {
		counts := slices.ContainsFunc(configured, func(w witness.Witness) bool {
			return witness.Final([]witness.Witness{w}, 1, []witness.Cosigner{{Witness: x.Witness, KeyHash: x.KeyHash}})
		})
		v.CosignedBy = append(v.CosignedBy, CosignedView{Witness: x.Witness, At: x.At, Counts: counts})
	}
	return v
}
