package evidence

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// ListedEntry is how List writes an entry: one JSON object a line.
type ListedEntry struct {
	Seq        uint64          `json:"seq"`
	Time       *time.Time      `json:"time,omitempty"`
	Actor      string          `json:"actor,omitempty"`
	Type       string          `json:"type,omitempty"`
	Version    *int            `json:"version,omitempty"`
	Corrects   *uint64         `json:"corrects,omitempty"`
	Body       json.RawMessage `json:"body,omitempty"`
	Withheld   bool            `json:"withheld,omitempty"`
	StatedType string          `json:"stated_type,omitempty"`
}

// List writes the entries of the bundle at path to w, one JSON line each:
// seq, time, actor, type, version, corrects and body, or, for a withheld
// entry, seq, withheld and the type the exporter states. It checks
// nothing: VerifyFile does.
func List(path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open bundle: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open bundle: %w", err)
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		return fmt.Errorf("%s is not a bundle: %v", path, err)
	}
	var entries *zip.File
	for _, zf := range zr.File {
		if zf.Name == memberEntries {
			entries = zf
			break
		}
	}
	if entries == nil {
		return fmt.Errorf("%s is not a bundle: it has no %s", path, memberEntries)
	}
	rc, err := entries.Open()
	if err != nil {
		return fmt.Errorf("read %s: %v", memberEntries, err)
	}
	defer rc.Close()
	return listRecords(rc, w)
}

func listRecords(r io.Reader, w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	rr := newRecordReader(r)
	for {
		rec, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			bw.Flush()
			return err
		}
		out := ListedEntry{Seq: rec.Seq}
		if rec.Kind == KindWithheld {
			out.Withheld, out.StatedType = true, rec.StatedType
		} else {
			e, err := DecodeEntry(rec.Entry)
			if err != nil {
				bw.Flush()
				return fmt.Errorf("entry %d cannot be decoded: %v", rec.Seq, err)
			}
			out.Time, out.Actor, out.Type, out.Version, out.Corrects = &e.Time, e.Actor, e.Type, &e.Version, &e.Corrects
			if json.Valid(e.Body) {
				out.Body = e.Body
			} else {
				out.Body, _ = json.Marshal(string(e.Body))
			}
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return bw.Flush()
}
