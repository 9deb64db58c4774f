package evidence

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// Names of the bundle's members.
const (
	memberEntries     = "entries.bin"
	memberCheckpoints = "checkpoints.bin"
	memberAttachments = "attachments/"
	memberAttestation = "attestation.txt"
	memberManifest    = "manifest.json"
	memberKey         = "verifier-key.txt"
	memberReadme      = "README.txt"
)

// memberHeader is the zip header of every member: stored, and dated the
// bundle's creation, so that the same members make the same archive.
func memberHeader(name string, created time.Time) *zip.FileHeader {
	return &zip.FileHeader{Name: name, Method: zip.Store, Modified: created.UTC()}
}

// bundleTime is the time a bundle's headers carry: its stated creation,
// to the second, in UTC.
func bundleTime(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// expectedMembers returns the names of a bundle's members in order, as the
// manifest describes it.
func expectedMembers(m *Manifest) []string {
	names := []string{memberEntries, memberCheckpoints}
	for _, a := range m.Attachments {
		names = append(names, memberAttachments+a.SHA256)
	}
	if m.Attestation {
		names = append(names, memberAttestation)
	}
	return append(names, memberManifest, memberKey, memberReadme)
}

// comparer receives the bytes of the archive rebuilt from the members and
// compares them with the file's, in order, noting the first difference.
type comparer struct {
	file *bufio.Reader
	off  int64
	// diff is the offset of the first differing byte, or -1; fileEnded
	// says the file ended there.
	diff      int64
	fileEnded bool
	buf       []byte
}

func newComparer(r io.Reader) *comparer {
	return &comparer{file: bufio.NewReaderSize(r, 256<<10), diff: -1}
}

func (c *comparer) Write(p []byte) (int, error) {
	n := len(p)
	if c.diff >= 0 {
		c.off += int64(n)
		return n, nil
	}
	for len(p) > 0 {
		k := min(len(p), 64<<10)
		if cap(c.buf) < k {
			c.buf = make([]byte, 64<<10)
		}
		got, err := io.ReadFull(c.file, c.buf[:k])
		if i := firstDiff(c.buf[:got], p[:got]); i >= 0 {
			c.diff = c.off + int64(i)
			c.off += int64(len(p))
			return n, nil
		}
		if err != nil {
			c.diff = c.off + int64(got)
			c.fileEnded = true
			c.off += int64(len(p))
			return n, nil
		}
		c.off += int64(k)
		p = p[k:]
	}
	return n, nil
}

func firstDiff(a, b []byte) int {
	if bytes.Equal(a, b) {
		return -1
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return len(a)
}

// finish checks that the file ends where the rebuilt archive does.
func (c *comparer) finish() {
	if c.diff >= 0 {
		return
	}
	if _, err := c.file.ReadByte(); err == nil {
		c.diff = c.off
	}
}

// region is a part of the rebuilt archive, to say where a difference is.
type region struct {
	end   int64 // the offset just past it
	where string
	what  string
}

// readmeText is README.txt: how to verify the bundle, for whoever
// receives it. It says only what the manifest says, so that the verifier
// can write it again and compare.
func readmeText(m *Manifest) string {
	var b strings.Builder
	production := m.Production
	if production == "" {
		production = "ledger " + m.Ledger
	}
	fmt.Fprintf(&b, `EVIDENCE BUNDLE: %s

This file is an evidence bundle of setsafe, the safety system of a film or
TV production. It holds entries %d to %d of the production's ledger, the
tamper-evident record of what happened on set: who handed which firearm to
whom, what the safety gate decided, concerns, stop-work calls, incidents.
The ledger's origin is %s. The bundle was written at %s.

WHAT IS IN IT

  entries.bin       the ledger's entries, one record each, in order
  checkpoints.bin   the ledger's signed checkpoints: statements, signed by
                    the production's key, of how many entries the ledger
                    held and the hash of them all; and the cosignatures of
                    independent witnesses who saw the same checkpoints
  attachments/      the files (photos, documents) that entries attach,
                    each named by the SHA-256 hash of its content
  attestation.txt   if present, a signed compliance statement
  manifest.json     what the bundle holds, and the proof that ties the
                    entries to the latest checkpoint
  verifier-key.txt  the key the bundle says checks the checkpoints
  README.txt        this guide

HOW TO VERIFY IT

Get the production's verifier key from the production or the studio
through a channel you trust. Do not rely on verifier-key.txt alone: anyone
who can change the bundle can change that file too. Then run, offline:

  setsafe-verify --key KEY BUNDLE

or, where setsafe is installed, setsafe verify-bundle with the same
arguments. KEY is the key itself (NAME+HASH+BASE64...) or a file holding
it. Add --witness KEY for each witness whose key you trust, and --quorum N
for how many of them must have cosigned. The verifier checks every byte
of this file: each entry against its hash, the hashes against the signed
checkpoints, the witnesses' cosignatures, the attachments against their
hashes, and the attestation's counts against the entries. It prints what
holds, or each problem and where it is. setsafe-verify --list BUNDLE
prints the entries, one JSON line each.

WITHHELD ENTRIES

`, production, m.From, m.To, m.Origin, m.CreatedAt.UTC().Format(time.RFC3339))
	if m.Withheld > 0 {
		fmt.Fprintf(&b, "This bundle withholds %d of its entries", m.Withheld)
		if m.Withholding != "" {
			fmt.Fprintf(&b, ": %s", m.Withholding)
		}
		b.WriteString(".\n")
	} else {
		b.WriteString("This bundle withholds none of its entries.\n")
	}
	b.WriteString(`A withheld entry is one left out of a bundle made for a third party, for
example a confidential report. Of a withheld entry the bundle keeps its
place in the ledger and its hash. It remains provable that an entry was
at that place, that it was not changed after the checkpoint that covers
it was signed, and that the entries around it are complete: none was
removed or inserted. What is not provable from the bundle is anything
about its content: who recorded it, when, what it says, or even its type
(the type shown for it is only what the exporter states).
`)
	return b.String()
}
