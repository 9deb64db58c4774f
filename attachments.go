package setsafe

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The projection table of attached files.
const tableAttachments = "attachments"

func init() {
	rowTypes[tableAttachments] = func() Row { return new(Attachment) }
	register[FileAttached](1, "Photo or file attached")
}

// MaxFileSize is the largest file that can be attached.
const MaxFileSize = 5 << 20

// FileTypes are the media types of files that can be attached.
var FileTypes = []string{"image/jpeg", "image/png", "application/pdf"}

// Things files can be attached to.
const (
	SubjectFirearm  = "firearm"
	SubjectTraining = "training"
	SubjectPermit   = "permit"
	// SubjectConcern is a photo of a hazard, given with a concern when it
	// is raised.
	SubjectConcern = "concern"
)

// File is a photo or document. The ledger refers to it by its SHA-256, so
// that a changed file is as plain as a changed entry.
type File struct {
	SHA256      string
	ContentType string
	Data        []byte
}

// NewFile returns a file of the given type with its hash.
func NewFile(contentType string, data []byte) File {
	sum := sha256.Sum256(data)
	return File{SHA256: hex.EncodeToString(sum[:]), ContentType: contentType, Data: data}
}

// Attachment is a file attached to a firearm (a photo), a training record
// or a permit (the certificate).
type Attachment struct {
	Subject     string    `db:"subject,key" json:"subject"`
	SubjectID   string    `db:"subject_id,key" json:"subject_id"`
	File        string    `db:"file,key" json:"file"`
	ContentType string    `db:"content_type" json:"content_type"`
	Size        int64     `db:"size" json:"size"`
	Caption     string    `db:"caption" json:"caption"`
	AddedAt     time.Time `db:"added_us" json:"added_at"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Attachment) Table() string { return tableAttachments }

// Key implements Row.
func (a *Attachment) Key() string { return a.Subject + "/" + a.SubjectID + "/" + a.File }

// Attachments returns every attached file, ordered by subject.
func (s *State) Attachments() []*Attachment { return all[*Attachment](s, tableAttachments) }

// FileAttached records a file attached to a firearm, training record or
// permit; the file itself is stored beside the ledger under its SHA-256.
type FileAttached struct {
	Subject     string `json:"subject"`
	SubjectID   string `json:"subject_id"`
	File        string `json:"file"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Caption     string `json:"caption"`
}

func (b *FileAttached) apply(s *State, e Event) error {
	if !s.subjectExists(b.Subject, b.SubjectID) {
		return fmt.Errorf("%s %s does not exist", b.Subject, b.SubjectID)
	}
	s.put(&Attachment{Subject: b.Subject, SubjectID: b.SubjectID, File: b.File, ContentType: b.ContentType, Size: b.Size,
		Caption: b.Caption, AddedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *FileAttached) refers() References {
	if b.Subject != SubjectFirearm {
		return References{}
	}
	return References{Firearms: []string{b.SubjectID}}
}

// EventType implements Body.
func (*FileAttached) EventType() string { return "file.attached" }

func (s *State) subjectExists(subject, id string) bool {
	switch subject {
	case SubjectFirearm:
		return s.Firearm(id) != nil
	case SubjectTraining:
		return lookup[*Training](s, tableTrainings, id) != nil
	case SubjectPermit:
		return lookup[*Permit](s, tablePermits, id) != nil
	case SubjectConcern:
		return s.Concern(id) != nil
	}
	return false
}

// AttachFile attaches a photo or document: a photo of a firearm (by the
// armory; a photo only), a training certificate or a permit (by those who
// record them).
type AttachFile struct {
	Subject   string
	SubjectID string
	File      File
	Caption   string
}

// Authorize implements Command.
func (c AttachFile) Authorize(a Access, _ *State) error {
	if c.Subject == SubjectFirearm {
		return a.Require(PermArmory)
	}
	return a.Require(PermManageSafety)
}

// Decide implements Command.
func (c AttachFile) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	oneOf(p, "subject", c.Subject, []string{SubjectFirearm, SubjectTraining, SubjectPermit})
	if !slices.Contains(FileTypes, c.File.ContentType) {
		p.Add("content_type", "must be a JPEG or PNG photo or a PDF")
	}
	if c.Subject == SubjectFirearm && !strings.HasPrefix(c.File.ContentType, "image/") {
		p.Add("content_type", "must be a JPEG or PNG photo of the firearm")
	}
	if n := len(c.File.Data); n == 0 || n > MaxFileSize {
		p.Add("file", "must hold between 1 byte and %d MiB", MaxFileSize>>20)
	}
	caption := cleanText(p, "caption", c.Caption, MaxShortText, false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if NewFile(c.File.ContentType, c.File.Data).SHA256 != c.File.SHA256 {
		return Outcome{}, fmt.Errorf("attach file: the file's hash does not match its bytes")
	}
	if !s.subjectExists(c.Subject, c.SubjectID) {
		return Outcome{}, Errorf(ENotFound, "There is no %s %s in this production.", c.Subject, c.SubjectID)
	}
	if lookup[*Attachment](s, tableAttachments, c.Subject+"/"+c.SubjectID+"/"+c.File.SHA256) != nil {
		return Outcome{}, nil
	}
	b := &FileAttached{Subject: c.Subject, SubjectID: c.SubjectID, File: c.File.SHA256, ContentType: c.File.ContentType,
		Size: int64(len(c.File.Data)), Caption: caption}
	return Outcome{Events: []Draft{{Body: b}}, Files: []File{c.File}}, nil
}
