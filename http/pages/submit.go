package pages

import (
	"net/http"
	"net/url"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// submission is what a page form does when it is sent: the command it
// reads from the form, where it leads once recorded, and how its page
// comes back when the command is refused or the form has a problem. Every
// form of the pages is sent the same way (see submit).
type submission struct {
	// command reads the form into its command, built by the same request
	// type and method as the API's.
	command func(r *http.Request, form url.Values) (setsafe.Command, error)
	// done is where the browser goes once the command is recorded.
	done func(r *http.Request, c setsafe.Command, recorded []setsafe.Event) string
	// again draws the form's page again with the problem and what was
	// typed, PINs left out (see shownAgain).
	again func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error
}

// submit serves a form: it reads it, sends its command, and either leads
// on or shows the form again with what is wrong. Errors that are not the
// person's to fix on the page (see formProblem) are answered as errors.
func (s *handlers) submit(sub submission) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := sshttp.ParseForm(w, r); err != nil {
			return err
		}
		c, err := sub.command(r, r.PostForm)
		var recorded []setsafe.Event
		if err == nil {
			_, recorded, err = s.Act(r, c)
		}
		if err != nil {
			if !formProblem(err) {
				return err
			}
			return sub.again(w, r, err, shownAgain(r.PostForm))
		}
		http.Redirect(w, r, sub.done(r, c, recorded), http.StatusSeeOther)
		return nil
	}
}
