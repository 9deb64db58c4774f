package witness

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/setsafe/setsafe"
)

func TestAddWitness(t *testing.T) {
	key1, _ := testKey("union.example.org/witness", 1)
	key2, _ := testKey("insurer.example.com", 2)
	sameKey, _ := testKey("other.example.com", 1) // key1's public key, another name
	tests := []struct {
		name     string
		actor    setsafe.Actor
		cmd      AddWitness
		wantCode string
		// wantField is the field a refusal names.
		wantField string
		wantURL   string
	}{
		{"the producer adds one", person("dana"), AddWitness{URL: "https://insurer.example.com/", Key: key2}, "", "", "https://insurer.example.com"},
		{"the safety coordinator, naming it", person("sofia"), AddWitness{Name: "insurer.example.com", URL: "http://insurer.example.com:8080/w", Key: key2}, "", "", "http://insurer.example.com:8080/w"},
		{"sent again records nothing", person("dana"), AddWitness{URL: "https://union.example.org", Key: key1}, "", "", ""},
		{"the armorer may not", person("hannah"), AddWitness{URL: "https://insurer.example.com", Key: key2}, setsafe.EForbidden, "", ""},
		{"crew may not", person("jack"), AddWitness{URL: "https://insurer.example.com", Key: key2}, setsafe.EForbidden, "", ""},
		{"an investigator only reads", person("grace"), AddWitness{URL: "https://insurer.example.com", Key: key2}, setsafe.EForbidden, "", ""},
		{"name not the key's", person("dana"), AddWitness{Name: "insurer", URL: "https://insurer.example.com", Key: key2}, setsafe.EInvalid, "name", ""},
		{"no key", person("dana"), AddWitness{Name: "insurer", URL: "https://insurer.example.com"}, setsafe.EInvalid, "key", ""},
		{"a bad key", person("dana"), AddWitness{URL: "https://insurer.example.com", Key: "insurer+00000000+AQ=="}, setsafe.EInvalid, "key", ""},
		{"no URL", person("dana"), AddWitness{Key: key2}, setsafe.EInvalid, "url", ""},
		{"ftp", person("dana"), AddWitness{URL: "ftp://insurer.example.com", Key: key2}, setsafe.EInvalid, "url", ""},
		{"no host", person("dana"), AddWitness{URL: "https:///w", Key: key2}, setsafe.EInvalid, "url", ""},
		{"a password in it", person("dana"), AddWitness{URL: "https://me:pw@insurer.example.com", Key: key2}, setsafe.EInvalid, "url", ""},
		{"a query", person("dana"), AddWitness{URL: "https://insurer.example.com/?a=1", Key: key2}, setsafe.EInvalid, "url", ""},
		{"another key under the name", person("dana"), AddWitness{URL: "https://union.example.org", Key: strings.Replace(key2, "insurer.example.com", "union.example.org/witness", 1)}, setsafe.EInvalid, "key", ""},
		{"another URL under the name", person("dana"), AddWitness{URL: "https://union.example.net", Key: key1}, setsafe.EConflict, "", ""},
		{"the same public key twice", person("dana"), AddWitness{URL: "https://other.example.com", Key: sameKey}, setsafe.EConflict, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.Must(person("dana"), AddWitness{URL: "https://union.example.org", Key: key1})
			evs, err := w.Run(tt.actor, tt.cmd)
			if tt.wantCode != "" {
				wantCode(t, err, tt.wantCode)
				if tt.wantField != "" {
					var e *setsafe.Error
					if !asError(err, &e) || e.Fields[tt.wantField] == "" {
						t.Fatalf("want a problem with %s, got %v", tt.wantField, err)
					}
				}
				if len(Configured(w.Prod)) != 1 {
					t.Fatalf("a refused command changed the witnesses: %v", Configured(w.Prod))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantURL == "" {
				if len(evs) != 0 {
					t.Fatalf("sent again recorded %d entries", len(evs))
				}
				return
			}
			got := Configured(w.Prod)
			want := []Witness{{Name: "union.example.org/witness", URL: "https://union.example.org", Key: key1}, {Name: "insurer.example.com", URL: tt.wantURL, Key: key2}}
			if !slices.Equal(got, want) {
				t.Fatalf("Configured = %+v, want %+v", got, want)
			}
			if !slices.Equal(Configured(w.Refold()), want) {
				t.Fatalf("the refolded state has %+v", Configured(w.Refold()))
			}
		})
	}
}

func asError(err error, target **setsafe.Error) bool {
	e, ok := err.(*setsafe.Error)
	*target = e
	return ok
}

// configured is a world with three witnesses, a, b and c, in that order.
func configured(t *testing.T) *world {
	w := newWorld(t)
	for i, n := range []string{"a.example", "b.example", "c.example"} {
		k, _ := testKey(n, byte(i+1))
		w.Must(person("dana"), AddWitness{URL: "https://" + n, Key: k})
	}
	return w
}

func TestQuorumAndRemoval(t *testing.T) {
	tests := []struct {
		name string
		// steps are run in order; the last must fail with wantCode, or
		// all succeed when it is empty.
		steps      []setsafe.Command
		wantCode   string
		wantQuorum int
		wantNames  []string
	}{
		{"default quorum", nil, "", 1, []string{"a.example", "b.example", "c.example"}},
		{"quorum of two", []setsafe.Command{SetQuorum{Quorum: 2}}, "", 2, []string{"a.example", "b.example", "c.example"}},
		{"quorum of all", []setsafe.Command{SetQuorum{Quorum: 3}}, "", 3, []string{"a.example", "b.example", "c.example"}},
		{"quorum above the witnesses", []setsafe.Command{SetQuorum{Quorum: 4}}, setsafe.EInvalid, 1, nil},
		{"quorum of none", []setsafe.Command{SetQuorum{Quorum: 0}}, setsafe.EInvalid, 1, nil},
		{"removing one under quorum 2", []setsafe.Command{SetQuorum{Quorum: 2}, RemoveWitness{Name: "b.example"}}, "", 2, []string{"a.example", "c.example"}},
		{"removing one under quorum 3", []setsafe.Command{SetQuorum{Quorum: 3}, RemoveWitness{Name: "b.example"}}, setsafe.EConflict, 3, nil},
		{"removing all under the default", []setsafe.Command{RemoveWitness{Name: "a.example"}, RemoveWitness{Name: "b.example"}, RemoveWitness{Name: "c.example"}}, "", 1, []string{}},
		{"removing one not there", []setsafe.Command{RemoveWitness{Name: "d.example"}}, setsafe.ENotFound, 1, nil},
		{"lowering first", []setsafe.Command{SetQuorum{Quorum: 3}, SetQuorum{Quorum: 2}, RemoveWitness{Name: "a.example"}}, "", 2, []string{"b.example", "c.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := configured(t)
			var err error
			for i, c := range tt.steps {
				_, err = w.Run(person("sofia"), c)
				if err != nil && (i < len(tt.steps)-1 || tt.wantCode == "") {
					t.Fatalf("step %d %T: %v", i, c, err)
				}
			}
			if tt.wantCode != "" {
				wantCode(t, err, tt.wantCode)
			}
			if got := Quorum(w.Prod); got != tt.wantQuorum {
				t.Fatalf("Quorum = %d, want %d", got, tt.wantQuorum)
			}
			if tt.wantNames != nil {
				var got []string
				for _, x := range Configured(w.Refold()) {
					got = append(got, x.Name)
				}
				if !slices.Equal(got, tt.wantNames) && !(len(got) == 0 && len(tt.wantNames) == 0) {
					t.Fatalf("witnesses = %v, want %v", got, tt.wantNames)
				}
			}
		})
	}
}

func TestRemovalSaysWhatToDo(t *testing.T) {
	w := configured(t)
	w.Must(person("dana"), SetQuorum{Quorum: 3})
	_, err := w.Run(person("dana"), RemoveWitness{Name: "a.example"})
	if !strings.Contains(setsafe.ErrorMessage(err), "Lower the quorum to 2") {
		t.Fatalf("the refusal does not say what to do: %v", err)
	}
}

func TestSetCopies(t *testing.T) {
	tests := []struct {
		name     string
		actor    setsafe.Actor
		rungs    []string
		wantCode string
		want     []string
	}{
		{"two rungs, put in the ladder's order", person("dana"), []string{setsafe.RungUnion, setsafe.RungStudioSafety, setsafe.RungUnion}, "", []string{setsafe.RungStudioSafety, setsafe.RungUnion}},
		{"none", person("sofia"), []string{}, "", []string{}},
		{"an unknown rung", person("dana"), []string{"insurer"}, setsafe.EInvalid, []string{}},
		{"crew may not", person("jack"), []string{setsafe.RungUnion}, setsafe.EForbidden, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			_, err := w.Run(tt.actor, SetCopies{Rungs: tt.rungs})
			if tt.wantCode != "" {
				wantCode(t, err, tt.wantCode)
			} else if err != nil {
				t.Fatal(err)
			}
			if got := CopyRungs(w.Refold()); !slices.Equal(got, tt.want) {
				t.Fatalf("CopyRungs = %v, want %v", got, tt.want)
			}
		})
	}
}

// withLadder is a configured world whose ladder has the UPM rung (dana)
// and the studio's safety desk by e-mail.
func withLadder(t *testing.T) *world {
	w := configured(t)
	w.Must(person("dana"), setsafe.SetLadder{Rungs: []setsafe.LadderRungSetting{
		{Rung: setsafe.RungUPM, People: []string{"dana"}},
		{Rung: setsafe.RungStudioSafety, Contact: "Studio safety desk", Email: "safety@studio.example.com"},
	}})
	return w
}

func TestRefusalIsAnAlarm(t *testing.T) {
	w := withLadder(t)
	refuse := RecordRefusal{Witness: "b.example", Size: 42, Status: 409, Reason: "checkpoint\x00 does not extend 57"}
	if _, err := w.Run(person("dana"), refuse); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("a person recorded a witness's refusal: %v", err)
	}
	evs := w.Must(op, refuse)
	if len(evs) != 1 {
		t.Fatalf("recorded %d entries, want 1", len(evs))
	}
	r := OpenRefusal(w.Prod, "b.example")
	if r == nil || r.Size != 42 || r.Status != 409 || r.Reason != "checkpoint does not extend 57" || r.State != RefusalStateOpen {
		t.Fatalf("open refusal = %+v", r)
	}
	// Everyone who answers for the production is told at once, and the
	// studio's safety desk.
	var to []string
	for _, n := range setsafe.NotificationsFor(w.Prod, evs[0]) {
		if n.Channel == setsafe.ChannelEmail {
			to = append(to, n.Recipient)
		}
	}
	slices.Sort(to)
	if want := []string{"dana@example.com", "safety@studio.example.com", "sofia@example.com"}; !slices.Equal(to, want) {
		t.Fatalf("told %v, want %v", to, want)
	}
	ups := setsafe.EscalationUpdates(w.Prod, evs[0])
	if len(ups) != 1 || ups[0].Item != refusalItem(r.ID) || !ups[0].Waiting || !ups[0].Deadline.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("escalation = %+v", ups)
	}

	// A witness that keeps refusing raises one alarm.
	if evs := w.Must(op, refuse); len(evs) != 0 {
		t.Fatalf("a second refusal recorded %d entries", len(evs))
	}
	if _, err := w.Run(op, RecordRefusal{Witness: "z.example", Size: 1, Status: 409}); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("a refusal by an unknown witness: %v", err)
	}

	// Not due yet: nothing; then it climbs to the first rung with someone.
	if evs := w.Must(op, setsafe.ClockCommand(ups[0].Item)); len(evs) != 0 {
		t.Fatalf("climbed before its deadline: %v", evs)
	}
	w.Now = t0.Add(31 * time.Minute)
	evs = w.Must(op, setsafe.ClockCommand(ups[0].Item))
	if len(evs) != 1 || evs[0].Type() != "witness.refusal_escalated" {
		t.Fatalf("the clock recorded %v", evs)
	}
	if moved := setsafe.ClockItemsMoved(evs); !moved[refusalItem(r.ID)] {
		t.Fatalf("the clock item did not move: %v", moved)
	}
	if r := OpenRefusal(w.Prod, "b.example"); r.Rung != 1 {
		t.Fatalf("climbed to rung %d, want 1 (the UPM's)", r.Rung)
	}

	// Acknowledged: it stops climbing; only those who handle refusals may.
	if _, err := w.Run(person("hannah"), AcknowledgeRefusal{Witness: "b.example", Note: "looking"}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("the armorer acknowledged: %v", err)
	}
	if _, err := w.Run(person("sofia"), AcknowledgeRefusal{Witness: "b.example"}); setsafe.ErrorCode(err) != setsafe.EInvalid {
		t.Fatalf("acknowledged without a note: %v", err)
	}
	evs = w.Must(person("sofia"), AcknowledgeRefusal{Witness: "b.example", Note: "Comparing the witness's checkpoint with the ledger."})
	if ups := setsafe.EscalationUpdates(w.Prod, evs[0]); len(ups) != 1 || ups[0].Waiting {
		t.Fatalf("an acknowledged refusal still climbs: %+v", ups)
	}
	if _, err := w.Run(person("dana"), AcknowledgeRefusal{Witness: "b.example", Note: "me too"}); setsafe.ErrorCode(err) != setsafe.EConflict {
		t.Fatalf("acknowledged twice: %v", err)
	}
	if evs := w.Must(op, refuse); len(evs) != 0 {
		t.Fatalf("a refusal while acknowledged recorded %d entries", len(evs))
	}

	// Resolved: the witness may refuse again, as a new alarm.
	w.Must(person("dana"), ResolveRefusal{Witness: "b.example", Note: "The witness had a test checkpoint from staging."})
	if OpenRefusal(w.Prod, "b.example") != nil {
		t.Fatal("the refusal is still open")
	}
	if _, err := w.Run(person("dana"), ResolveRefusal{Witness: "b.example", Note: "again"}); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("resolved twice: %v", err)
	}
	if evs := w.Must(op, refuse); len(evs) != 1 {
		t.Fatalf("a new refusal recorded %d entries", len(evs))
	}
	s := w.Refold()
	if got := Refusals(s); len(got) != 2 || got[1].State != RefusalStateResolved || got[1].Resolution == "" || got[1].AcknowledgedBy != "sofia" {
		t.Fatalf("refolded refusals: %+v", got)
	}
	if len(OpenRefusals(s)) != 1 {
		t.Fatalf("open refusals: %+v", OpenRefusals(s))
	}
}

func TestRefusalResolvedWithoutAcknowledgment(t *testing.T) {
	w := withLadder(t)
	w.Must(op, RecordRefusal{Witness: "a.example", Size: 7, Status: 409, Reason: ""})
	if r := OpenRefusal(w.Prod, "a.example"); r.Reason != "no reason given" {
		t.Fatalf("reason = %q", r.Reason)
	}
	if _, err := w.Run(person("jack"), ResolveRefusal{Witness: "a.example", Note: "fine"}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("crew resolved: %v", err)
	}
	evs := w.Must(person("dana"), ResolveRefusal{Witness: "a.example", Note: "A restore from backup; the witness's checkpoint is ours, earlier."})
	if ups := setsafe.EscalationUpdates(w.Prod, evs[0]); len(ups) != 1 || ups[0].Waiting {
		t.Fatalf("a resolved refusal still climbs: %+v", ups)
	}
	if _, err := w.Run(op, RecordRefusal{Witness: "a.example", Size: 7, Status: 99}); setsafe.ErrorCode(err) != setsafe.EInvalid {
		t.Fatalf("a status that is not HTTP: %v", err)
	}
}

func TestFinal(t *testing.T) {
	wa := Witness{Name: "a", Key: "a+0000000a+x"}
	wb := Witness{Name: "b", Key: "b+0000000b+x"}
	wc := Witness{Name: "c", Key: "c+0000000c+x"}
	all := []Witness{wa, wb, wc}
	ca, cb, cc := Cosigner{"a", "0000000a"}, Cosigner{"b", "0000000B"}, Cosigner{"c", "0000000c"}
	tests := []struct {
		name       string
		configured []Witness
		quorum     int
		cosigners  []Cosigner
		want       bool
	}{
		{"no witnesses", nil, 1, []Cosigner{ca}, false},
		{"none cosigned", all, 1, nil, false},
		{"one of quorum one", all, 1, []Cosigner{cb}, true},
		{"one of quorum two", all, 2, []Cosigner{cb}, false},
		{"two of quorum two", all, 2, []Cosigner{cb, cc}, true},
		{"one counted once", all, 2, []Cosigner{ca, ca}, false},
		{"an old key does not count", all, 1, []Cosigner{{"a", "0000000f"}}, false},
		{"a removed witness does not count", []Witness{wb, wc}, 1, []Cosigner{ca}, false},
		{"a quorum of zero is one", all, 0, nil, false},
		{"all of three", all, 3, []Cosigner{cc, ca, cb}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Final(tt.configured, tt.quorum, tt.cosigners); got != tt.want {
				t.Fatalf("Final = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIsFinal(t *testing.T) {
	w := configured(t)
	w.Must(person("dana"), SetQuorum{Quorum: 2})
	ws := Configured(w.Prod)
	one := []Cosigner{{Witness: ws[0].Name, KeyHash: ws[0].KeyHash()}}
	two := append(one, Cosigner{Witness: ws[2].Name, KeyHash: ws[2].KeyHash()})
	if IsFinal(w.Prod, one) || !IsFinal(w.Prod, two) {
		t.Fatalf("IsFinal(one) = %v, IsFinal(two) = %v; want false, true", IsFinal(w.Prod, one), IsFinal(w.Prod, two))
	}
}

// twinKey returns a key of the witness named, from a seed whose last
// four bytes are n: twin-a.example's of 66615 and twin-b.example's of
// 46550 have the same ID.
func twinKey(name string, n uint32) string {
	s := make([]byte, ed25519.SeedSize)
	binary.BigEndian.PutUint32(s[28:], n)
	typed := append([]byte{cosignatureType}, ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)...)
	return fmt.Sprintf("%s+%x+%s", name, keyHash(name, typed), base64.StdEncoding.EncodeToString(typed))
}

func TestKeyIDsDiffer(t *testing.T) {
	w := newWorld(t)
	a, b := twinKey("twin-a.example", 66615), twinKey("twin-b.example", 46550)
	id := strings.Split(a, "+")[1]
	if id != strings.Split(b, "+")[1] {
		t.Fatalf("the twin keys do not share an ID: %s, %s", a, b)
	}
	w.Must(person("dana"), AddWitness{URL: "https://twin-a.example", Key: a})
	_, err := w.Run(person("sofia"), AddWitness{URL: "https://twin-b.example", Key: b})
	wantCode(t, err, setsafe.EConflict)
	if !strings.Contains(setsafe.ErrorMessage(err), "same ID") {
		t.Fatalf("the refusal does not say why: %v", err)
	}
	if got := Named(w.Prod, id); got == nil || got.Name != "twin-a.example" {
		t.Fatalf("Named by key ID = %+v", got)
	}
	if got := Named(w.Prod, "twin-a.example"); got == nil {
		t.Fatal("Named by name found nothing")
	}
	if Named(w.Prod, "0badc0de") != nil {
		t.Fatal("Named found a witness by an unknown ID")
	}
}

// TestRefusalOfARemovedWitness: removing a witness does not silence its
// alarm; the refusal is still resolved by the witness's name.
func TestRefusalOfARemovedWitness(t *testing.T) {
	w := withLadder(t)
	w.Must(op, RecordRefusal{Witness: "c.example", Size: 3, Status: 409, Reason: "does not extend"})
	w.Must(person("dana"), RemoveWitness{Name: "c.example"})
	if OpenRefusal(w.Prod, "c.example") == nil || len(OpenRefusals(w.Prod)) != 1 {
		t.Fatal("removing the witness silenced its alarm")
	}
	if _, err := w.Run(op, RecordRefusal{Witness: "c.example", Size: 4, Status: 409}); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("a refusal by a removed witness: %v", err)
	}
	w.Must(person("sofia"), ResolveRefusal{Witness: "c.example", Note: "Removed: the witness was retired."})
	if len(OpenRefusals(w.Refold())) != 0 {
		t.Fatal("the refusal is still open")
	}
}

// FuzzCleanURL holds that an address accepted for a witness is an http or
// https URL with a host, no user, query or fragment, and no trailing slash,
// so that URL + "/add-checkpoint" is where submissions go.
func FuzzCleanURL(f *testing.F) {
	for _, s := range []string{"https://witness.example.org/", "http://w.example:8080/a/b", "ftp://x", "https://u:p@x", "https://x/?q", "https://x/#f", " https://x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p := setsafe.Problems{}
		got := CleanURL(p, "url", text)
		if len(p) > 0 {
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
			strings.HasSuffix(got, "/") || strings.ContainsFunc(got, unicode.IsSpace) {
			t.Fatalf("CleanURL(%q) accepted %q", text, got)
		}
	})
}
