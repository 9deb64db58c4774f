package setsafe

import "fmt"

func init() {
	register[FileAttached](1, "Photo or file attached")
	// A photo sent with a concern is the concern's, and may show who took it.
	PrivateIf("file.attached", func(b Body) (string, bool) {
		f, ok := b.(*FileAttached)
		return "the photos sent with concerns", ok && f.Subject == SubjectConcern
	})
}

// FileAttached records a file attached to a firearm, training record,
// permit or a hazard's permission (which then shows it as its document); the file itself is stored beside the ledger under its SHA-256.
type FileAttached struct {
	Subject     string `json:"subject"`
	SubjectID   string `json:"subject_id"`
	File        string `json:"file"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Caption     string `json:"caption"`
}

// EventType implements Body.
func (*FileAttached) EventType() string { return "file.attached" }

func (b *FileAttached) apply(s *State, e Event) error {
	if !s.subjectExists(b.Subject, b.SubjectID) {
		return fmt.Errorf("%s %s does not exist", b.Subject, b.SubjectID)
	}
	s.put(&Attachment{Subject: b.Subject, SubjectID: b.SubjectID, File: b.File, ContentType: b.ContentType, Size: b.Size,
		Caption: b.Caption, AddedAt: e.Time, LastSeq: e.Seq})
	if pm := s.HazardPermission(b.SubjectID); b.Subject == SubjectHazardPermission && pm != nil && pm.File != b.File {
		next := *pm
		next.File, next.LastSeq = b.File, e.Seq
		s.put(&next)
	}
	return nil
}

func (b *FileAttached) refers() References {
	switch b.Subject {
	case SubjectFirearm:
		return References{Firearms: []string{b.SubjectID}}
	case SubjectSetUp:
		return References{SetUp: b.SubjectID}
	}
	return References{}
}
