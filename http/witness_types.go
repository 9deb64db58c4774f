package http

import (
	"time"

	"github.com/setsafe/setsafe/witness"
)

// WitnessRequest adds a witness that cosigns the production's
// checkpoints. Name may be left out: the key names the witness.
type WitnessRequest struct {
	Name string `json:"name,omitempty"`
	// URL is the witness's base URL; checkpoints go to URL +
	// "/add-checkpoint".
	URL string `json:"url"`
	// Key is its cosignature verifier key:
	// name+hash+base64(0x04||Ed25519 public key).
	Key string `json:"key"`
}

// Command is the witness added.
func (req WitnessRequest) Command() witness.AddWitness {
	return witness.AddWitness{Name: req.Name, URL: req.URL, Key: req.Key}
}

// QuorumRequest sets how many of the configured witnesses must cosign a
// checkpoint for it to be final.
type QuorumRequest struct {
	Quorum int `json:"quorum"`
}

// Command is the quorum set.
func (req QuorumRequest) Command() witness.SetQuorum { return witness.SetQuorum{Quorum: req.Quorum} }

// CopyRungsRequest chooses the rungs of the escalation ladder that
// receive a copy of each final checkpoint; none stops it.
type CopyRungsRequest struct {
	Rungs []string `json:"rungs"`
}

// Command is the rungs chosen.
func (req CopyRungsRequest) Command() witness.SetCopies { return witness.SetCopies{Rungs: req.Rungs} }

// RefusalNoteRequest says what someone is doing about a witness's
// refusal, or what they found.
type RefusalNoteRequest struct {
	Note string `json:"note"`
}

// Acknowledge is the refusal of the witness acknowledged.
func (req RefusalNoteRequest) Acknowledge(witnessName string) witness.AcknowledgeRefusal {
	return witness.AcknowledgeRefusal{Witness: witnessName, Note: req.Note}
}

// Resolve is the refusal of the witness resolved.
func (req RefusalNoteRequest) Resolve(witnessName string) witness.ResolveRefusal {
	return witness.ResolveRefusal{Witness: witnessName, Note: req.Note}
}

// WitnessView is a witness configured on the production.
type WitnessView struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Key  string `json:"key"`
	// KeyHash is the ID of its key, as its cosignature lines carry it.
	KeyHash string    `json:"key_hash"`
	AddedBy PersonRef `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
	// Refusal is its refusal not yet resolved, if any.
	Refusal *witness.Refusal `json:"refusal,omitempty"`
}

// WitnessesView is the production's witnesses in the order added, the
// quorum, the rungs that receive final checkpoints, and the refusals not
// yet resolved.
type WitnessesView struct {
	Witnesses []WitnessView `json:"witnesses"`
	Quorum    int           `json:"quorum"`
	CopyRungs []string      `json:"copy_rungs"`
	// Refusals are the witnesses' refusals not yet resolved, earliest
	// first: alarms.
	Refusals []*witness.Refusal `json:"refusals"`
	// KeyFormat says what a witness's key looks like.
	KeyFormat string `json:"key_format"`
}

// CosignedView is a witness's cosignature of a checkpoint.
type CosignedView struct {
	Witness string `json:"witness"`
	// At is when it cosigned, as the cosignature says.
	At time.Time `json:"cosigned_at"`
	// Counts is whether it counts towards the quorum: the witness is
	// configured now, with the key it signed with.
	Counts bool `json:"counts"`
}

// WitnessedCheckpointView is a signed checkpoint of the production's
// ledger with who cosigned it and whether it is final.
type WitnessedCheckpointView struct {
	Size     uint64    `json:"size"`
	Root     []byte    `json:"root"`
	SignedAt time.Time `json:"signed_at,omitzero"`
	// Note is the signed note, with the site's signature.
	Note       string         `json:"note"`
	CosignedBy []CosignedView `json:"cosigned_by"`
	// Final is whether a quorum of the witnesses configured now cosigned
	// it.
	Final bool `json:"final"`
}

// CheckpointsView is the production's checkpoints, the largest first,
// with the latest final one.
type CheckpointsView struct {
	Checkpoints []WitnessedCheckpointView `json:"checkpoints"`
	// LatestFinal is the latest checkpoint a quorum of the witnesses
	// cosigned, if any.
	LatestFinal *WitnessedCheckpointView `json:"latest_final,omitempty"`
	Quorum      int                      `json:"quorum"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}
