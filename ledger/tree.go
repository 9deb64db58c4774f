package ledger

import (
	"bytes"
	"fmt"
	"math/bits"
	"slices"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"
)

// HashSize is the size of every hash in the tree.
const HashSize = 32

var rangeFactory = &compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}

// Tree is the right edge of a ledger's Merkle tree: enough to append leaves
// and compute the root, in memory that grows with the logarithm of the size.
type Tree struct {
	r *compact.Range
}

// NewTree returns the tree of an empty ledger.
func NewTree() *Tree { return &Tree{r: rangeFactory.NewEmptyRange(0)} }

// RestoreTree rebuilds a tree from its size and the hashes that [Tree.Edge]
// returned.
func RestoreTree(size uint64, edge []byte) (*Tree, error) {
	if len(edge)%HashSize != 0 {
		return nil, fmt.Errorf("tree edge of %d bytes is not a list of hashes", len(edge))
	}
	if want := bits.OnesCount64(size); len(edge)/HashSize != want {
		return nil, fmt.Errorf("tree of size %d needs %d edge hashes, got %d", size, want, len(edge)/HashSize)
	}
	r, err := rangeFactory.NewRange(0, size, split(edge))
	if err != nil {
		return nil, fmt.Errorf("restore tree: %w", err)
	}
	return &Tree{r: r}, nil
}

// Copy returns a copy of the tree that grows apart from it.
func (t *Tree) Copy() *Tree {
	r, err := rangeFactory.NewRange(0, t.r.End(), slices.Clone(t.r.Hashes()))
	if err != nil {
		panic(err) // unreachable: the hashes are the tree's own
	}
	return &Tree{r: r}
}

// Size returns the number of leaves.
func (t *Tree) Size() uint64 { return t.r.End() }

// Edge returns the hashes of the perfect subtrees along the tree's right
// edge, concatenated, left to right.
func (t *Tree) Edge() []byte { return bytes.Join(t.r.Hashes(), nil) }

// Root returns the tree's root hash; the hash of the empty string for an
// empty tree.
func (t *Tree) Root() []byte {
	if t.Size() == 0 {
		return rfc6962.DefaultHasher.EmptyRoot()
	}
	root, err := t.r.GetRootHash(nil)
	if err != nil {
		panic(err) // unreachable: the range always starts at 0
	}
	return root
}

// Append adds a leaf and returns the hashes of the interior nodes that it
// completes, lowest level first, concatenated: the value of the ledger row's
// nodes column.
func (t *Tree) Append(leafHash []byte) []byte {
	var nodes []byte
	err := t.r.Append(leafHash, func(id compact.NodeID, hash []byte) {
		if id.Level > 0 {
			nodes = append(nodes, hash...)
		}
	})
	if err != nil {
		panic(err) // unreachable: appending a leaf to a range starting at 0 never fails
	}
	return nodes
}

// NodeCount returns how many interior nodes appending the leaf with the given
// sequence number completes: the number of trailing zero bits of seq.
func NodeCount(seq int64) int { return bits.TrailingZeros64(uint64(seq)) }

// NodeRow returns where a node of the tree is stored: the sequence number of
// the ledger row and the node's level (0 is that row's leaf hash; level L > 0
// is at offset (L-1)*32 of its nodes column).
func NodeRow(id compact.NodeID) int64 { return int64((id.Index + 1) << id.Level) }

// EdgeNodes returns the roots of the perfect subtrees along the right edge of
// a tree of the given size, left to right: the nodes [RestoreTreeFrom] reads.
func EdgeNodes(size uint64) []compact.NodeID {
	var ids []compact.NodeID
	var begin uint64
	for level := 63; level >= 0; level-- {
		if size&(1<<level) != 0 {
			ids = append(ids, compact.NewNodeID(uint(level), begin>>level))
			begin += 1 << level
		}
	}
	return ids
}

// RestoreTreeFrom rebuilds the tree of the given size from the hashes stored
// in the ledger rows.
func RestoreTreeFrom(size uint64, rows NodeRows) (*Tree, error) {
	ids := EdgeNodes(size)
	hashes, err := fetch(ids, rows)
	if err != nil {
		return nil, fmt.Errorf("restore tree of size %d: %w", size, err)
	}
	return RestoreTree(size, bytes.Join(hashes, nil))
}

func split(b []byte) [][]byte {
	out := make([][]byte, 0, len(b)/HashSize)
	for i := 0; i+HashSize <= len(b); i += HashSize {
		out = append(out, b[i:i+HashSize:i+HashSize])
	}
	return out
}
