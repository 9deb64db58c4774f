package evidence

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// Limits of what a record may hold. An entry is at most its fixed fields,
// three texts of up to 64 KiB and a body of up to 1 MiB, as setsafe
// writes them; a checkpoint note is small.
const (
	maxBodySize       = 1 << 20
	maxEntrySize      = 1 + 3*(2+0xffff) + 8 + 8 + 2 + 8 + 4 + maxBodySize
	maxCheckpointNote = 1 << 16
)

// record is one record of entries.bin.
type record struct {
	Seq  uint64
	Kind byte
	Leaf []byte
	// Entry is the entry's bytes (KindEntry), StatedType the type the
	// exporter states (KindWithheld).
	Entry      []byte
	StatedType string
}

// recordReader reads the records of entries.bin one at a time, reusing
// its buffers: a record is valid until the next call.
type recordReader struct {
	r    *bufio.Reader
	head [8 + 1 + 32]byte
	buf  []byte
	// n counts the records read, off the bytes.
	n   int
	off int64
}

func newRecordReader(r io.Reader) *recordReader {
	return &recordReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next record, io.EOF after the last, or an error saying
// what is wrong with the record at the reader's place.
func (rr *recordReader) next() (record, error) {
	var rec record
	if _, err := io.ReadFull(rr.r, rr.head[:]); err != nil {
		if err == io.EOF {
			return rec, io.EOF
		}
		return rec, rr.cut(err, fmt.Sprintf("record %d (byte %d of entries.bin) is cut short", rr.n+1, rr.off))
	}
	rec.Seq = binary.BigEndian.Uint64(rr.head[:8])
	rec.Kind = rr.head[8]
	rec.Leaf = rr.head[9:]
	var n int
	switch rec.Kind {
	case KindEntry:
		var l [4]byte
		if _, err := io.ReadFull(rr.r, l[:]); err != nil {
			return rec, rr.cut(err, fmt.Sprintf("record %d (entry %d) is cut short in its length", rr.n+1, rec.Seq))
		}
		n = int(binary.BigEndian.Uint32(l[:]))
		if n > maxEntrySize {
			return rec, fmt.Errorf("record %d (entry %d) says it is %d bytes long, more than an entry can be", rr.n+1, rec.Seq, n)
		}
		rr.off += 4
	case KindWithheld:
		var l [2]byte
		if _, err := io.ReadFull(rr.r, l[:]); err != nil {
			return rec, rr.cut(err, fmt.Sprintf("record %d (entry %d) is cut short in its length", rr.n+1, rec.Seq))
		}
		n = int(binary.BigEndian.Uint16(l[:]))
		rr.off += 2
	default:
		return rec, fmt.Errorf("record %d (entry %d) is of unknown kind %d", rr.n+1, rec.Seq, rec.Kind)
	}
	if cap(rr.buf) < n {
		rr.buf = make([]byte, n)
	}
	b := rr.buf[:n]
	if _, err := io.ReadFull(rr.r, b); err != nil {
		return rec, rr.cut(err, fmt.Sprintf("record %d (entry %d) is cut short: %d bytes announced", rr.n+1, rec.Seq, n))
	}
	if rec.Kind == KindEntry {
		rec.Entry = b
	} else {
		if !utf8.Valid(b) {
			return rec, fmt.Errorf("record %d (entry %d): the stated type is not UTF-8", rr.n+1, rec.Seq)
		}
		rec.StatedType = string(b)
	}
	rr.n++
	rr.off += int64(len(rr.head) + n)
	return rec, nil
}

// cut says why a record ends early: the member could not be read, or it
// ends.
func (rr *recordReader) cut(err error, short string) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New(short)
	}
	if errors.Is(err, zip.ErrChecksum) {
		return readError{errors.New("its contents do not match its checksum: a byte of it was changed")}
	}
	return readError{fmt.Errorf("it cannot be read after record %d: %v", rr.n, err)}
}

// readError is an error of the member's reading, such as a checksum that
// does not match, rather than of a record's content.
type readError struct{ error }

// appendEntryRecord appends a record of entries.bin to b.
func appendEntryRecord(b []byte, seq uint64, leaf, entry []byte) []byte {
	b = binary.BigEndian.AppendUint64(b, seq)
	b = append(b, KindEntry)
	b = append(b, leaf...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(entry)))
	return append(b, entry...)
}

func appendWithheldRecord(b []byte, seq uint64, leaf []byte, statedType string) []byte {
	b = binary.BigEndian.AppendUint64(b, seq)
	b = append(b, KindWithheld)
	b = append(b, leaf...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(statedType)))
	return append(b, statedType...)
}

// leafHash returns an entry's Merkle leaf hash, SHA-256(0x00 || entry).
func leafHash(entry []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte{0})
	h.Write(entry)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Entry is an entry of setsafe's ledger, decoded from entry format 1
// (docs/ledger.md): what an investigator reads of it.
type Entry struct {
	Ledger   string
	Seq      uint64
	Time     time.Time
	Actor    string
	Type     string
	Version  int
	Corrects uint64
	// Body is the event as canonical JSON.
	Body []byte
}

// DecodeEntry decodes an entry in setsafe's entry format 1, strictly:
//
//	u8   format (1)
//	u16  length, then the ledger ID (UTF-8)
//	u64  sequence number
//	i64  time, microseconds since 1970-01-01 UTC
//	u16  length, then the actor
//	u16  length, then the event type
//	u16  body version
//	u64  sequence number of the corrected event, or 0
//	u32  length, then the body: canonical JSON
//
// The entry's Body shares b's memory.
func DecodeEntry(b []byte) (Entry, error) {
	d := entryDecoder{b: b}
	var e Entry
	if f := d.u8(); d.err == nil && f != 1 {
		return e, fmt.Errorf("unknown entry format %d", f)
	}
	e.Ledger = d.str()
	e.Seq = d.u64()
	e.Time = time.UnixMicro(int64(d.u64())).UTC()
	e.Actor = d.str()
	e.Type = d.str()
	e.Version = int(d.u16())
	e.Corrects = d.u64()
	n := int(d.u32())
	if d.err == nil && n > maxBodySize {
		return Entry{}, errors.New("the body is larger than 1 MiB")
	}
	e.Body = d.bytes(n)
	if d.err != nil {
		return Entry{}, d.err
	}
	if len(d.b) != 0 {
		return Entry{}, errors.New("bytes follow the body")
	}
	if e.Seq < 1 || e.Corrects >= e.Seq {
		return Entry{}, fmt.Errorf("sequence number %d or corrected entry %d out of range", e.Seq, e.Corrects)
	}
	return e, nil
}

type entryDecoder struct {
	b   []byte
	err error
}

func (d *entryDecoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = errors.New("the entry is cut short")
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func (d *entryDecoder) u8() uint8 {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *entryDecoder) u16() uint16 {
	if b := d.bytes(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (d *entryDecoder) u32() uint32 {
	if b := d.bytes(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (d *entryDecoder) u64() uint64 {
	if b := d.bytes(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

func (d *entryDecoder) str() string {
	s := d.bytes(int(d.u16()))
	if d.err == nil && !utf8.Valid(s) {
		d.err = errors.New("a text field is not UTF-8")
	}
	return string(s)
}
