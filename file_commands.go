package setsafe

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// MaxFileSize is the largest file that can be attached.
const MaxFileSize = 5 << 20

// FileTypes are the media types of files that can be attached.
var FileTypes = []string{"image/jpeg", "image/png", "application/pdf"}

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

// AttachFile attaches a photo or document: a photo of a firearm (by the
// armory; a photo only), a training certificate or a permit (by those who
// record them), the document of a permission a hazard needs (by those who
// record permissions).
type AttachFile struct {
	Subject   string
	SubjectID string
	File      File
	Caption   string
}

// Authorize implements Command.
func (c AttachFile) Authorize(a Access, _ *State) error {
	switch c.Subject {
	case SubjectFirearm:
		return a.Require(PermArmory)
	case SubjectHazardPermission:
		return a.Require(PermRecordPermissions)
	}
	return a.Require(PermManageSafety)
}

// Decide implements Command.
func (c AttachFile) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	oneOf(p, "subject", c.Subject, []string{SubjectFirearm, SubjectTraining, SubjectPermit, SubjectHazardPermission})
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
