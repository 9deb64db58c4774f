package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Format names the version of the bundle format, in the manifest.
const Format = "setsafe-evidence-bundle/1"

// Record kinds in entries.bin.
const (
	KindEntry    = 0
	KindWithheld = 1
)

// Manifest says what a bundle holds. Nothing in it is trusted as such:
// the verifier checks each part against the entries, the checkpoints and
// the keys it is given.
type Manifest struct {
	Format string `json:"format"`
	// Origin is the checkpoints' origin line, "SITE/LEDGER".
	Origin string `json:"origin"`
	// Ledger is the production's ledger ID; Production its name, stated.
	Ledger     string `json:"ledger"`
	Production string `json:"production,omitempty"`
	// VerifierKey is the key the exporter states; a reader verifies with
	// the key they got from the production or the studio.
	VerifierKey string `json:"verifier_key"`
	// From and To are the first and last entries in the bundle.
	From uint64 `json:"from"`
	To   uint64 `json:"to"`
	// Period is the time range the exporter chose, if it chose one.
	Period *Period `json:"period,omitempty"`
	// LeftEdge holds the roots of the perfect subtrees of entries
	// 1..From-1, left to right (empty when From is 1).
	LeftEdge Hashes `json:"left_edge"`
	// Head is the checkpoint the whole range is proven against.
	Head Head `json:"head"`
	// Entries, Withheld and Checkpoints count the records.
	Entries     int `json:"entries"`
	Withheld    int `json:"withheld"`
	Checkpoints int `json:"checkpoints"`
	// Withholding says in words what was left out and why, for a bundle
	// made for a third party.
	Withholding string `json:"withholding,omitempty"`
	// Witnesses are those the production configured, and Quorum how many
	// of them make a checkpoint final, as stated: a reader passes the
	// witness keys they trust.
	Witnesses []Witness `json:"witnesses,omitempty"`
	Quorum    int       `json:"quorum,omitempty"`
	// Attachments are the files in the bundle, and AttachmentsWithheld
	// how many files of withheld entries were left out.
	Attachments         []Attachment `json:"attachments"`
	AttachmentsWithheld int          `json:"attachments_withheld,omitempty"`
	// Attestation is true when the bundle carries attestation.txt.
	Attestation bool `json:"attestation,omitempty"`
	// CreatedAt is when the bundle was written, stated.
	CreatedAt time.Time `json:"created_at"`
}

// Period is a time range [From, To).
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Head is the checkpoint the bundle's entries are proven against: the
// latest checkpoint the quorum of witnesses cosigned when the bundle was
// written, or the latest one. Its note is the last record of
// checkpoints.bin; Consistency takes the tree of size To to it.
type Head struct {
	Size        uint64 `json:"size"`
	Consistency Hashes `json:"consistency"`
}

// Hashes is a list of SHA-256 hashes in a manifest: a left edge or a
// consistency proof.
type Hashes [][]byte

// maxHashes is the most hashes a left edge (one per bit of a size) or a
// consistency proof (two per level of a tree) can hold.
const maxHashes = 128

// UnmarshalJSON reads a list of base64 hashes, refusing a list longer
// than any a bundle holds before decoding it: a manifest of a million
// hashes would otherwise take hundreds of MiB only to be refused.
func (h *Hashes) UnmarshalJSON(b []byte) error {
	if n := bytes.Count(b, []byte(",")) + 1; n > maxHashes {
		return fmt.Errorf("a list of %d hashes, more than a left edge or a consistency proof holds (%d)", n, maxHashes)
	}
	var l [][]byte
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	*h = l
	return nil
}

// Witness is a witness a production configured, as stated in the
// manifest.
type Witness struct {
	Name string `json:"name"`
	// Key is its verifier key (C2SP tlog-cosignature, type 0x04).
	Key string `json:"key"`
	URL string `json:"url,omitempty"`
}

// Attachment is a file attached by entries of the bundle.
type Attachment struct {
	// SHA256 is the hex SHA-256 of the content, and the member's name
	// under attachments/.
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	// Entries are the entries that attach it; each names SHA256 in its
	// body.
	Entries []uint64 `json:"entries"`
}

// Writer writes a bundle in one pass, in the order the format sets:
// entries (Entry, Withheld) in sequence order, then checkpoints in size
// order, then attachments, then Close. Memory does not grow with the
// number of entries or checkpoints.
type Writer struct {
	w writerState
}

// Options are what the reader of a bundle trusts: keys they got from
// elsewhere, never from the bundle.
type Options struct {
	// Key is the ledger's verifier key (note format).
	Key string
	// Witnesses are the witnesses' cosignature verifier keys, and Quorum
	// how many of them must cosign the head (0: all of them).
	Witnesses []string
	Quorum    int
	// AttestationKey checks attestation.txt; empty means Key.
	AttestationKey string
}

// Problem is one thing that does not hold, and where.
type Problem struct {
	// Where names the part: "entry 57", "checkpoint at size 120",
	// "attachment 3f2a…", "attestation", "manifest", "archive".
	Where string `json:"where"`
	What  string `json:"what"`
}

// String returns the problem as one line.
func (p Problem) String() string { return p.Where + ": " + p.What }

// Report is what verifying a bundle found.
type Report struct {
	Manifest Manifest `json:"manifest"`
	// Verified counts what was checked: the entries' records (withheld
	// ones among them), the checkpoints and the attachments.
	Entries     int `json:"entries"`
	Withheld    int `json:"withheld"`
	Checkpoints int `json:"checkpoints"`
	Attachments int `json:"attachments"`
	// From and To are the first and last entries read.
	From uint64 `json:"from"`
	To   uint64 `json:"to"`
	// Head is the checkpoint the entries are proven against, and
	// CosignedBy the trusted witnesses that cosigned it.
	HeadSize   uint64   `json:"head_size"`
	CosignedBy []string `json:"cosigned_by"`
	Final      bool     `json:"final"`
	// Attestation is what the bundle's statement says, if it has one and
	// it verified.
	Attestation *Statement `json:"attestation,omitempty"`
	Problems    []Problem  `json:"problems"`
	// MoreProblems counts the problems found beyond the first
	// [MaxProblems], which are not listed.
	MoreProblems int `json:"more_problems,omitempty"`
	// WitnessCheckpoints says how many of the bundle's checkpoints each
	// trusted witness cosigned.
	WitnessCheckpoints map[string]int `json:"witness_checkpoints,omitempty"`
	// Notes say what is not a problem but limits what was shown, such as
	// no witness keys given.
	Notes []string `json:"notes,omitempty"`
}

// MaxProblems is how many problems a report lists.
const MaxProblems = 100

// OK reports whether everything held.
func (r *Report) OK() bool { return len(r.Problems) == 0 && r.MoreProblems == 0 }
