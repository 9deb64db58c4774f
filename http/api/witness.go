package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/witness"
)

const tagWitnesses = "Witnesses and checkpoints"

func (s *handlers) witnessRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const one = prod + "/witnesses/{witness}"
	exampleKey := "witness.union.example.org+b2c3f672+BAuFIkiFG48EbDC5gaiZafzMuNLvBEIeG6Ilx9HOmlfQ"
	return []route{
		{method: "GET", path: prod + "/witnesses", tag: tagWitnesses, summary: "The witnesses that cosign the production's checkpoints, in the order added, the quorum that makes a checkpoint final, " +
			"the rungs that receive a copy of final checkpoints, and the witnesses' refusals not yet resolved (those who read the ledger).", signedIn: true,
			response: sshttp.WitnessesView{}, handle: s.listWitnesses},
		{method: "POST", path: prod + "/witnesses", tag: tagWitnesses, summary: "Add a witness: its base URL (checkpoints go to URL/add-checkpoint) and its cosignature verifier key, " +
			"name+hash+base64(0x04 and its Ed25519 public key); the key names it (producers and safety coordinators).", signedIn: true,
			body: sshttp.WitnessRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.addWitness),
			created: createdAs(prod+"/witnesses/{id}", func(b *witness.Added) string { return witness.Witness{Key: b.Key}.KeyHash() }),
			example: sshttp.WitnessRequest{URL: "https://witness.union.example.org", Key: exampleKey}},
		{method: "GET", path: one, tag: tagWitnesses, summary: "One witness, named by its key's ID (key_hash) or by its name when that holds no slash, with its refusal not yet resolved, if any (those who read the ledger).", signedIn: true,
			response: sshttp.WitnessView{}, handle: s.getWitness},
		{method: "DELETE", path: one, tag: tagWitnesses, summary: "Remove a witness: checkpoints are no longer sent to it and its cosignatures no longer count; those it gave are kept. " +
			"A removal that leaves fewer witnesses than the quorum is refused (producers and safety coordinators).", signedIn: true,
			response: sshttp.RecordedResult{}, handle: s.removeWitness},
		{method: "POST", path: one + "/refusal/acknowledge", tag: tagWitnesses, summary: "Take charge of a witness's refusal, saying what is being done: it stops climbing the ladder (producers and safety coordinators).", signedIn: true,
			body: sshttp.RefusalNoteRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.acknowledgeRefusal),
			example: sshttp.RefusalNoteRequest{Note: "Comparing the witness's last checkpoint with the ledger; the database is left as it is."}},
		{method: "POST", path: one + "/refusal/resolve", tag: tagWitnesses, summary: "Say what was found about a witness's refusal: the alarm is over (producers and safety coordinators).", signedIn: true,
			body: sshttp.RefusalNoteRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.resolveRefusal),
			example: sshttp.RefusalNoteRequest{Note: "The witness had cosigned a checkpoint of the staging server by mistake; the ledger is whole."}},
		{method: "PUT", path: prod + "/witness-quorum", tag: tagWitnesses, summary: "Set how many of the witnesses must cosign a checkpoint for it to be final: from 1 to the number configured (producers and safety coordinators).", signedIn: true,
			body: sshttp.QuorumRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.setQuorum), example: sshttp.QuorumRequest{Quorum: 2}},
		{method: "PUT", path: prod + "/witness-copies", tag: tagWitnesses, summary: "Choose the rungs of the escalation ladder that receive a copy of each final checkpoint at their outside addresses and webhooks; none stops it (producers and safety coordinators).", signedIn: true,
			body: sshttp.CopyRungsRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.setCopyRungs),
			example: sshttp.CopyRungsRequest{Rungs: []string{setsafe.RungStudioSafety, setsafe.RungUnion}}},
		{method: "GET", path: prod + "/checkpoints", tag: tagWitnesses, summary: "The production's signed checkpoints, the largest first, each with the witnesses that cosigned it and whether it is final, " +
			"and the latest final checkpoint (those who read the ledger).", signedIn: true,
			response: sshttp.CheckpointsView{}, handle: s.listCheckpoints, query: partQuery},
	}
}

func (s *handlers) listWitnesses(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewLedger)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewWitnessesView(st))
	return nil
}

func (s *handlers) getWitness(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewLedger)
	if err != nil {
		return err
	}
	e, err := sshttp.WitnessNamed(st, r.PathValue("witness"))
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewWitnessView(st, e))
	return nil
}

// witnessName is the name of the witness the URL names, by its name or
// its key's ID, for those who see the production; a witness not found is
// left to the command to refuse.
func (s *handlers) witnessName(r *http.Request) (string, error) {
	_, st, err := s.Authorized(r, nil)
	if err != nil {
		return "", err
	}
	if e := witness.Named(st, r.PathValue("witness")); e != nil {
		return e.Name, nil
	}
	return r.PathValue("witness"), nil
}

func (s *handlers) addWitness(w http.ResponseWriter, r *http.Request, req sshttp.WitnessRequest) error {
	c := req.Command()
	_, evs, err := s.Act(r, c)
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		// Sent again, it recorded nothing: the witness is where it was.
		w.Header().Set("Location", "/api/v1/productions/"+url.PathEscape(r.PathValue("production"))+"/witnesses/"+witness.Witness{Key: strings.TrimSpace(c.Key)}.KeyHash())
	}
	sshttp.WriteJSON(w, http.StatusCreated, sshttp.RecordedResult{Recorded: sshttp.Recorded(evs)})
	return nil
}

func (s *handlers) removeWitness(w http.ResponseWriter, r *http.Request) error {
	name, err := s.witnessName(r)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", witness.RemoveWitness{Name: name})
}

func (s *handlers) acknowledgeRefusal(w http.ResponseWriter, r *http.Request, req sshttp.RefusalNoteRequest) error {
	name, err := s.witnessName(r)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Acknowledge(name))
}

func (s *handlers) resolveRefusal(w http.ResponseWriter, r *http.Request, req sshttp.RefusalNoteRequest) error {
	name, err := s.witnessName(r)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Resolve(name))
}

func (s *handlers) setQuorum(w http.ResponseWriter, r *http.Request, req sshttp.QuorumRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command())
}

func (s *handlers) setCopyRungs(w http.ResponseWriter, r *http.Request, req sshttp.CopyRungsRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command())
}

func (s *handlers) listCheckpoints(w http.ResponseWriter, r *http.Request) error {
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	_, v, err := s.Checkpoints(r, part)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, v)
	return nil
}
