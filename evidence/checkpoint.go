package evidence

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// checkpointText is what a checkpoint note's text says.
type checkpointText struct {
	origin string
	size   uint64
	root   []byte
	// signed is when the ledger's server signed it, from its extension
	// line, or zero.
	signed time.Time
}

// signedLayout is how a checkpoint's "signed" extension line writes the
// time, as setsafe signs it.
const signedLayout = "2006-01-02T15:04:05.000000Z"

// parseCheckpointNote reads the text of a signed checkpoint note without
// checking its signatures.
func parseCheckpointNote(signed []byte) (checkpointText, error) {
	i := bytes.Index(signed, []byte("\n\n"))
	if i < 0 {
		return checkpointText{}, errors.New("it is not a signed note: no blank line before its signatures")
	}
	return parseCheckpointText(string(signed[:i+1]))
}

// parseCheckpointText reads a checkpoint's text (C2SP tlog-checkpoint):
// origin, size and base64 root lines, then extension lines, of which
// setsafe writes one, "signed TIME".
func parseCheckpointText(text string) (checkpointText, error) {
	var cp checkpointText
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 || !strings.HasSuffix(text, "\n") {
		return cp, errors.New("its text is not origin, size and root lines")
	}
	cp.origin = lines[0]
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil || strconv.FormatUint(size, 10) != lines[1] {
		return cp, fmt.Errorf("its size line %q is not a number", lines[1])
	}
	cp.size = size
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != 32 {
		return cp, fmt.Errorf("its root line %q is not a base64 SHA-256 hash", lines[2])
	}
	cp.root = root
	for _, l := range lines[3:] {
		if l == "" {
			return cp, errors.New("it has an empty extension line")
		}
		at, ok := strings.CutPrefix(l, "signed ")
		if !ok {
			continue
		}
		t, err := time.Parse(signedLayout, at)
		if err != nil || t.Format(signedLayout) != at || !cp.signed.IsZero() {
			return cp, fmt.Errorf("its signed-time line %q is not one time in the form %s", l, signedLayout)
		}
		cp.signed = t.UTC()
	}
	return cp, nil
}

// checkpointReader reads the records of checkpoints.bin.
type checkpointReader struct {
	r *bufio.Reader
	n int
}

func newCheckpointReader(r io.Reader) *checkpointReader {
	return &checkpointReader{r: bufio.NewReader(r)}
}

// next returns the next checkpoint note, io.EOF after the last.
func (cr *checkpointReader) next() ([]byte, error) {
	var l [4]byte
	if _, err := io.ReadFull(cr.r, l[:]); err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != io.ErrUnexpectedEOF {
			return nil, fmt.Errorf("checkpoints.bin cannot be read after record %d: %v", cr.n, err)
		}
		return nil, fmt.Errorf("record %d of checkpoints.bin is cut short in its length", cr.n+1)
	}
	n := binary.BigEndian.Uint32(l[:])
	if n > maxCheckpointNote {
		return nil, fmt.Errorf("record %d of checkpoints.bin says it is %d bytes long, more than a checkpoint can be", cr.n+1, n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(cr.r, b); err != nil {
		if err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, fmt.Errorf("checkpoints.bin cannot be read in record %d: %v", cr.n+1, err)
		}
		return nil, fmt.Errorf("record %d of checkpoints.bin is cut short", cr.n+1)
	}
	cr.n++
	return b, nil
}
