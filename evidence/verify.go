package evidence

import (
	"archive/zip"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

// Limits of the small members a verifier reads whole.
const (
	maxManifestSize    = 64 << 20
	maxAttestationSize = 16 << 20
)

var rangeFactory = &compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}

// verification is the state of one VerifyFile.
type verification struct {
	opt Options
	rep *Report
	m   *Manifest

	key       note.Verifier
	witnesses []note.Verifier
	verifiers note.Verifiers
	quorum    int
	attKey    note.Verifiers

	zr      *zip.Reader
	members map[string]*zip.File
	// readFailed marks the members whose reading failed, reported once.
	readFailed map[string]bool

	// attached lists, in entry order, the attachments each entry must
	// name; attachedNext is where the entries read so far end in it. A
	// list rather than a map from entries: the manifest may list
	// millions, and a map would take several times its size.
	attached     []attachedBy
	attachedNext int
	att          *attestationCheck
}

// VerifyFile verifies the bundle at path. Problems in the bundle are in
// the report; the error is for what stopped the check itself (the file
// cannot be read, a key cannot be parsed).
func VerifyFile(path string, opt Options) (*Report, error) {
	v := &verification{opt: opt, rep: &Report{Problems: []Problem{}, CosignedBy: []string{}}}
	if err := v.keys(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open bundle: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("open bundle: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("open bundle: %s is a directory, not a bundle file", path)
	}
	v.verify(f, info.Size())
	return v.rep, nil
}

// verifyBytes verifies a bundle held in memory, as VerifyFile does a file.
func verifyBytes(b []byte, opt Options) (*Report, error) {
	v := &verification{opt: opt, rep: &Report{Problems: []Problem{}, CosignedBy: []string{}}}
	if err := v.keys(); err != nil {
		return nil, err
	}
	v.verify(bytes.NewReader(b), int64(len(b)))
	return v.rep, nil
}

// bundleFile is what verifying reads: the file, at random for the
// archive's directory and its members, and from its start for the
// byte-for-byte comparison.
type bundleFile interface {
	io.ReaderAt
	io.ReadSeeker
}

// keys parses the keys the reader trusts.
func (v *verification) keys() error {
	var err error
	if strings.TrimSpace(v.opt.Key) == "" {
		return errors.New("the ledger's verifier key is needed (NAME+HASH+BASE64..., from the production or the studio)")
	}
	v.key, err = note.NewVerifier(strings.TrimSpace(v.opt.Key))
	if err != nil {
		return fmt.Errorf("the ledger's verifier key %q: %w (a verifier key looks like NAME+1234abcd+BASE64...)", v.opt.Key, err)
	}
	list := []note.Verifier{v.key}
	seen := map[string]bool{keyID(v.key): true}
	for _, w := range v.opt.Witnesses {
		wv, err := NewCosignatureVerifier(w)
		if err != nil {
			return err
		}
		if seen[keyID(wv)] {
			return fmt.Errorf("witness key %q is given twice, or is the ledger's key", w)
		}
		seen[keyID(wv)] = true
		v.witnesses = append(v.witnesses, wv)
		list = append(list, wv)
	}
	v.verifiers = note.VerifierList(list...)
	// A quorum counts witnesses, not keys: a witness that rotated its
	// key may be given under both, and counts once.
	names := map[string]bool{}
	for _, w := range v.witnesses {
		names[w.Name()] = true
	}
	v.quorum = v.opt.Quorum
	if v.quorum < 0 || v.quorum > len(names) {
		return fmt.Errorf("a quorum of %d of %d witnesses cannot be met: give a quorum from 1 to the number of witnesses whose keys are given (keys of the same name are one witness)", v.quorum, len(names))
	}
	if v.quorum == 0 {
		v.quorum = len(names)
	}
	attKey := v.key
	if k := strings.TrimSpace(v.opt.AttestationKey); k != "" {
		attKey, err = note.NewVerifier(k)
		if err != nil {
			return fmt.Errorf("the attestation key %q: %w", k, err)
		}
	}
	v.attKey = note.VerifierList(attKey)
	return nil
}

func keyID(k note.Verifier) string { return fmt.Sprintf("%s+%08x", k.Name(), k.KeyHash()) }

// problem records a problem, up to MaxProblems.
func (v *verification) problem(where, format string, args ...any) {
	if len(v.rep.Problems) >= MaxProblems {
		v.rep.MoreProblems++
		return
	}
	// A problem may quote the bundle (a member's name); a control
	// character in it must not rewrite what a terminal shows.
	v.rep.Problems = append(v.rep.Problems, Problem{Where: shown(where), What: shown(fmt.Sprintf(format, args...))})
}

func (v *verification) note(format string, args ...any) {
	v.rep.Notes = append(v.rep.Notes, shown(fmt.Sprintf(format, args...)))
}

// printable reports whether a text holds only printing characters and
// spaces: no line break, no control character, no terminal escape.
func printable(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) < 0
}

// shown returns a text with its non-printing characters written as Go
// escapes (\x1b, \n), to be shown safely.
func shown(s string) string {
	if printable(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPrint(r) || r == ' ' {
			b.WriteRune(r)
		} else {
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

// manifestTexts returns the manifest's stated texts, which a report
// shows, by what they are.
func manifestTexts(m *Manifest) [][2]string {
	t := [][2]string{{"ledger", m.Ledger}, {"production", m.Production}, {"verifier key", m.VerifierKey}, {"withholding", m.Withholding}}
	for _, w := range m.Witnesses {
		t = append(t, [2]string{"witness name", w.Name}, [2]string{"witness key", w.Key}, [2]string{"witness URL", w.URL})
	}
	return t
}

func (v *verification) verify(f bundleFile, size int64) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		v.problem("archive", "the file is not a zip archive as a bundle is: %v", err)
		return
	}
	v.zr = zr
	v.members = map[string]*zip.File{}
	v.readFailed = map[string]bool{}
	for _, zf := range zr.File {
		if v.members[zf.Name] != nil {
			v.problem("archive member "+zf.Name, "the archive holds two members of this name")
			continue
		}
		v.members[zf.Name] = zf
	}
	if !v.readManifest() {
		return
	}
	v.checkMembers()
	v.readAttestation()

	// One pass over the file: the archive rebuilt from its members is
	// compared with it byte for byte, and entries.bin is checked as it
	// goes by, with checkpoints.bin read beside it.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		v.problem("archive", "cannot read the file again: %v", err)
		return
	}
	v.rebuild(f)
}

// readSmall reads a member whole, up to limit bytes.
func (v *verification) readSmall(name string, limit int64) ([]byte, bool) {
	zf := v.members[name]
	if zf == nil {
		return nil, false
	}
	if zf.UncompressedSize64 > uint64(limit) {
		v.problem("archive member "+name, "it is %d bytes, more than it can be (%d)", zf.UncompressedSize64, limit)
		return nil, false
	}
	rc, err := zf.Open()
	if err != nil {
		v.problem("archive member "+name, "cannot be read: %v", err)
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		v.problem("archive member "+name, "%s", readProblem(err))
		return nil, false
	}
	return b, true
}

// readManifest reads and checks manifest.json; without it nothing else
// can be checked.
func (v *verification) readManifest() bool {
	if v.members[memberManifest] == nil {
		v.problem("archive member "+memberManifest, "missing: without the manifest nothing else can be checked")
		return false
	}
	b, ok := v.readSmall(memberManifest, maxManifestSize)
	if !ok {
		return false
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		v.problem("manifest", "not a bundle's manifest: %v", err)
		return false
	}
	if dec.More() {
		v.problem("manifest", "text follows the manifest's JSON object")
		return false
	}
	if m.Format != Format {
		v.problem("manifest", "its format is %q; this verifier reads %q", m.Format, Format)
		return false
	}
	v.m = &m
	v.rep.Manifest = m
	if again, err := marshalManifest(&m); err != nil || !bytes.Equal(again, b) {
		v.problem("manifest", "it is not written as a bundle's manifest is (indented JSON, fields in order, nothing else): it was edited")
	}
	ok = true
	bad := func(format string, args ...any) {
		v.problem("manifest", format, args...)
		ok = false
	}
	if m.From < 1 || m.To < m.From {
		bad("entries %d to %d are not a range of entries", m.From, m.To)
	}
	if len(m.LeftEdge) != bits.OnesCount64(m.From-1) {
		bad("the left edge of the %d entries before the bundle's holds %d hashes, not %d", m.From-1, len(m.LeftEdge), bits.OnesCount64(m.From-1))
	}
	for _, h := range m.LeftEdge {
		if len(h) != 32 {
			bad("a hash of the left edge is %d bytes, not 32", len(h))
			break
		}
	}
	for _, h := range m.Head.Consistency {
		if len(h) != 32 {
			bad("a hash of the head's consistency proof is %d bytes, not 32", len(h))
			break
		}
	}
	if want := v.key.Name() + "/" + m.Ledger; m.Origin != want {
		v.problem("manifest", "the origin %q is not the key's name and the ledger, %q", m.Origin, want)
	}
	// The manifest's texts are only stated, and shown to the reader:
	// one with a line break or a terminal escape could pass for a line
	// of the report.
	for _, t := range manifestTexts(&m) {
		if !printable(t[1]) {
			v.problem("manifest", "its %s %s holds a line break or another control character", t[0], strconv.Quote(t[1]))
		}
	}
	if m.CreatedAt.IsZero() || !m.CreatedAt.Equal(bundleTime(m.CreatedAt)) {
		v.problem("manifest", "its creation time %s is not a time to the second", m.CreatedAt)
	}
	if m.Period != nil && !m.Period.From.Before(m.Period.To) {
		v.problem("manifest", "the period ends before it starts")
	}
	if m.Entries < 0 || m.Withheld < 0 || m.Withheld > m.Entries || m.Checkpoints < 0 || m.AttachmentsWithheld < 0 {
		v.problem("manifest", "its counts are out of range")
	}
	seen := map[string]bool{}
	for _, a := range m.Attachments {
		where := "attachment " + a.SHA256
		if !isHexHash(a.SHA256) {
			v.problem("manifest", "attachment %q is not named by a lower-case hex SHA-256", a.SHA256)
			continue
		}
		if seen[a.SHA256] {
			v.problem(where, "listed twice in the manifest")
			continue
		}
		seen[a.SHA256] = true
		if len(a.Entries) == 0 {
			v.problem(where, "no entry attaches it")
		}
		for i, e := range a.Entries {
			if e < m.From || e > m.To {
				v.problem(where, "entry %d, which attaches it, is not in the bundle (entries %d to %d)", e, m.From, m.To)
				continue
			}
			if i > 0 && e <= a.Entries[i-1] {
				v.problem(where, "its entries are not listed in order, each once")
			}
			v.attached = append(v.attached, attachedBy{seq: e, sha: a.SHA256})
		}
	}
	slices.SortStableFunc(v.attached, func(a, b attachedBy) int { return cmp.Compare(a.seq, b.seq) })
	return ok
}

// attachedBy is an attachment an entry must name.
type attachedBy struct {
	seq uint64
	sha string
}

// attachmentsOf returns the attachments entry seq must name; entries are
// asked for in increasing order.
func (v *verification) attachmentsOf(seq uint64) []attachedBy {
	for v.attachedNext < len(v.attached) && v.attached[v.attachedNext].seq < seq {
		v.attachedNext++
	}
	start := v.attachedNext
	for v.attachedNext < len(v.attached) && v.attached[v.attachedNext].seq == seq {
		v.attachedNext++
	}
	return v.attached[start:v.attachedNext]
}

// FileAttachedType is the type of the entry that attaches a file (a
// photo, a certificate) by the SHA-256 in its body's "file".
const FileAttachedType = "file.attached"

// checkAttachedFile holds an entry that attaches a file to carrying it:
// a bundle that left the file out says so. The exporter may withhold a
// file it must not show (one a withheld entry attaches too), which is
// said, not hidden; a bundle that declares no withheld files must hold
// every file its entries attach.
func (v *verification) checkAttachedFile(where string, e Entry, attaches []attachedBy) {
	if e.Type != FileAttachedType {
		return
	}
	var body struct {
		File string `json:"file"`
	}
	if err := json.Unmarshal(e.Body, &body); err != nil || body.File == "" {
		v.problem(where, "it attaches a file but its body names none")
		return
	}
	for _, a := range attaches {
		if a.sha == body.File {
			return
		}
	}
	if v.m.AttachmentsWithheld > 0 {
		v.note("Entry %d attaches file %s, which the exporter left out as a file of withheld entries.", e.Seq, shown(body.File))
		return
	}
	v.problem(where, "it attaches file %s, which the bundle does not hold", shown(body.File))
}

// checkMembers compares the archive's members with those the manifest
// describes, in order.
func (v *verification) checkMembers() {
	want := expectedMembers(v.m)
	has := make([]string, len(v.zr.File))
	for i, zf := range v.zr.File {
		has[i] = zf.Name
	}
	wanted := map[string]bool{}
	for _, n := range want {
		wanted[n] = true
	}
	for _, n := range want {
		if v.members[n] == nil {
			switch {
			case strings.HasPrefix(n, memberAttachments):
				v.problem("attachment "+strings.TrimPrefix(n, memberAttachments), "listed in the manifest but missing from the archive")
			default:
				v.problem("archive member "+n, "missing")
			}
		}
	}
	for _, n := range has {
		if !wanted[n] {
			v.problem("archive member "+n, "not a member the manifest describes")
		}
	}
	// The order: the members both lists hold must come in the same order.
	var common []string
	for _, n := range has {
		if wanted[n] {
			common = append(common, n)
		}
	}
	var wantCommon []string
	for _, n := range want {
		if v.members[n] != nil {
			wantCommon = append(wantCommon, n)
		}
	}
	for i := range common {
		if i < len(wantCommon) && common[i] != wantCommon[i] {
			v.problem("archive member "+common[i], "out of place: %s comes here in a bundle", wantCommon[i])
			break
		}
	}
}

// readAttestation opens attestation.txt and parses its statement.
func (v *verification) readAttestation() {
	if !v.m.Attestation {
		return
	}
	b, ok := v.readSmall(memberAttestation, maxAttestationSize)
	if !ok {
		if v.members[memberAttestation] == nil {
			v.problem("attestation", "the manifest says the bundle holds one, but it does not")
		}
		return
	}
	n, err := note.Open(b, v.attKey)
	if err != nil {
		v.problem("attestation", "not validly signed by the attestation key: %v", err)
		return
	}
	s, err := ParseStatement(n.Text)
	if err != nil {
		v.problem("attestation", "its text is not a statement: %v", err)
		return
	}
	v.att = newAttestationCheck(v, s)
}

// rebuild writes the archive again from its members, as a Writer makes
// it, and compares it with the file; on the way it checks every member.
func (v *verification) rebuild(f io.Reader) {
	cmp := newComparer(f)
	zw := zip.NewWriter(cmp)
	type span struct {
		name                      string
		start, dataStart, dataEnd int64
	}
	var spans []span
	var ec *entriesCheck
	for _, zf := range v.zr.File {
		start := cmp.off
		w, err := zw.CreateHeader(memberHeader(zf.Name, v.m.CreatedAt))
		if err != nil {
			v.problem("archive member "+zf.Name, "cannot be written again: %v", err)
			return
		}
		zw.Flush()
		spans = append(spans, span{name: zf.Name, start: start, dataStart: cmp.off})
		var rc io.ReadCloser
		if zf.Method != zip.Store {
			v.problem("archive member "+zf.Name, "it is compressed (method %d); a bundle's members are stored", zf.Method)
			r, err := zf.OpenRaw()
			if err == nil {
				rc = io.NopCloser(r)
			}
		} else {
			rc, err = zf.Open()
			if err != nil {
				v.problem("archive member "+zf.Name, "cannot be read: %v", err)
			}
		}
		if rc != nil {
			content := io.TeeReader(rc, w)
			switch {
			case zf == v.members[memberEntries]:
				ec = v.checkEntries(content)
			case strings.HasPrefix(zf.Name, memberAttachments) && zf == v.members[zf.Name]:
				v.checkAttachment(zf.Name, content)
			case zf == v.members[memberKey]:
				v.checkText(zf.Name, content, v.m.VerifierKey+"\n")
			case zf == v.members[memberReadme]:
				v.checkText(zf.Name, content, readmeText(v.m))
			}
			if _, err := io.Copy(io.Discard, content); err != nil && !v.readFailed[zf.Name] {
				v.problem("archive member "+zf.Name, "%s", readProblem(err))
			}
			rc.Close()
		}
		zw.Flush()
		spans[len(spans)-1].dataEnd = cmp.off
	}
	if v.members[memberEntries] == nil {
		v.problem("archive member "+memberEntries, "missing: no entry can be checked")
	} else if ec == nil {
		v.problem("archive member "+memberEntries, "its entries could not be read")
	}
	if v.att != nil {
		if ec == nil {
			v.att.problem("the entries could not be read, so its claims cannot be checked")
		}
		v.att.done()
	}
	zw.Close()
	cmp.finish()
	if cmp.diff >= 0 {
		where, part := "archive", "in the central directory at the end of the archive"
		const descriptor = 16
		for i, s := range spans {
			if i > 0 && cmp.diff < s.start+descriptor {
				where, part = "archive member "+spans[i-1].name, "in its data descriptor"
				break
			}
			if cmp.diff < s.dataStart {
				where, part = "archive member "+s.name, "in its local header"
				break
			}
			if cmp.diff < s.dataEnd {
				where, part = "archive member "+s.name, "in its contents"
				break
			}
		}
		if n := len(spans); n > 0 && where == "archive" && cmp.diff < spans[n-1].dataEnd+descriptor {
			where, part = "archive member "+spans[n-1].name, "in its data descriptor"
		}
		what := fmt.Sprintf("the file differs at byte %d from the archive rebuilt from its members, %s: the archive was changed or not written by setsafe", cmp.diff, part)
		if cmp.fileEnded {
			what = fmt.Sprintf("the file ends at byte %d, before the archive rebuilt from its members does (%s): it was cut short", cmp.diff, part)
		} else if cmp.diff >= cmp.off {
			what = fmt.Sprintf("the file goes on after the archive ends, at byte %d: bytes were added", cmp.diff)
		}
		v.problem(where, "%s", what)
	}
}

// readProblem says why a member could not be read.
func readProblem(err error) string {
	if errors.Is(err, zip.ErrChecksum) {
		return "its contents do not match its checksum: a byte of it was changed"
	}
	return "cannot be read: " + err.Error()
}

// checkText checks a member that must say exactly what the manifest
// implies.
func (v *verification) checkText(name string, r io.Reader, want string) {
	b, err := io.ReadAll(io.LimitReader(r, int64(len(want))+1))
	if err != nil {
		v.problem("archive member "+name, "cannot be read: %v", err)
		return
	}
	if string(b) != want {
		v.problem("archive member "+name, "it is not what a bundle of this manifest holds: it was changed")
	}
}

// checkAttachment checks an attachment's content against its name and
// the manifest's size.
func (v *verification) checkAttachment(name string, r io.Reader) {
	sum := strings.TrimPrefix(name, memberAttachments)
	where := "attachment " + sum
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		v.problem(where, "cannot be read: %v", err)
		return
	}
	i := slices.IndexFunc(v.m.Attachments, func(a Attachment) bool { return a.SHA256 == sum })
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		v.problem(where, "its content hashes to %s, not to its name: the file was changed", got)
		return
	}
	if i < 0 {
		return // reported as a member the manifest does not describe
	}
	if v.m.Attachments[i].Size != n {
		v.problem(where, "it is %d bytes, but the manifest says %d", n, v.m.Attachments[i].Size)
		return
	}
	v.rep.Attachments++
}

// finalQuorum says whether a checkpoint cosigned by n trusted witnesses
// is final.
func (v *verification) finalQuorum(n int) bool {
	return len(v.witnesses) > 0 && n >= v.quorum
}

// openCheckpoint checks a checkpoint note's signatures and returns what
// it says and which trusted witnesses cosigned it. A trusted witness's
// cosignature that does not verify is a problem of its own: the
// checkpoint still stands on the ledger's signature.
func (v *verification) openCheckpoint(where string, signed []byte) (checkpointText, []string, error) {
	n, err := note.Open(signed, v.verifiers)
	if err != nil {
		n, err = note.Open(signed, note.VerifierList(v.key))
		if err != nil {
			return checkpointText{}, nil, fmt.Errorf("not validly signed by the ledger's key %s: %v", v.key.Name(), err)
		}
		for _, w := range v.witnesses {
			if _, err := note.Open(signed, note.VerifierList(w)); err != nil && !isUnverified(err) {
				v.problem(where, "the cosignature of witness %s does not verify: %v", w.Name(), err)
			} else if err == nil {
				n.Sigs = append(n.Sigs, note.Signature{Name: w.Name(), Hash: w.KeyHash()})
			}
		}
	}
	byKey := false
	var cosigners []string
	for _, s := range n.Sigs {
		if s.Name == v.key.Name() && s.Hash == v.key.KeyHash() {
			byKey = true
			continue
		}
		for _, w := range v.witnesses {
			// A witness cosigning under two of its keys is still one
			// witness toward the quorum.
			if s.Name == w.Name() && s.Hash == w.KeyHash() && !slices.Contains(cosigners, w.Name()) {
				cosigners = append(cosigners, w.Name())
			}
		}
	}
	if !byKey {
		return checkpointText{}, nil, fmt.Errorf("not signed by the ledger's key %s, only cosigned", v.key.Name())
	}
	cp, err := parseCheckpointText(n.Text)
	if err != nil {
		return cp, nil, err
	}
	if cp.origin != v.m.Origin {
		return cp, nil, fmt.Errorf("its origin %q is not the bundle's %q", cp.origin, v.m.Origin)
	}
	return cp, cosigners, nil
}

// isUnverified reports whether note.Open failed only because no signature
// was by the keys given.
func isUnverified(err error) bool {
	var u *note.UnverifiedNoteError
	return errors.As(err, &u)
}

// entriesCheck checks entries.bin, with checkpoints.bin beside it.
type entriesCheck struct {
	v        *verification
	tree     *compact.Range
	next     uint64
	lastTime time.Time
	// goodSize is the last size whose checkpoint matched the tree.
	goodSize uint64
	matched  bool

	cps      *checkpointReader
	cpsDone  bool
	pending  *checkpointRecord
	lastCp   *checkpointRecord
	cpCount  int
	rootAtTo []byte
}

type checkpointRecord struct {
	size      uint64
	where     string
	valid     bool
	cp        checkpointText
	cosigners []string
}

func (v *verification) checkEntries(r io.Reader) *entriesCheck {
	m := v.m
	ec := &entriesCheck{v: v, next: m.From, goodSize: m.From - 1}
	tree, err := rangeFactory.NewRange(0, m.From-1, m.LeftEdge)
	if err != nil {
		v.problem("manifest", "its left edge does not make a tree of %d entries: %v", m.From-1, err)
		return ec
	}
	ec.tree = tree
	if zf := v.members[memberCheckpoints]; zf != nil {
		// A compressed member is read as it is stored, not inflated
		// (it is reported as compressed): a few MiB could otherwise
		// inflate to GiB of records, each checked.
		var rc io.ReadCloser
		var err error
		if zf.Method == zip.Store {
			rc, err = zf.Open()
		} else if r, rerr := zf.OpenRaw(); rerr == nil {
			rc = io.NopCloser(r)
		} else {
			err = rerr
		}
		if err != nil {
			v.problem("archive member "+memberCheckpoints, "cannot be read: %v", err)
			ec.cpsDone = true
		} else {
			defer rc.Close()
			ec.cps = newCheckpointReader(rc)
		}
	} else {
		ec.cpsDone = true
	}
	ec.checkpointsUpTo(m.From - 1)

	rr := newRecordReader(r)
	broken := false
	for {
		rec, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if _, ok := err.(readError); ok {
				v.problem("archive member "+memberEntries, "%v", err)
				v.readFailed[memberEntries] = true
				broken = ec.next != m.To+1
			} else {
				v.problem("entry "+fmt.Sprint(ec.next), "%v", err)
				broken = true
			}
			break
		}
		if rec.Seq != ec.next {
			v.problem("entry "+fmt.Sprint(ec.next), "a record of entry %d is where entry %d comes: entries are missing, repeated or out of order", rec.Seq, ec.next)
			broken = true
			break
		}
		if rec.Seq > m.To {
			v.problem("entry "+fmt.Sprint(rec.Seq), "it is after the bundle's last entry, %d", m.To)
			broken = true
			break
		}
		ec.entry(rec)
		ec.next++
		ec.tree.Append(bytes.Clone(rec.Leaf), nil)
		ec.checkpointsUpTo(ec.tree.End())
	}
	if !broken && ec.next != m.To+1 {
		v.problem("entry "+fmt.Sprint(ec.next), "entries.bin ends before it, but the bundle's entries go to %d", m.To)
		broken = true
	}
	if v.att != nil {
		v.att.finish(broken, ec.next-1)
	}
	if broken {
		ec.drainCheckpoints()
		if ec.lastCp != nil {
			v.rep.HeadSize = ec.lastCp.size
		}
		v.note("The entries after entry %d could not be read, so later checkpoints were not compared with them.", ec.next-1)
	} else {
		ec.rootAtTo = ec.root()
		ec.finishCheckpoints()
	}
	v.rep.From, v.rep.To = m.From, ec.next-1
	if v.rep.Entries != m.Entries || v.rep.Withheld != m.Withheld {
		v.problem("manifest", "it counts %d entries (%d withheld), but entries.bin holds %d (%d withheld)", m.Entries, m.Withheld, v.rep.Entries, v.rep.Withheld)
	}
	if ec.cpCount != m.Checkpoints {
		v.problem("manifest", "it counts %d checkpoints, but checkpoints.bin holds %d", m.Checkpoints, ec.cpCount)
	}
	return ec
}

func (ec *entriesCheck) root() []byte {
	if ec.tree.End() == 0 {
		return rfc6962.DefaultHasher.EmptyRoot()
	}
	root, err := ec.tree.GetRootHash(nil)
	if err != nil {
		return nil
	}
	return root
}

// entry checks one record of entries.bin.
func (ec *entriesCheck) entry(rec record) {
	v := ec.v
	where := fmt.Sprintf("entry %d", rec.Seq)
	v.rep.Entries++
	if rec.Kind == KindWithheld {
		v.rep.Withheld++
		for _, a := range v.attachmentsOf(rec.Seq) {
			v.problem("attachment "+a.sha, "entry %d, which attaches it, is withheld: a file of a withheld entry is left out too", rec.Seq)
		}
		if v.att != nil {
			v.att.entry(rec.Seq, nil)
		}
		return
	}
	if leaf := leafHash(rec.Entry); !bytes.Equal(leaf[:], rec.Leaf) {
		v.problem(where, "its bytes do not match its leaf hash: the entry or its hash was changed")
	}
	e, err := DecodeEntry(rec.Entry)
	if err != nil {
		v.problem(where, "it cannot be decoded as an entry: %v", err)
		if v.att != nil {
			v.att.undecodable(rec.Seq)
		}
		return
	}
	if e.Seq != rec.Seq {
		v.problem(where, "the entry says it is entry %d", e.Seq)
	}
	if e.Ledger != v.m.Ledger {
		v.problem(where, "the entry is of ledger %q, not %q", e.Ledger, v.m.Ledger)
	}
	if e.Time.Before(ec.lastTime) {
		v.problem(where, "its time %s is before the previous entry's, %s", e.Time.Format(time.RFC3339Nano), ec.lastTime.Format(time.RFC3339Nano))
	}
	ec.lastTime = e.Time
	attaches := v.attachmentsOf(rec.Seq)
	for _, a := range attaches {
		if !bytes.Contains(e.Body, []byte(a.sha)) {
			v.problem("attachment "+a.sha, "entry %d, which the manifest says attaches it, does not name it", rec.Seq)
		}
	}
	v.checkAttachedFile(where, e, attaches)
	if v.att != nil {
		v.att.entry(rec.Seq, &e)
	}
}

// readCheckpoint reads the next checkpoint record into pending.
func (ec *entriesCheck) readCheckpoint() bool {
	if ec.pending != nil {
		return true
	}
	if ec.cpsDone {
		return false
	}
	signed, err := ec.cps.next()
	if err == io.EOF {
		ec.cpsDone = true
		return false
	}
	v := ec.v
	if err != nil {
		v.problem("archive member "+memberCheckpoints, "%v", err)
		ec.cpsDone = true
		return false
	}
	ec.cpCount++
	rec := &checkpointRecord{where: fmt.Sprintf("checkpoint %d of checkpoints.bin", ec.cpCount)}
	if cp, err := parseCheckpointNote(signed); err == nil {
		rec.size = cp.size
		rec.where = fmt.Sprintf("checkpoint at size %d", cp.size)
	}
	cp, cosigners, err := v.openCheckpoint(rec.where, signed)
	if err != nil {
		v.problem(rec.where, "%v", err)
	} else {
		rec.valid, rec.cp, rec.cosigners = true, cp, cosigners
		rec.size = cp.size
	}
	if ec.lastCp != nil && rec.size <= ec.lastCp.size {
		v.problem(rec.where, "it comes after the checkpoint at size %d: checkpoints are in size order, each size once", ec.lastCp.size)
		rec.valid = false
	}
	if rec.valid {
		if v.rep.WitnessCheckpoints == nil && len(v.witnesses) > 0 {
			v.rep.WitnessCheckpoints = map[string]int{}
		}
		for _, w := range cosigners {
			v.rep.WitnessCheckpoints[w]++
		}
	}
	ec.lastCp = rec
	ec.pending = rec
	return true
}

// checkpointsUpTo checks the checkpoints of sizes up to n, the tree's
// size now.
func (ec *entriesCheck) checkpointsUpTo(n uint64) {
	v := ec.v
	for ec.readCheckpoint() && ec.pending.size <= n {
		rec := ec.pending
		ec.pending = nil
		if !rec.valid {
			continue
		}
		if rec.size < n {
			v.problem(rec.where, "it is before the bundle's entries (from %d)", v.m.From)
			continue
		}
		ec.checkpointAt(rec)
	}
}

// checkpointAt checks a checkpoint of the tree's size.
func (ec *entriesCheck) checkpointAt(rec *checkpointRecord) {
	v := ec.v
	v.rep.Checkpoints++
	if !rec.cp.signed.IsZero() && rec.size >= v.m.From && rec.cp.signed.Before(ec.lastTime) {
		v.problem(rec.where, "it was signed at %s, before the time of an entry it covers (%s)", rec.cp.signed.Format(time.RFC3339Nano), ec.lastTime.Format(time.RFC3339Nano))
	}
	if !bytes.Equal(ec.root(), rec.cp.root) {
		switch {
		case rec.size < v.m.From:
			v.problem(rec.where, "the left edge in the manifest does not hash to its root: the left edge was changed")
		case !ec.matched && v.m.From > 1:
			v.problem(rec.where, "the entries do not hash to its root: an entry from %d to %d was changed, removed or reordered, or the left edge in the manifest was changed", ec.goodSize+1, rec.size)
		default:
			v.problem(rec.where, "the entries do not hash to its root: an entry from %d to %d was changed, removed or reordered", ec.goodSize+1, rec.size)
		}
		return
	}
	ec.goodSize, ec.matched = rec.size, true
	if v.att != nil {
		v.att.checkpoint(rec)
	}
}

// drainCheckpoints reads the checkpoints left once the entries cannot be
// read on, checking their signatures only.
func (ec *entriesCheck) drainCheckpoints() {
	for ec.readCheckpoint() {
		ec.pending = nil
	}
}

// finishCheckpoints reads the checkpoints beyond the last entry: the head
// only, whose consistency proof is in the manifest.
func (ec *entriesCheck) finishCheckpoints() {
	v := ec.v
	var beyond *checkpointRecord
	for ec.readCheckpoint() {
		rec := ec.pending
		ec.pending = nil
		if beyond != nil {
			v.problem(beyond.where, "it is beyond the last entry, %d, but is not the last checkpoint: only the head may be", v.m.To)
		}
		beyond = rec
	}
	head := ec.lastCp
	if head == nil {
		v.problem("archive member "+memberCheckpoints, "it holds no checkpoint: nothing proves the entries")
		return
	}
	v.rep.HeadSize = head.size
	if head.size != v.m.Head.Size {
		v.problem("manifest", "its head is at size %d, but the last checkpoint is at size %d", v.m.Head.Size, head.size)
	}
	if !head.valid {
		return
	}
	if beyond != nil {
		v.rep.Checkpoints++
		if err := proof.VerifyConsistency(rfc6962.DefaultHasher, v.m.To, head.size, v.m.Head.Consistency, ec.rootAtTo, head.cp.root); err != nil {
			v.problem("manifest", "the consistency proof from the tree of the bundle's %d entries to the head at size %d does not hold: %v", v.m.To, head.size, err)
			return
		}
		if v.att != nil {
			v.att.checkpoint(beyond)
		}
	} else if head.size < v.m.To {
		v.problem(head.where, "the head is before the last entry, %d", v.m.To)
		return
	} else if len(v.m.Head.Consistency) != 0 {
		v.problem("manifest", "the head is at the last entry, but a consistency proof is given")
	}
	if head.size == v.m.To && ec.goodSize != head.size {
		return // the root did not match: reported
	}
	v.rep.CosignedBy = append([]string{}, head.cosigners...)
	v.rep.Final = v.finalQuorum(len(head.cosigners))
	switch {
	case len(v.witnesses) == 0:
		v.note("No witness keys were given, so whether the head is final (cosigned by independent witnesses) was not checked.")
	case !v.rep.Final && v.opt.Quorum > 0:
		v.problem(head.where, "the head is cosigned by %d of the trusted witnesses, fewer than the quorum of %d", len(head.cosigners), v.quorum)
	case len(head.cosigners) == 0:
		// The reader trusts witnesses, and none vouches for this
		// history: it may be one the key's holder rewrote.
		v.problem(head.where, "no trusted witness cosigned the head: nothing but the ledger's own key vouches for these entries")
	case !v.rep.Final:
		v.note("The head is cosigned by %d of the %d trusted witnesses, not all of them: it is not final.", len(head.cosigners), len(v.witnesses))
	}
}
