package evidence

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"time"
	"unicode/utf8"
)

// Phases of writing a bundle, in order.
const (
	phaseEntries = iota
	phaseCheckpoints
	phaseAttachments
	phaseAttestation
	phaseClosed
)

type writerState struct {
	zw    *zip.Writer
	m     Manifest
	phase int
	cur   io.Writer
	err   error
	next  uint64 // the next entry's sequence number
	buf   []byte
	// lastSize is the last checkpoint's size, and checkpoints how many
	// were written.
	lastSize    uint64
	checkpoints int
	seen        map[string]bool // attachments written
}

// NewWriter starts a bundle on w. The manifest carries what is known
// before the entries: Origin, Ledger, Production, VerifierKey, From, To,
// Period, LeftEdge, Withholding, Witnesses, Quorum, and CreatedAt (now
// when zero; the archive's headers carry it, to the second); the writer
// counts the records and Close completes it. A manifest that cannot make
// a bundle is refused by the first call that writes.
func NewWriter(w io.Writer, m Manifest) *Writer {
	m.Format = Format
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	m.CreatedAt = bundleTime(m.CreatedAt)
	m.Entries, m.Withheld, m.Checkpoints = 0, 0, 0
	m.Attachments, m.Attestation = []Attachment{}, false
	m.Head = Head{}
	if m.LeftEdge == nil {
		m.LeftEdge = [][]byte{}
	}
	bw := &Writer{w: writerState{zw: zip.NewWriter(w), m: m, next: m.From, seen: map[string]bool{}}}
	bw.w.err = checkManifestStart(&m)
	return bw
}

func checkManifestStart(m *Manifest) error {
	switch {
	case m.Origin == "" || m.Ledger == "":
		return errors.New("evidence: the manifest needs the origin and the ledger")
	case m.From < 1 || m.To < m.From:
		return fmt.Errorf("evidence: entries %d to %d are not a range of entries (From is 1 or more, To at least From)", m.From, m.To)
	case len(m.LeftEdge) != bits.OnesCount64(m.From-1):
		return fmt.Errorf("evidence: the left edge of %d entries needs %d hashes, not %d", m.From-1, bits.OnesCount64(m.From-1), len(m.LeftEdge))
	case m.Period != nil && !m.Period.From.Before(m.Period.To):
		return errors.New("evidence: the period ends before it starts")
	}
	for _, h := range m.LeftEdge {
		if len(h) != 32 {
			return errors.New("evidence: a left edge hash is not 32 bytes")
		}
	}
	// The verifier refuses these, as a report shows them.
	for _, t := range manifestTexts(m) {
		if !printable(t[1]) {
			return fmt.Errorf("evidence: the manifest's %s %q holds a line break or another control character", t[0], t[1])
		}
	}
	return nil
}

func (s *writerState) fail(err error) error {
	if s.err == nil {
		s.err = err
	}
	return err
}

// enter moves the writer to a phase, starting its member.
func (s *writerState) enter(phase int, name string) error {
	if s.err != nil {
		return s.err
	}
	if phase < s.phase || s.phase == phaseClosed {
		return s.fail(fmt.Errorf("evidence: %s written out of order: entries, then checkpoints, then attachments, then the attestation, then Close", name))
	}
	if phase == s.phase && s.cur != nil {
		return nil
	}
	if s.phase == phaseEntries && phase > phaseEntries && s.cur == nil {
		if _, err := s.create(memberEntries); err != nil {
			return err
		}
	}
	if s.phase <= phaseEntries && phase > phaseEntries && s.next != s.m.To+1 {
		return s.fail(fmt.Errorf("evidence: entries %d to %d are not written; every entry From..To comes before the checkpoints", s.next, s.m.To))
	}
	if s.phase <= phaseCheckpoints && phase > phaseCheckpoints {
		if s.phase < phaseCheckpoints || s.cur == nil {
			return s.fail(errors.New("evidence: no checkpoint was written; the last one is the head"))
		}
		if s.lastSize < s.m.To {
			return s.fail(fmt.Errorf("evidence: the last checkpoint, the head, is at size %d, before the last entry %d", s.lastSize, s.m.To))
		}
	}
	s.phase = phase
	if phase == phaseEntries || phase == phaseCheckpoints {
		_, err := s.create(name)
		return err
	}
	return nil
}

func (s *writerState) create(name string) (io.Writer, error) {
	w, err := s.zw.CreateHeader(memberHeader(name, s.m.CreatedAt))
	if err != nil {
		return nil, s.fail(fmt.Errorf("evidence: write %s: %w", name, err))
	}
	s.cur = w
	return w, nil
}

func (s *writerState) write(b []byte) error {
	if _, err := s.cur.Write(b); err != nil {
		return s.fail(fmt.Errorf("evidence: write: %w", err))
	}
	return nil
}

// Entry writes the next entry, whole.
func (w *Writer) Entry(seq uint64, entry []byte) error {
	s := &w.w
	if err := s.enter(phaseEntries, memberEntries); err != nil {
		return err
	}
	if err := s.checkSeq(seq); err != nil {
		return err
	}
	e, err := DecodeEntry(entry)
	if err != nil {
		return s.fail(fmt.Errorf("evidence: entry %d is not an entry of format 1: %v", seq, err))
	}
	if e.Seq != seq || e.Ledger != s.m.Ledger {
		return s.fail(fmt.Errorf("evidence: entry %d says it is entry %d of ledger %q, not of %q", seq, e.Seq, e.Ledger, s.m.Ledger))
	}
	leaf := leafHash(entry)
	s.buf = appendEntryRecord(s.buf[:0], seq, leaf[:], entry)
	if err := s.write(s.buf); err != nil {
		return err
	}
	s.m.Entries++
	s.next++
	return nil
}

func (s *writerState) checkSeq(seq uint64) error {
	if seq != s.next {
		return s.fail(fmt.Errorf("evidence: entry %d written where entry %d is next (entries %d to %d, in order, each once)", seq, s.next, s.m.From, s.m.To))
	}
	if seq > s.m.To {
		return s.fail(fmt.Errorf("evidence: entry %d is after the bundle's last entry %d", seq, s.m.To))
	}
	return nil
}

// Withheld writes the next entry as withheld: its leaf hash and the type
// the exporter states, and nothing else.
func (w *Writer) Withheld(seq uint64, leafHash []byte, statedType string) error {
	s := &w.w
	if err := s.enter(phaseEntries, memberEntries); err != nil {
		return err
	}
	if err := s.checkSeq(seq); err != nil {
		return err
	}
	if len(leafHash) != 32 {
		return s.fail(fmt.Errorf("evidence: withheld entry %d: its leaf hash has %d bytes, not 32", seq, len(leafHash)))
	}
	if len(statedType) > 0xffff || !utf8.ValidString(statedType) {
		return s.fail(fmt.Errorf("evidence: withheld entry %d: its stated type is too long or not UTF-8", seq))
	}
	s.buf = appendWithheldRecord(s.buf[:0], seq, leafHash, statedType)
	if err := s.write(s.buf); err != nil {
		return err
	}
	s.m.Entries++
	s.m.Withheld++
	s.next++
	return nil
}

// Checkpoint writes the next checkpoint: its signed note with any
// cosignature lines. The last one written is the head.
func (w *Writer) Checkpoint(note []byte) error {
	s := &w.w
	if err := s.enter(phaseCheckpoints, memberCheckpoints); err != nil {
		return err
	}
	cp, err := parseCheckpointNote(note)
	if err != nil {
		return s.fail(fmt.Errorf("evidence: checkpoint %d: %v", s.checkpoints+1, err))
	}
	switch {
	case cp.origin != s.m.Origin:
		return s.fail(fmt.Errorf("evidence: a checkpoint's origin is %q, not the bundle's %q", cp.origin, s.m.Origin))
	case cp.size < s.m.From-1:
		return s.fail(fmt.Errorf("evidence: the checkpoint at size %d is before the bundle's entries (from %d)", cp.size, s.m.From))
	case s.checkpoints > 0 && cp.size <= s.lastSize:
		return s.fail(fmt.Errorf("evidence: the checkpoint at size %d comes after the one at size %d: checkpoints go in size order, each size once", cp.size, s.lastSize))
	case s.checkpoints > 0 && s.lastSize > s.m.To:
		return s.fail(fmt.Errorf("evidence: a checkpoint comes after the one at size %d, beyond the last entry %d: only the head may be beyond it, and it is last", s.lastSize, s.m.To))
	case len(note) > maxCheckpointNote:
		return s.fail(fmt.Errorf("evidence: the checkpoint at size %d is larger than %d bytes", cp.size, maxCheckpointNote))
	}
	s.buf = binary.BigEndian.AppendUint32(s.buf[:0], uint32(len(note)))
	s.buf = append(s.buf, note...)
	if err := s.write(s.buf); err != nil {
		return err
	}
	s.lastSize = cp.size
	s.checkpoints++
	s.m.Checkpoints++
	return nil
}

// Attachment writes a file that entries attach. Its content must hash to
// a.SHA256 and be a.Size bytes long, and the entries it lists must be in
// the bundle.
func (w *Writer) Attachment(a Attachment, content io.Reader) error {
	s := &w.w
	if err := s.enter(phaseAttachments, "an attachment"); err != nil {
		return err
	}
	if !isHexHash(a.SHA256) {
		return s.fail(fmt.Errorf("evidence: attachment %q: its name is not a lower-case hex SHA-256", a.SHA256))
	}
	if s.seen[a.SHA256] {
		return s.fail(fmt.Errorf("evidence: attachment %s written twice", a.SHA256))
	}
	if len(a.Entries) == 0 {
		return s.fail(fmt.Errorf("evidence: attachment %s: no entry attaches it", a.SHA256))
	}
	for i, e := range a.Entries {
		if e < s.m.From || e > s.m.To || (i > 0 && e <= a.Entries[i-1]) {
			return s.fail(fmt.Errorf("evidence: attachment %s: its entries must be in %d..%d, in order, each once", a.SHA256, s.m.From, s.m.To))
		}
	}
	mw, err := s.create(memberAttachments + a.SHA256)
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(mw, h), content)
	if err != nil {
		return s.fail(fmt.Errorf("evidence: attachment %s: %w", a.SHA256, err))
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.SHA256 || n != a.Size {
		return s.fail(fmt.Errorf("evidence: attachment %s: its content (%d bytes) hashes to %s, or is not %d bytes", a.SHA256, n, got, a.Size))
	}
	s.seen[a.SHA256] = true
	a.Entries = append([]uint64(nil), a.Entries...)
	s.m.Attachments = append(s.m.Attachments, a)
	return nil
}

func isHexHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Attestation writes a signed compliance statement.
func (w *Writer) Attestation(signed []byte) error {
	s := &w.w
	if err := s.enter(phaseAttestation, memberAttestation); err != nil {
		return err
	}
	if s.m.Attestation {
		return s.fail(errors.New("evidence: a bundle holds one attestation"))
	}
	mw, err := s.create(memberAttestation)
	if err != nil {
		return err
	}
	if _, err := mw.Write(signed); err != nil {
		return s.fail(fmt.Errorf("evidence: write attestation: %w", err))
	}
	s.m.Attestation = true
	return nil
}

// Close writes the manifest with the head's consistency proof, the
// verifier key and the README, and ends the archive. It does not close
// the underlying writer.
func (w *Writer) Close(head Head) error {
	s := &w.w
	if err := s.enter(phaseClosed-1, "Close"); err != nil {
		return err
	}
	if head.Size != s.lastSize {
		return s.fail(fmt.Errorf("evidence: the head is at size %d but the last checkpoint written is at size %d", head.Size, s.lastSize))
	}
	for _, h := range head.Consistency {
		if len(h) != 32 {
			return s.fail(errors.New("evidence: a hash of the head's consistency proof is not 32 bytes"))
		}
	}
	if head.Consistency == nil {
		head.Consistency = [][]byte{}
	}
	s.m.Head = head
	manifest, err := marshalManifest(&s.m)
	if err != nil {
		return s.fail(fmt.Errorf("evidence: manifest: %w", err))
	}
	for _, m := range []struct {
		name string
		data []byte
	}{
		{memberManifest, manifest},
		{memberKey, []byte(s.m.VerifierKey + "\n")},
		{memberReadme, []byte(readmeText(&s.m))},
	} {
		mw, err := s.create(m.name)
		if err != nil {
			return err
		}
		if _, err := mw.Write(m.data); err != nil {
			return s.fail(fmt.Errorf("evidence: write %s: %w", m.name, err))
		}
	}
	if err := s.zw.Close(); err != nil {
		return s.fail(fmt.Errorf("evidence: end the archive: %w", err))
	}
	s.phase = phaseClosed
	s.err = errors.New("evidence: the bundle is closed")
	return nil
}

// marshalManifest writes the manifest as the bundle holds it: indented
// JSON and a line break.
func marshalManifest(m *Manifest) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
