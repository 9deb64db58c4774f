package setsafe

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
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
// record permissions), a set-up's written preparation (see
// RecordPreparation).
type AttachFile struct {
	Subject   string
	SubjectID string
	File      File
	Caption   string
}

// Authorize implements Command. A set-up's document (a stunt's plan, a
// dive plan) is attached by those who record a preparation with one, or
// by those who manage safety.
func (c AttachFile) Authorize(a Access, _ *State) error {
	switch c.Subject {
	case SubjectFirearm:
		return a.Require(PermArmory)
	case SubjectHazardPermission:
		return a.Require(PermRecordPermissions)
	case SubjectSetUp:
		if a.Can(PermManageSafety) || slices.ContainsFunc(gate.PreparationKinds, func(k gate.PreparationKind) bool {
			return k.Document && CanRecordPreparation(a, k.ID)
		}) {
			return nil
		}
		if err := a.Require(PermTakePart); err != nil {
			return err
		}
		return Errorf(EForbidden, "Only those who record a set-up's written preparations (a stunt's plan, a dive plan, a smoke product's safety data sheet) or manage safety attach its documents.")
	}
	return a.Require(PermManageSafety)
}

// CheckFile checks a file to attach: its type (a photo only when
// photoOnly), its size, and that its hash is that of its bytes, which
// only a fault of the server could break (it reports no problem then, and
// returns false).
func CheckFile(p Problems, f File, photoOnly bool) bool {
	ok := true
	if !slices.Contains(FileTypes, f.ContentType) {
		p.Add("content_type", "must be a JPEG or PNG photo or a PDF")
		ok = false
	}
	if photoOnly && !strings.HasPrefix(f.ContentType, "image/") {
		p.Add("content_type", "must be a JPEG or PNG photo of the firearm")
		ok = false
	}
	if n := len(f.Data); n == 0 || n > MaxFileSize {
		p.Add("file", "must hold between 1 byte and %d MiB", MaxFileSize>>20)
		ok = false
	}
	return ok && NewFile(f.ContentType, f.Data).SHA256 == f.SHA256
}

// Decide implements Command.
func (c AttachFile) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	OneOf(p, "subject", c.Subject, []string{SubjectFirearm, SubjectTraining, SubjectPermit, SubjectHazardPermission, SubjectSetUp})
	fileOK := CheckFile(p, c.File, c.Subject == SubjectFirearm)
	caption := CleanText(p, "caption", c.Caption, MaxShortText, false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if !fileOK {
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
