package pages

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

// The pages speak English and Spanish: many crews on US sets work in both.
// Templates are written in English; locales/LANG/*.json map each English
// text to its translation, one file per part of the app.

//go:embed locales
var localeFS embed.FS

// languages are the languages of the pages, the first the default.
var languages = []language{{"en", "English"}, {"es", "Español"}}

type language struct{ Code, Name string }

// langCookie remembers a person's choice of language on the device.
const langCookie = "setsafe_lang"

// themeCookie remembers the high-contrast theme for outdoor light.
const themeCookie = "setsafe_theme"

// catalogue maps English texts to one language's.
type catalogue map[string]string

// loadCatalogues reads every language's catalogue.
func loadCatalogues() (map[string]catalogue, error) {
	out := map[string]catalogue{"en": {}}
	err := fs.WalkDir(localeFS, "locales", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".json" {
			return err
		}
		lang := path.Base(path.Dir(name))
		b, err := localeFS.ReadFile(name)
		if err != nil {
			return err
		}
		var part catalogue
		if err := json.Unmarshal(b, &part); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if out[lang] == nil {
			out[lang] = catalogue{}
		}
		for k, v := range part {
			if _, dup := out[lang][k]; dup {
				return fmt.Errorf("%s: %q is translated twice", name, k)
			}
			out[lang][k] = v
		}
		return nil
	})
	return out, err
}

// text translates an English text, or returns it as it is when the
// catalogue has none (names, serial numbers, what people typed).
func (c catalogue) text(s string) string {
	if t, ok := c[s]; ok && t != "" {
		return t
	}
	return s
}

// reason says why the gate says NO-GO in the catalogue's language, with
// the rule's ID. Names in its blanks stay as they are; the gate's own
// words, durations and moments are translated.
func (c catalogue) reason(r gate.Reason) string {
	if r.Format == "" {
		return r.Message
	}
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		args[i] = c.blank(a)
	}
	return fmt.Sprintf(c.text(r.Format), args...) + " (" + string(r.Rule) + ")"
}

// blank puts a value of a gate reason's blank into the catalogue's
// language.
func (c catalogue) blank(a any) any {
	switch v := a.(type) {
	case gate.Word:
		return c.text(string(v))
	case gate.Parts:
		words := make([]string, len(v))
		for i, w := range v {
			words[i] = c.text(w)
		}
		return strings.Join(words, ", ")
	case gate.TopicTexts:
		texts := make([]string, len(v))
		for i, id := range v {
			texts[i] = id
			if tp, ok := gate.FindTopic(id); ok {
				texts[i] = c.text(tp.Text)
			}
		}
		return strings.Join(texts, "; ")
	case gate.Outs:
		return v.Say(c.text)
	case gate.Duties:
		words := make([]string, len(v))
		for i, d := range v {
			words[i] = c.text(setsafe.Duty(d).Title())
		}
		return strings.Join(words, " "+c.text("and")+" ")
	case gate.EitherDuty:
		words := make([]string, len(v))
		for i, d := range v {
			words[i] = c.text(setsafe.Duty(d).Title())
		}
		return strings.Join(words, " "+c.text("or")+" ")
	case gate.Window:
		moment := func(t time.Time) string { return fmt.Sprint(c.blank(gate.Moment(t))) }
		switch {
		case v.From.IsZero() && v.Until.IsZero():
			return c.text("at any time")
		case v.From.IsZero():
			return fmt.Sprintf(c.text("until %s"), moment(v.Until))
		case v.Until.IsZero():
			return fmt.Sprintf(c.text("from %s"), moment(v.From))
		}
		return fmt.Sprintf(c.text("from %s until %s"), moment(v.From), moment(v.Until))
	case gate.Span:
		if v.Minutes() == 1 {
			return c.text("1 minute")
		}
		return fmt.Sprintf(c.text("%d minutes"), v.Minutes())
	case gate.Moment:
		t := time.Time(v)
		return fmt.Sprintf(c.text("%d %s at %s"), t.Day(), c.text(t.Month().String()), t.Format("15:04"))
	}
	return a
}

// languageOf picks the language of a request: the person's choice on this
// device, or else the browser's preference, or else English.
func languageOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && knownLanguage(c.Value) {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if knownLanguage(base) {
			return base
		}
	}
	return languages[0].Code
}

func knownLanguage(code string) bool {
	for _, l := range languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// chooseLanguage remembers the language picked on the page for a year, and
// goes back to the page it was picked on.
func (s *handlers) chooseLanguage(w http.ResponseWriter, r *http.Request) error {
	return s.choosePreference(w, r, "lang", langCookie, knownLanguage, "must be en or es", "Choose English or Español.")
}

// chooseTheme turns the high-contrast theme on or off on this device.
func (s *handlers) chooseTheme(w http.ResponseWriter, r *http.Request) error {
	valid := func(v string) bool { return v == "contrast" || v == "standard" }
	return s.choosePreference(w, r, "theme", themeCookie, valid, "must be contrast or standard", "Choose the standard or the high-contrast theme.")
}

// choosePreference keeps the form's field in a cookie on this device if
// valid says it may, and goes back to the page the form was sent from.
func (s *handlers) choosePreference(w http.ResponseWriter, r *http.Request, field, cookie string, valid func(string) bool, problem, message string) error {
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	v := r.PostForm.Get(field)
	if !valid(v) {
		return sshttp.FieldError(field, problem, message)
	}
	s.setPreference(w, cookie, v)
	http.Redirect(w, r, sshttp.LocalPath(r.PostForm.Get("back")), http.StatusSeeOther)
	return nil
}

func (s *handlers) setPreference(w http.ResponseWriter, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: s.Config.PublicURL.Scheme == "https", SameSite: http.SameSiteLaxMode})
}

func themeOf(r *http.Request) string {
	if c, err := r.Cookie(themeCookie); err == nil && c.Value == "contrast" {
		return "contrast"
	}
	return "standard"
}
