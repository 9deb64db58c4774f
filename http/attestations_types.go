package http

import "github.com/setsafe/setsafe/attestation"

// AttestationRequest names the period of a compliance attestation: plain
// dates on the set's clock, from the start of from until the start of to
// (the day after the last day), which must have ended.
type AttestationRequest struct {
	From string `json:"from"`
	To   string `json:"to"`
	// StatementSHA256, when given, is the hash of the statement the
	// signer previewed: signing is refused if the statement differs now.
	StatementSHA256 string `json:"statement_sha256,omitempty"`
}

// AttestationView is a signed attestation, with where its signed note is
// read and the command that puts it into an evidence bundle.
type AttestationView struct {
	*attestation.Attestation
	Download string `json:"download"`
	File     string `json:"file"`
	Bundle   string `json:"bundle_command"`
}

// AttestationsView lists a production's signed attestations, newest
// first.
type AttestationsView struct {
	Attestations []AttestationView `json:"attestations"`
}

// AttestationViews says a production's signed attestations for the wire.
func AttestationViews(production string, list []*attestation.Attestation) AttestationsView {
	out := AttestationsView{Attestations: []AttestationView{}}
	for _, a := range list {
		file := AttestationFile(production, a)
		out.Attestations = append(out.Attestations, AttestationView{Attestation: a, Download: AttestationPath(production, a.ID), File: file,
			Bundle: BundleCommand(production, file)})
	}
	return out
}
