package http

// OutOfServiceRequest takes a firearm out of service.
type OutOfServiceRequest struct {
	Reason string `json:"reason"`
}

// ReturnToOwnerRequest sends a firearm back to its owner.
type ReturnToOwnerRequest struct {
	Note string `json:"note,omitempty"`
}

// RoundsReturnRequest sends rounds of a lot back to their source.
type RoundsReturnRequest struct {
	Count int64  `json:"count"`
	Note  string `json:"note,omitempty"`
}

// DestroyRequest records rounds destroyed, witnessed by a second person
// who confirms with their PIN.
type DestroyRequest struct {
	Count   int64  `json:"count"`
	Method  string `json:"method"`
	Witness string `json:"witness"`
	PIN     string `json:"pin"`
}
