package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/setsafe/setsafe"
	"github.com/transparency-dev/merkle/rfc6962"
)

// EntryFormat is the version of the entry encoding, its first byte.
const EntryFormat = 1

// MaxBodySize is the largest event body the ledger accepts.
const MaxBodySize = 1 << 20

// Envelope is an entry with its body still encoded.
type Envelope struct {
	Ledger   string
	Seq      int64
	Time     time.Time
	Actor    string
	Type     string
	Version  int
	Corrects int64
	Body     []byte
}

// EncodeEntry returns the entry of an event: the bytes whose hash is the
// event's leaf in the Merkle tree. Format 1 is, in order:
//
//	u8   format (1)
//	u16  length, then the ledger ID (UTF-8)
//	u64  sequence number
//	i64  time, microseconds since 1970-01-01 UTC
//	u16  length, then the actor ("person:ID", "anonymous", ...)
//	u16  length, then the event type ("role.granted", ...)
//	u16  body version
//	u64  sequence number of the corrected event, or 0
//	u32  length, then the body: canonical JSON
//
// Integers are big-endian. docs/ledger.md describes it for investigators.
func EncodeEntry(e setsafe.Event) ([]byte, error) {
	body, err := setsafe.EncodeBody(e.Body)
	if err != nil {
		return nil, err
	}
	return EncodeEnvelope(Envelope{
		Ledger: e.Ledger, Seq: e.Seq, Time: e.Time, Actor: e.Actor.String(), Type: e.Type(),
		Version: setsafe.VersionOf(e.Body), Corrects: e.Corrects, Body: body,
	})
}

// EncodeEnvelope encodes an envelope as an entry; see [EncodeEntry].
func EncodeEnvelope(v Envelope) ([]byte, error) {
	for _, s := range []string{v.Ledger, v.Actor, v.Type} {
		if len(s) > 0xffff || !utf8.ValidString(s) {
			return nil, fmt.Errorf("encode entry: field %q too long or not UTF-8", s)
		}
	}
	if len(v.Body) > MaxBodySize || v.Version < 0 || v.Version > 0xffff || v.Seq < 1 || v.Corrects < 0 {
		return nil, errors.New("encode entry: body too large or number out of range")
	}
	b := make([]byte, 0, 1+2+len(v.Ledger)+8+8+2+len(v.Actor)+2+len(v.Type)+2+8+4+len(v.Body))
	b = append(b, EntryFormat)
	b = appendString(b, v.Ledger)
	b = binary.BigEndian.AppendUint64(b, uint64(v.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(v.Time.UnixMicro()))
	b = appendString(b, v.Actor)
	b = appendString(b, v.Type)
	b = binary.BigEndian.AppendUint16(b, uint16(v.Version))
	b = binary.BigEndian.AppendUint64(b, uint64(v.Corrects))
	b = binary.BigEndian.AppendUint32(b, uint32(len(v.Body)))
	return append(b, v.Body...), nil
}

func appendString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(s)))
	return append(b, s...)
}

// DecodeEnvelope decodes an entry without decoding its body. It rejects any
// input that [EncodeEnvelope] would not produce.
func DecodeEnvelope(b []byte) (Envelope, error) {
	d := decoder{b: b}
	var v Envelope
	if f := d.u8(); f != EntryFormat {
		if d.err != nil {
			return v, d.err
		}
		return v, fmt.Errorf("decode entry: unknown format %d", f)
	}
	v.Ledger = d.str()
	v.Seq = int64(d.u64())
	v.Time = time.UnixMicro(int64(d.u64())).UTC()
	v.Actor = d.str()
	v.Type = d.str()
	v.Version = int(d.u16())
	v.Corrects = int64(d.u64())
	n := int(d.u32())
	if d.err == nil && n > MaxBodySize {
		d.err = errors.New("decode entry: body too large")
	}
	v.Body = d.bytes(n)
	if d.err != nil {
		return Envelope{}, d.err
	}
	if len(d.b) != 0 {
		return Envelope{}, errors.New("decode entry: bytes after the body")
	}
	if v.Seq < 1 || v.Corrects < 0 || v.Corrects >= v.Seq {
		return Envelope{}, fmt.Errorf("decode entry: sequence number %d or corrected event %d out of range", v.Seq, v.Corrects)
	}
	return v, nil
}

// DecodeEntry decodes an entry into an event, strictly: the envelope, the
// actor and the body must all be exactly as setsafe encodes them.
func DecodeEntry(b []byte) (setsafe.Event, error) {
	v, err := DecodeEnvelope(b)
	if err != nil {
		return setsafe.Event{}, err
	}
	return v.Event()
}

// Event decodes the envelope's body and returns the event.
func (v Envelope) Event() (setsafe.Event, error) {
	actor, err := setsafe.ParseActor(v.Actor)
	if err != nil {
		return setsafe.Event{}, fmt.Errorf("decode entry: %w", err)
	}
	body, err := setsafe.DecodeBody(v.Type, v.Version, v.Body)
	if err != nil {
		return setsafe.Event{}, fmt.Errorf("decode entry: %w", err)
	}
	return setsafe.Event{Ledger: v.Ledger, Seq: v.Seq, Time: v.Time, Actor: actor, Corrects: v.Corrects, Body: body}, nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = errors.New("decode entry: too short")
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) u8() uint8 {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if b := d.bytes(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if b := d.bytes(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if b := d.bytes(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

func (d *decoder) str() string {
	s := d.bytes(int(d.u16()))
	if d.err == nil && !utf8.Valid(s) {
		d.err = errors.New("decode entry: text is not UTF-8")
	}
	return string(s)
}

// Entry is a stored entry with its decoded event.
type Entry struct {
	Seq      int64
	Event    setsafe.Event
	Bytes    []byte
	LeafHash []byte
}

// LeafHash returns the Merkle leaf hash of an entry: SHA-256(0x00 || entry).
func LeafHash(entry []byte) []byte { return rfc6962.DefaultHasher.HashLeaf(entry) }
