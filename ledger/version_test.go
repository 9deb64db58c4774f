package ledger

import (
	"bytes"
	"testing"
	"time"
)

// An entry of an older body version is written and read with that version,
// so that its leaf hash stays what it was.
func TestOlderBodyVersionKeepsItsEntry(t *testing.T) {
	old := []byte(`{"id":"d1","label":"D-1","kind":"dummy","load_strength":"","calibre":".45 Colt","source":"PDQ","headstamp":"PDQ 45","count":50}`)
	entry, err := EncodeEnvelope(Envelope{Ledger: "red-mesa", Seq: 9, Time: time.UnixMicro(1_634_000_000_000_000).UTC(), Actor: "system:test",
		Type: "ammo_lot.received", Version: 1, Body: old})
	if err != nil {
		t.Fatal(err)
	}
	e, err := DecodeEntry(entry)
	if err != nil {
		t.Fatal(err)
	}
	again, err := EncodeEntry(e)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, entry) {
		t.Fatal("the entry of a version 1 body was written again differently")
	}
}
