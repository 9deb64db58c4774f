package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/attestation"
)

// Compliance attestations: the statement a production's period would
// sign, previewed by those who read the ledger; signed by the producer or
// the safety coordinator; and read back, as the signed note built again
// from the ledger, by those who read the ledger.

// attestations returns the storage of attestations, or an error when the
// server has none.
func (s *Server) attestations() (attestation.Store, error) {
	if s.Config.Attestations == nil {
		return nil, setsafe.Errorf(setsafe.EUnavailable, "This server cannot build compliance attestations: its storage does not read them.")
	}
	return s.Config.Attestations, nil
}

// AttestationPreview builds the statement of the period a request names,
// for a caller who reads the ledger, without signing it.
func (s *Server) AttestationPreview(r *http.Request, req AttestationRequest) (*setsafe.State, *attestation.Preview, error) {
	_, st, err := s.Readable(r, attestation.PermView)
	if err != nil {
		return nil, nil, err
	}
	pv, err := s.buildAttestation(r.Context(), st, req)
	return st, pv, err
}

// SignAttestation builds the statement of the period a request names and
// returns the command that records it signed, for a caller who may sign:
// the statement is built before the command, from storage, as a PIN is
// checked before a hand-off. A request that names the hash of the
// statement it previewed is refused when the statement differs now.
func (s *Server) SignAttestation(r *http.Request, req AttestationRequest) (attestation.Sign, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return attestation.Sign{}, err
	}
	if _, err := s.Require(r, pid, attestation.PermSign); err != nil {
		return attestation.Sign{}, err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return attestation.Sign{}, err
	}
	pv, err := s.buildAttestation(r.Context(), st, req)
	if err != nil {
		return attestation.Sign{}, err
	}
	if req.StatementSHA256 != "" && req.StatementSHA256 != pv.SHA256 {
		return attestation.Sign{}, &setsafe.Error{Code: setsafe.EConflict, Message: "The statement is not the one you previewed: a witness has cosigned a newer checkpoint since, or the period's entries changed. Read it again before you sign.",
			Fields: map[string]string{"statement_sha256": "is not the hash of the statement as it stands"}}
	}
	return attestation.Sign{ID: setsafe.NewID(), Preview: pv, Production: st.Production().Name}, nil
}

// buildAttestation builds the statement of a period of the state's
// production. When no checkpoint covers the period's last entry yet, it
// signs one and builds again.
func (s *Server) buildAttestation(ctx context.Context, st *setsafe.State, req AttestationRequest) (*attestation.Preview, error) {
	store, err := s.attestations()
	if err != nil {
		return nil, err
	}
	p := st.Production()
	period, err := attestation.NewPeriod(req.From, req.To, p.Zone(), s.Config.Clock.Now())
	if err != nil {
		return nil, err
	}
	origin, err := store.CheckpointOrigin(st.Ledger)
	if err != nil {
		return nil, err
	}
	src := attestation.Source{Ledger: st.Ledger, Production: p.Name, Origin: origin}
	pv, err := attestation.Build(ctx, store, src, period)
	if setsafe.ErrorCode(err) == setsafe.ENotFound {
		if _, err := s.Config.Ledger.SignCheckpoint(ctx, st.Ledger); err != nil {
			return nil, err
		}
		pv, err = attestation.Build(ctx, store, src, period)
	}
	return pv, err
}

// SignedAttestations returns the production's signed attestations,
// newest first, for a caller who reads the ledger.
func (s *Server) SignedAttestations(r *http.Request) (*setsafe.State, []*attestation.Attestation, error) {
	_, st, err := s.Readable(r, attestation.PermView)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.signedAttestations(r.Context(), st)
	return st, list, err
}

func (s *Server) signedAttestations(ctx context.Context, st *setsafe.State) ([]*attestation.Attestation, error) {
	store, err := s.attestations()
	if err != nil {
		return nil, err
	}
	out := []*attestation.Attestation{}
	err = store.EachEntry(ctx, st.Ledger, 1, st.Size, []string{(*attestation.Signed)(nil).EventType()}, func(e setsafe.Event) error {
		if a := attestation.FromEvent(e); a != nil {
			out = append(out, a)
		}
		return nil
	})
	slices.Reverse(out)
	return out, err
}

// SignedAttestationNote returns the signed note of the attestation the
// URL names ({attestation}), built again from the ledger and checked
// against the hash its entry recorded, for a caller who reads the ledger.
func (s *Server) SignedAttestationNote(r *http.Request) (*attestation.Attestation, []byte, error) {
	_, st, err := s.Readable(r, attestation.PermView)
	if err != nil {
		return nil, nil, err
	}
	store, err := s.attestations()
	if err != nil {
		return nil, nil, err
	}
	list, err := s.signedAttestations(r.Context(), st)
	if err != nil {
		return nil, nil, err
	}
	id := r.PathValue("attestation")
	i := slices.IndexFunc(list, func(a *attestation.Attestation) bool { return a.ID == id })
	if i < 0 {
		return nil, nil, setsafe.Errorf(setsafe.ENotFound, "There is no signed attestation %q in %s.", id, st.Ledger)
	}
	origin, err := store.CheckpointOrigin(st.Ledger)
	if err != nil {
		return nil, nil, err
	}
	pv, err := attestation.Rebuild(r.Context(), store, attestation.Source{Ledger: st.Ledger, Origin: origin}, list[i])
	if err != nil {
		return nil, nil, err
	}
	note, err := attestation.Note(store, pv)
	return list[i], note, err
}

// AttestationPath is where a signed attestation's note is read.
func AttestationPath(production, id string) string {
	return "/api/v1/productions/" + production + "/attestations/" + id
}

// BundleCommand is the command line that puts a signed attestation into
// an evidence bundle of its entries: from the one that set its profile to
// its checkpoint.
func BundleCommand(production, file string) string {
	return "setsafe export --production " + production + " --attestation " + file + " --out bundle.zip"
}

// AttestationFile is the name a signed attestation's note is downloaded
// as.
func AttestationFile(production string, a *attestation.Attestation) string {
	return production + "-attestation-" + a.From + "-" + a.To + ".txt"
}
