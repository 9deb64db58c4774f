package pages

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/witness"
)

// The production's Evidence page: the witnesses that cosign its
// checkpoints, the quorum that makes one final, the rungs that receive a
// copy of final checkpoints, the witnesses' refusals, and its checkpoints
// with who cosigned each; how to take the evidence away and check it. It
// reads and sends what the API does.

func (s *handlers) registerEvidencePages() {
	const ev = "/productions/{production}/evidence"
	s.Handle("GET "+ev, s.page(s.evidencePage))
	s.Handle("POST "+ev+"/witnesses", s.page(s.addWitnessSubmit()))
	s.Handle("POST "+ev+"/witnesses/{witness}/remove", s.page(s.witnessSubmit("remove", func(name string, _ url.Values) setsafe.Command {
		return witness.RemoveWitness{Name: name}
	})))
	s.Handle("POST "+ev+"/refusals/{refusal}/acknowledge", s.page(s.refusalSubmit("acknowledged", func(req sshttp.RefusalNoteRequest, name string) setsafe.Command { return req.Acknowledge(name) })))
	s.Handle("POST "+ev+"/refusals/{refusal}/resolve", s.page(s.refusalSubmit("resolved", func(req sshttp.RefusalNoteRequest, name string) setsafe.Command { return req.Resolve(name) })))
	s.Handle("POST "+ev+"/quorum", s.page(s.evidenceSubmit("quorum", func(f url.Values) (setsafe.Command, error) {
		var req sshttp.QuorumRequest
		if err := decodeForm(f, &req); err != nil {
			return nil, err
		}
		return req.Command(), nil
	})))
	s.Handle("POST "+ev+"/copies", s.page(s.evidenceSubmit("copies", func(f url.Values) (setsafe.Command, error) {
		var req sshttp.CopyRungsRequest
		if err := decodeForm(f, &req); err != nil {
			return nil, err
		}
		return req.Command(), nil
	})))
}

// checkpointsShown is how many checkpoints the page lists at a time.
const checkpointsShown = 20

// rungChoice is a rung of the ladder to tick for copies of final
// checkpoints.
type rungChoice struct {
	Rung, Title string
	Checked     bool
}

// evidenceScreen is what the Evidence page shows.
type evidenceScreen struct {
	Production  string
	Witnesses   sshttp.WitnessesView
	Checkpoints sshttp.CheckpointsView
	// Cursor is where the list of checkpoints starts, "" at the latest.
	Cursor string
	// CanConfigure may add and remove witnesses, and set the quorum and
	// copies; CanHandle may acknowledge and resolve refusals.
	CanConfigure, CanHandle bool
	Rungs                   []rungChoice
	VerifierKey             string
	// Done is what a form just did, and Recorded the entries it recorded.
	Done     string
	Recorded []sshttp.RecordedView
	// After a form came back: which one, why, its fields' problems and
	// what was typed.
	Failed string
	Error  string
	Fields map[string]string
	Typed  url.Values
}

func (s *handlers) evidencePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderEvidence(w, r, http.StatusOK, func(*evidenceScreen) {})
}

// renderEvidence draws the Evidence page, then fills in what a form left
// to show.
func (s *handlers) renderEvidence(w http.ResponseWriter, r *http.Request, status int, then func(*evidenceScreen)) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Readable(r, setsafe.PermViewLedger)
	if err != nil {
		return err
	}
	cursor := r.URL.Query().Get("cursor")
	_, cps, err := s.Checkpoints(r, sshttp.ListPart{Cursor: cursor, Limit: checkpointsShown})
	if err != nil {
		return err
	}
	data := evidenceScreen{Production: st.Ledger, Witnesses: sshttp.NewWitnessesView(st), Checkpoints: cps, Cursor: cursor,
		CanConfigure: a.Can(witness.PermConfigure), CanHandle: a.Can(witness.PermHandleRefusals), VerifierKey: s.Config.VerifierKey,
		Done: r.URL.Query().Get("done"), Typed: url.Values{}}
	if seq, err := strconv.ParseInt(r.URL.Query().Get("entry"), 10, 64); err == nil && data.Done != "" {
		data.Recorded = []sshttp.RecordedView{{Ledger: st.Ledger, Seq: seq}}
	}
	for _, rung := range setsafe.Rungs {
		data.Rungs = append(data.Rungs, rungChoice{Rung: rung, Title: rungTitles[rung], Checked: slices.Contains(data.Witnesses.CopyRungs, rung)})
	}
	then(&data)
	s.pages.render(w, r, status, "evidence", page{Title: "Evidence", Account: acc, Data: &data})
	return nil
}

// evidenceDone is where a form of the Evidence page leads once recorded.
func evidenceDone(r *http.Request, done string, recorded []setsafe.Event, anchor string) string {
	return "/productions/" + r.PathValue("production") + "/evidence?done=" + done + entryQuery(recorded) + "#" + anchor
}

// evidenceAgain draws the page again after a form named failed came back.
func (s *handlers) evidenceAgain(failed string) func(http.ResponseWriter, *http.Request, error, url.Values) error {
	return func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
		return s.renderEvidence(w, r, formStatus(problem), func(d *evidenceScreen) {
			d.Failed, d.Error, d.Fields, d.Typed = failed, problemText(problem), formFields(problem), typed
			if failed == "copies" {
				for i := range d.Rungs {
					d.Rungs[i].Checked = slices.Contains(typed["rungs"], d.Rungs[i].Rung)
				}
			}
		})
	}
}

// addWitnessSubmit adds a witness from the form, as the API does.
func (s *handlers) addWitnessSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, f url.Values) (setsafe.Command, error) {
			var req sshttp.WitnessRequest
			if err := decodeForm(f, &req); err != nil {
				return nil, err
			}
			return req.Command(), nil
		},
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			return evidenceDone(r, "added", recorded, "witnesses")
		},
		again: s.evidenceAgain("add"),
	})
}

// evidenceSubmit sends a setting of the page's form named form.
func (s *handlers) evidenceSubmit(form string, command func(url.Values) (setsafe.Command, error)) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(_ *http.Request, f url.Values) (setsafe.Command, error) { return command(f) },
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			return evidenceDone(r, form, recorded, form)
		},
		again: s.evidenceAgain(form),
	})
}

// witnessSubmit sends a command about the witness the address names, by
// its key's ID or its name.
func (s *handlers) witnessSubmit(done string, command func(name string, f url.Values) setsafe.Command) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, f url.Values) (setsafe.Command, error) {
			_, st, err := s.Readable(r, setsafe.PermViewLedger)
			if err != nil {
				return nil, err
			}
			e, err := sshttp.WitnessNamed(st, r.PathValue("witness"))
			if err != nil {
				return nil, err
			}
			return command(e.Name, f), nil
		},
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			return evidenceDone(r, done, recorded, "witnesses")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.evidenceAgain("witness-"+r.PathValue("witness"))(w, r, problem, typed)
		},
	})
}

// refusalSubmit acknowledges or resolves the refusal the address names,
// with the note the form holds, as the API does for its witness.
func (s *handlers) refusalSubmit(done string, command func(req sshttp.RefusalNoteRequest, witness string) setsafe.Command) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, f url.Values) (setsafe.Command, error) {
			_, st, err := s.Readable(r, setsafe.PermViewLedger)
			if err != nil {
				return nil, err
			}
			x := witness.FindRefusal(st, r.PathValue("refusal"))
			if x == nil {
				return nil, setsafe.Errorf(setsafe.ENotFound, "There is no witness refusal %s.", r.PathValue("refusal"))
			}
			var req sshttp.RefusalNoteRequest
			if err := decodeForm(f, &req); err != nil {
				return nil, err
			}
			return command(req, x.Witness), nil
		},
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			return evidenceDone(r, done, recorded, "refusals")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.evidenceAgain("refusal-"+r.PathValue("refusal"))(w, r, problem, typed)
		},
	})
}
