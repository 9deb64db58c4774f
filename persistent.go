package setsafe

import (
	"hash/maphash"
	"math/bits"
	"slices"
)

// This file holds the map a State keeps its rows and indexes in: a hash
// array mapped trie whose copies share everything they have in common, so
// that copying a state costs nothing however large it is, and a change
// copies only the few nodes on the path to the key.

// owner marks the nodes one state may change in place: those it created
// since it last shared them. A state that shares its nodes (by copying)
// takes a new owner, so that from then on it copies a node before changing
// it.
type owner struct{ _ byte } // not zero-sized: every owner has its own address

// pmap is a persistent map from strings to V. Its zero value is empty.
// Copying the struct copies the map; changes through an owner change in
// place only the nodes that owner created.
type pmap[V any] struct {
	root *pnode[V]
	n    int
}

// pnode is a trie node: up to 32 slots, one for each 5 bits of the key's
// hash at its depth, of which only those in use are kept, in order. Below
// the last bits of the hash a node holds a plain list of keys whose hashes
// are equal.
type pnode[V any] struct {
	own    *owner
	bitmap uint32
	slots  []pslot[V]
}

// pslot is a key with its value, or a child node.
type pslot[V any] struct {
	child *pnode[V]
	hash  uint64
	key   string
	val   V
}

const (
	pbits  = 5
	pmask  = 1<<pbits - 1
	pdepth = 64 // bits of hash; below them, keys are listed
)

var pseed = maphash.MakeSeed()

// phash hashes keys; tests replace it to make keys collide.
var phash = func(key string) uint64 { return maphash.String(pseed, key) }

// Len returns how many keys the map holds.
func (m *pmap[V]) Len() int { return m.n }

// get returns the value of key, and whether the map holds it.
func (m *pmap[V]) get(key string) (V, bool) {
	h := phash(key)
	n := m.root
	for shift := 0; n != nil; shift += pbits {
		if shift >= pdepth {
			for i := range n.slots {
				if n.slots[i].key == key {
					return n.slots[i].val, true
				}
			}
			break
		}
		bit := uint32(1) << ((h >> shift) & pmask)
		if n.bitmap&bit == 0 {
			break
		}
		s := &n.slots[bits.OnesCount32(n.bitmap&(bit-1))]
		if s.child != nil {
			n = s.child
			continue
		}
		if s.key == key {
			return s.val, true
		}
		break
	}
	var zero V
	return zero, false
}

// set gives key the value v, changing in place the nodes own created. It
// returns the value it replaced, if any.
func (m *pmap[V]) set(own *owner, key string, v V) (old V, replaced bool) {
	root, added := m.root.set(own, 0, phash(key), key, v, &old)
	m.root = root
	if added {
		m.n++
	}
	return old, !added
}

// remove removes key, changing in place the nodes own created. It returns
// the value removed, if any.
func (m *pmap[V]) remove(own *owner, key string) (old V, removed bool) {
	root, removed := m.root.remove(own, 0, phash(key), key, &old)
	if removed {
		m.root = root
		m.n--
	}
	return old, removed
}

// each calls f for every key and value, in no particular order, until f
// returns false.
func (m *pmap[V]) each(f func(key string, v V) bool) { m.root.each(f) }

// editable returns n if own may change it, or a copy that own may.
func (n *pnode[V]) editable(own *owner, extra int) *pnode[V] {
	if n.own == own && own != nil {
		return n
	}
	slots := make([]pslot[V], len(n.slots), len(n.slots)+extra)
	copy(slots, n.slots)
	return &pnode[V]{own: own, bitmap: n.bitmap, slots: slots}
}

func (n *pnode[V]) set(own *owner, shift int, h uint64, key string, v V, old *V) (*pnode[V], bool) {
	if n == nil {
		n = &pnode[V]{own: own}
	}
	if shift >= pdepth {
		for i := range n.slots {
			if n.slots[i].key == key {
				n = n.editable(own, 0)
				*old, n.slots[i].val = n.slots[i].val, v
				return n, false
			}
		}
		n = n.editable(own, 1)
		n.slots = append(n.slots, pslot[V]{hash: h, key: key, val: v})
		return n, true
	}
	bit := uint32(1) << ((h >> shift) & pmask)
	i := bits.OnesCount32(n.bitmap & (bit - 1))
	if n.bitmap&bit == 0 {
		n = n.editable(own, 1)
		n.slots = slices.Insert(n.slots, i, pslot[V]{hash: h, key: key, val: v})
		n.bitmap |= bit
		return n, true
	}
	s := n.slots[i]
	switch {
	case s.child != nil:
		child, added := s.child.set(own, shift+pbits, h, key, v, old)
		if child != s.child {
			n = n.editable(own, 0)
			n.slots[i].child = child
		}
		return n, added
	case s.key == key:
		n = n.editable(own, 0)
		*old, n.slots[i].val = s.val, v
		return n, false
	}
	// Two keys share this slot: a child tells them apart by further bits.
	var child *pnode[V]
	child, _ = child.set(own, shift+pbits, s.hash, s.key, s.val, old)
	child, _ = child.set(own, shift+pbits, h, key, v, old)
	n = n.editable(own, 0)
	n.slots[i] = pslot[V]{child: child}
	return n, true
}

func (n *pnode[V]) remove(own *owner, shift int, h uint64, key string, old *V) (*pnode[V], bool) {
	if n == nil {
		return nil, false
	}
	if shift >= pdepth {
		i := slices.IndexFunc(n.slots, func(s pslot[V]) bool { return s.key == key })
		if i < 0 {
			return n, false
		}
		*old = n.slots[i].val
		if len(n.slots) == 1 {
			return nil, true
		}
		n = n.editable(own, 0)
		n.slots = slices.Delete(n.slots, i, i+1)
		return n, true
	}
	bit := uint32(1) << ((h >> shift) & pmask)
	if n.bitmap&bit == 0 {
		return n, false
	}
	i := bits.OnesCount32(n.bitmap & (bit - 1))
	s := n.slots[i]
	if s.child != nil {
		child, removed := s.child.remove(own, shift+pbits, h, key, old)
		if !removed {
			return n, false
		}
		n = n.editable(own, 0)
		switch {
		case child == nil:
		case len(child.slots) == 1 && child.slots[0].child == nil:
			// One key left below: it comes back up to this slot.
			n.slots[i] = child.slots[0]
			return n, true
		default:
			n.slots[i].child = child
			return n, true
		}
	} else if s.key != key {
		return n, false
	} else {
		*old = s.val
	}
	if len(n.slots) == 1 {
		return nil, true
	}
	n = n.editable(own, 0)
	n.slots = slices.Delete(n.slots, i, i+1)
	n.bitmap &^= bit
	return n, true
}

func (n *pnode[V]) each(f func(key string, v V) bool) bool {
	if n == nil {
		return true
	}
	for i := range n.slots {
		s := &n.slots[i]
		if s.child != nil {
			if !s.child.each(f) {
				return false
			}
		} else if !f(s.key, s.val) {
			return false
		}
	}
	return true
}
