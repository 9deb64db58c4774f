package api

import (
	"net/http"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/ledger"
)

// ledgerID returns the ledger named in the URL, if the caller may read it:
// a production's ledger needs a role that allows reading evidence, the
// site's needs a site administrator.
func (s *handlers) ledgerID(r *http.Request) (string, error) {
	id := r.PathValue("ledger")
	if !setsafe.ValidLedgerID(id) {
		return "", setsafe.Errorf(setsafe.ENotFound, "There is no ledger %q.", id)
	}
	perm := setsafe.PermViewLedger
	if id == setsafe.SiteLedger {
		perm = setsafe.PermViewSiteLedger
	}
	if _, err := s.Require(r, id, perm); err != nil {
		return "", err
	}
	return id, nil
}

func (s *handlers) listEntries(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ledgerID(r)
	if err != nil {
		return err
	}
	after, err := sshttp.QueryInt(r, "after", 0, 0, 1<<62)
	if err != nil {
		return err
	}
	limit, err := sshttp.QueryInt(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	size, err := s.Config.Ledger.LedgerSize(r.Context(), id)
	if err != nil {
		return err
	}
	entries, err := s.Config.Ledger.Entries(r.Context(), id, after, int(limit))
	if err != nil {
		return err
	}
	out := sshttp.EntriesView{Entries: []sshttp.EntryView{}, Size: size}
	for _, e := range entries {
		out.Entries = append(out.Entries, sshttp.NewEntryView(e))
	}
	if n := len(entries); n == int(limit) && entries[n-1].Seq < size {
		out.NextAfter = entries[n-1].Seq
	}
	sshttp.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *handlers) getEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ledgerID(r)
	if err != nil {
		return err
	}
	seq, err := sshttp.PathInt(r, "seq")
	if err != nil {
		return err
	}
	e, err := s.Config.Ledger.LedgerEntry(r.Context(), id, seq)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewEntryView(e))
	return nil
}

func (s *handlers) getCheckpoint(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ledgerID(r)
	if err != nil {
		return err
	}
	size, err := sshttp.QueryInt(r, "size", 0, 1, 1<<62)
	if err != nil {
		return err
	}
	var cp ledger.Checkpoint
	if size > 0 {
		cp, err = s.Config.Ledger.CheckpointAt(r.Context(), id, size)
	} else {
		cp, err = s.Config.Ledger.LatestCheckpoint(r.Context(), id)
	}
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewCheckpointView(cp))
	return nil
}

func (s *handlers) signCheckpoint(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ledgerID(r)
	if err != nil {
		return err
	}
	cp, err := s.Config.Ledger.SignCheckpoint(r.Context(), id)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewCheckpointView(cp))
	return nil
}

// proofSize returns the tree size a proof is asked for: the size query
// parameter, or the ledger's latest signed checkpoint.
func (s *handlers) proofSize(r *http.Request, id, param string) (int64, error) {
	size, err := sshttp.QueryInt(r, param, 0, 1, 1<<62)
	if err != nil || size > 0 {
		return size, err
	}
	cp, err := s.Config.Ledger.LatestCheckpoint(r.Context(), id)
	if err != nil {
		return 0, err
	}
	return int64(cp.Size), nil
}

func (s *handlers) inclusionProof(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ledgerID(r)
	if err != nil {
		return err
	}
	seq, err := sshttp.QueryInt(r, "seq", 0, 1, 1<<62)
	if err != nil {
		return err
	}
	if seq == 0 {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "seq: say which entry to prove, as ?seq=N.", Fields: map[string]string{"seq": "is required"}}
	}
	size, err := s.proofSize(r, id, "size")
	if err != nil {
		return err
	}
	hashes, err := s.Config.Ledger.InclusionProof(r.Context(), id, seq, size)
	if err != nil {
		return err
	}
	leaf, err := s.Config.Ledger.LeafHash(r.Context(), id, seq)
	if err != nil {
		return err
	}
	if hashes == nil {
		hashes = [][]byte{}
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.InclusionView{Ledger: id, Seq: seq, Size: size, LeafHash: leaf, Hashes: hashes})
	return nil
}

func (s *handlers) consistencyProof(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ledgerID(r)
	if err != nil {
		return err
	}
	from, err := sshttp.QueryInt(r, "from", -1, 0, 1<<62)
	if err != nil {
		return err
	}
	if from < 0 {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "from: give the smaller tree size, as ?from=N.", Fields: map[string]string{"from": "is required"}}
	}
	to, err := s.proofSize(r, id, "to")
	if err != nil {
		return err
	}
	hashes, err := s.Config.Ledger.ConsistencyProof(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	if hashes == nil {
		hashes = [][]byte{}
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.ConsistencyView{Ledger: id, From: from, To: to, Hashes: hashes})
	return nil
}

func (s *handlers) verifierKey(w http.ResponseWriter, r *http.Request) error {
	if s.Config.VerifierKey == "" {
		return setsafe.Errorf(setsafe.ENotFound, "This server has no signing key.")
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.VerifierKeyView{Key: s.Config.VerifierKey})
	return nil
}
