package ledger

import (
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// StoredNodes are the hashes one ledger row keeps: its leaf hash and the
// interior nodes its leaf completed.
type StoredNodes struct {
	Leaf  []byte
	Nodes []byte
}

// NodeRows fetches the stored hashes of the ledger rows with the given
// sequence numbers.
type NodeRows func(seqs []int64) (map[int64]StoredNodes, error)

// InclusionProof returns the RFC 6962 inclusion proof of the entry with
// sequence number seq in the tree of the given size (seq ≤ size).
func InclusionProof(seq int64, size uint64, rows NodeRows) ([][]byte, error) {
	if seq < 1 || uint64(seq) > size {
		return nil, fmt.Errorf("entry %d is not in a tree of size %d", seq, size)
	}
	n, err := proof.Inclusion(uint64(seq-1), size)
	if err != nil {
		return nil, err
	}
	return build(n, rows)
}

// ConsistencyProof returns the RFC 6962 consistency proof between the trees
// of sizes size1 ≤ size2.
func ConsistencyProof(size1, size2 uint64, rows NodeRows) ([][]byte, error) {
	if size1 > size2 {
		return nil, fmt.Errorf("tree size %d is larger than %d", size1, size2)
	}
	n, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, err
	}
	return build(n, rows)
}

func build(n proof.Nodes, rows NodeRows) ([][]byte, error) {
	hashes, err := fetch(n.IDs, rows)
	if err != nil {
		return nil, err
	}
	return n.Rehash(hashes, rfc6962.DefaultHasher.HashChildren)
}

// fetch reads the stored hashes of tree nodes.
func fetch(ids []compact.NodeID, rows NodeRows) ([][]byte, error) {
	seqs := make([]int64, 0, len(ids))
	seen := map[int64]bool{}
	for _, id := range ids {
		if s := NodeRow(id); !seen[s] {
			seen[s] = true
			seqs = append(seqs, s)
		}
	}
	stored, err := rows(seqs)
	if err != nil {
		return nil, err
	}
	hashes := make([][]byte, len(ids))
	for i, id := range ids {
		row, ok := stored[NodeRow(id)]
		if !ok {
			return nil, fmt.Errorf("ledger row %d is missing", NodeRow(id))
		}
		if id.Level == 0 {
			if len(row.Leaf) != HashSize {
				return nil, fmt.Errorf("ledger row %d has no leaf hash", NodeRow(id))
			}
			hashes[i] = row.Leaf
			continue
		}
		off := int(id.Level-1) * HashSize
		if len(row.Nodes) < off+HashSize {
			return nil, fmt.Errorf("ledger row %d lacks the tree node at level %d", NodeRow(id), id.Level)
		}
		hashes[i] = row.Nodes[off : off+HashSize]
	}
	return hashes, nil
}
