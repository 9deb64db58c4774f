package setsafe

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestPersistentMap changes a map at random and checks it against a Go
// map, and that every copy taken on the way keeps what it held, also when
// keys' hashes collide in part or in whole.
func TestPersistentMap(t *testing.T) {
	hash := phash
	for _, tc := range []struct {
		name string
		hash func(string) uint64
	}{
		{"hashed", hash},
		{"sharing the low bits", func(k string) uint64 { return hash(k) << 40 }},
		{"colliding", func(k string) uint64 { return uint64(len(k) % 3) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() { phash = hash }()
			phash = tc.hash
			rng := rand.New(rand.NewPCG(1, 2))
			own := &owner{}
			var m pmap[int]
			want := map[string]int{}
			type copied struct {
				m    pmap[int]
				want map[string]int
			}
			var copies []copied
			for i := range 20000 {
				key := fmt.Sprint(rng.IntN(2000))
				switch rng.IntN(10) {
				case 0, 1, 2:
					old, removed := m.remove(own, key)
					if w, ok := want[key]; ok != removed || old != w {
						t.Fatalf("removing %s gave %d (%v), want %d (%v)", key, old, removed, w, ok)
					}
					delete(want, key)
				default:
					old, replaced := m.set(own, key, i)
					if w, ok := want[key]; ok != replaced || old != w {
						t.Fatalf("setting %s replaced %d (%v), want %d (%v)", key, old, replaced, w, ok)
					}
					want[key] = i
				}
				if i%997 == 0 {
					copies = append(copies, copied{m, maps.Clone(want)})
					own = &owner{} // the nodes are shared from now on
				}
			}
			copies = append(copies, copied{m, want})
			for i, c := range copies {
				if c.m.Len() != len(c.want) {
					t.Fatalf("copy %d holds %d keys, want %d", i, c.m.Len(), len(c.want))
				}
				got := map[string]int{}
				c.m.each(func(k string, v int) bool {
					got[k] = v
					return true
				})
				if !maps.Equal(got, c.want) {
					t.Fatalf("copy %d changed: %d keys listed, %d wanted", i, len(got), len(c.want))
				}
				for k, v := range c.want {
					if g, ok := c.m.get(k); !ok || g != v {
						t.Fatalf("copy %d: %s is %d (%v), want %d", i, k, g, ok, v)
					}
				}
				if _, ok := c.m.get("absent"); ok {
					t.Fatalf("copy %d holds a key never set", i)
				}
			}
		})
	}
}

// TestStateCopies checks that a state's snapshots and copies keep what
// they held while the state goes on, and that a snapshot cannot be applied
// to.
func TestStateCopies(t *testing.T) {
	w := newWorld(t)
	snap := w.prod.Snapshot()
	cp := w.prod.Copy()
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "mia", PersonDetails: PersonDetails{Name: "Mia"}, Roles: []Role{RoleCrew}})
	w.must("red-mesa", SystemActor("test"), UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Name: new("Jack Brennan")}})
	if snap.Person("mia") != nil || cp.Person("mia") != nil || snap.Person("jack").Name != "Jack" || cp.Person("jack").Name != "Jack" {
		t.Fatal("a change to the state shows in its snapshot or copy")
	}
	if w.prod.Person("mia") == nil || w.prod.Person("jack").Name != "Jack Brennan" {
		t.Fatal("the state lost its change")
	}
	ev := Event{Ledger: "red-mesa", Seq: cp.Size + 1, Time: w.now, Actor: SystemActor("test"),
		Body: &PersonAdded{ID: "ben", Name: "Ben"}}
	if err := cp.Apply(ev); err != nil {
		t.Fatal(err)
	}
	if w.prod.Person("ben") != nil || snap.Person("ben") != nil || cp.Person("ben") == nil {
		t.Fatal("a change to a copy shows elsewhere, or not in the copy")
	}
	if err := snap.Apply(ev); err == nil {
		t.Fatal("a snapshot was applied to")
	}
}

// TestStateBytes checks that a state's estimate of its memory follows its
// rows and is within a factor of two of the heap it takes.
func TestStateBytes(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, _, _ := bigProduction(t)
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := float64(after.HeapAlloc - before.HeapAlloc)
	if r := float64(s.Bytes()) / heap; r < 0.5 || r > 2 {
		t.Errorf("the state estimates %d bytes and takes %.0f", s.Bytes(), heap)
	}
	runtime.KeepAlive(s)

	w := newWorld(t)
	n := w.prod.Bytes()
	w.must("red-mesa", SystemActor("test"), GrantRole{PersonID: "jack", Role: RoleCrew})
	granted := w.prod.Bytes()
	if granted <= n || w.prod.Snapshot().Bytes() != granted {
		t.Errorf("a grant took the estimate from %d to %d; its snapshot says %d", n, granted, w.prod.Snapshot().Bytes())
	}
	w.must("red-mesa", SystemActor("test"), RevokeRole{PersonID: "jack", Role: RoleCrew, Reason: "recast"})
	if w.prod.Bytes() != n {
		t.Errorf("revoking the grant left the estimate at %d, not %d", w.prod.Bytes(), n)
	}
}
