package http

import "github.com/setsafe/setsafe"

// FirearmView is one firearm with its photos.
type FirearmView struct {
	Firearm *setsafe.Firearm      `json:"firearm"`
	Photos  []*setsafe.Attachment `json:"photos"`
}
