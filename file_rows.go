package setsafe

import "time"

// The projection table of attached files.
const tableAttachments = "attachments"

func init() {
	rowTypes[tableAttachments] = func() Row { return new(Attachment) }
}

// Things files can be attached to.
const (
	SubjectFirearm  = "firearm"
	SubjectTraining = "training"
	SubjectPermit   = "permit"
	// SubjectConcern is a photo of a hazard, given with a concern when it
	// is raised.
	SubjectConcern = "concern"
	// SubjectHazardPermission is the document of a permission a hazard
	// needs: the permit, the railroad's letter, or a refusal.
	SubjectHazardPermission = "permission"
	// SubjectSetUp is a set-up's written preparation: a stunt's plan, a
	// dive plan, a smoke product's safety data sheet.
	SubjectSetUp = "setup"
)

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
	case SubjectHazardPermission:
		return s.HazardPermission(id) != nil
	case SubjectSetUp:
		return s.SetUp(id) != nil
	}
	if exists := subjects[subject]; exists != nil {
		return exists(s, id)
	}
	return false
}
