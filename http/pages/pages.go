package pages

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/ledger"
)

//go:embed templates/*.html templates/parts/*.html
var templateFS embed.FS

// The stylesheet is the files of static/css joined in name order, so that
// each part of the app keeps its own; scripts are served one by one.
//
//go:embed static/css/*.css static/vendor/*.js static/js/*.js
var staticFS embed.FS

// pages renders the server-rendered pages, in each language, and serves
// their assets under fingerprinted names, cached for a year.
type pages struct {
	templates  map[string]map[string]*template.Template // language → name → template
	catalogues map[string]catalogue
	assets     map[string]string // name → fingerprinted URL
	files      map[string]asset  // fingerprinted file name → content
	// log records pages that could not be drawn.
	log *slog.Logger
	// zone returns the time zone of the set a request is about, in which
	// its page says times.
	zone func(*http.Request) *time.Location
	// zoned are the pages of each language and time zone other than UTC.
	zonedMu sync.Mutex
	zoned   map[string]map[string]*template.Template
}

// asset is a static file and its gzip-compressed form.
type asset struct {
	plain, gzipped []byte
}

func newPages(log *slog.Logger) (*pages, error) {
	p := &pages{templates: map[string]map[string]*template.Template{}, zoned: map[string]map[string]*template.Template{}, assets: map[string]string{}, files: map[string]asset{}, log: log}
	var css bytes.Buffer
	err := fs.WalkDir(staticFS, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(name)
		if err != nil {
			return err
		}
		if path.Ext(name) == ".css" {
			css.Write(b)
			css.WriteByte('\n')
			return nil
		}
		p.addAsset(path.Base(name), b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.addAsset("style.css", css.Bytes())
	if p.catalogues, err = loadCatalogues(); err != nil {
		return nil, err
	}
	for _, l := range languages {
		if p.templates[l.Code], err = p.parse(l.Code, time.UTC); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// parse reads every page's template in a language, saying times in zone.
func (p *pages) parse(lang string, zone *time.Location) (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	cat := p.catalogues[lang]
	funcs := template.FuncMap{
		"asset": func(name string) string { return p.assets[name] },
		"t":     cat.text,
		// tf translates a text with %s, %d... and fills them in.
		"tf": func(format string, args ...any) string { return fmt.Sprintf(cat.text(format), args...) },
		"roles": func(rs []setsafe.Role) string {
			if len(rs) == 0 {
				return cat.text("none")
			}
			titles := make([]string, len(rs))
			for i, r := range rs {
				titles[i] = cat.text(r.Title())
			}
			return strings.Join(titles, ", ")
		},
		"eventName": func(eventType string) string { return cat.text(eventName(eventType)) },
		// either says duties any one of which will do, joined with "or".
		"either": func(duties []string) any { return cat.blank(gate.EitherDuty(duties)) },
		// permitKinds are the kinds of permit a person's record may be.
		"permitKinds": func() []string { return setsafe.PermitKinds },
		// reason says why the gate says NO-GO, in the page's language,
		// with the rule's ID.
		"reason": cat.reason,
		// spoken says a key such as "standing_by" in words: "standing by".
		"spoken": func(key string) string { return strings.ReplaceAll(key, "_", " ") },
		// time says a moment as the set's clock shows it.
		"time": func(t time.Time) string { return t.In(zone).Format("2006-01-02 15:04 MST") },
		// details drops the empty ones of a few words to show in a line.
		"details": func(parts ...string) []string {
			var out []string
			for _, p := range parts {
				if p != "" {
					out = append(out, p)
				}
			}
			return out
		},
		// onePhone says whether a phone number is one number to dial.
		"onePhone": setsafe.OnePhoneNumber,
		// fieldName is a person's detail as a form labels it.
		"fieldName": func(field string) string { return cat.text(personFields[field]) },
		"hash":      func(b []byte) string { return base64.StdEncoding.EncodeToString(b) },
		// formKey is a post form's idempotency key, drawn afresh each time
		// the form is: its first field.
		"formKey": func() template.HTML {
			return template.HTML(`<input type="hidden" name="` + sshttp.KeyField + `" value="` + rand.Text() + `">`)
		},
		// decimal shows an average such as a usual day's figure to one
		// decimal place, without a trailing ".0".
		"decimal": func(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) },
		// chart draws a chart of the dashboards in the page's language.
		"chart": func(c svgChart) template.HTML { return c.svg(cat.text) },
	}
	layout, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse the layout: %w", err)
	}
	set := map[string]*template.Template{}
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, file)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		set[name] = t
	}
	return set, nil
}

// set returns the pages in a language that say times in zone, parsing
// them the first time a production in that zone asks.
func (p *pages) set(lang string, zone *time.Location) map[string]*template.Template {
	if zone == time.UTC {
		return p.templates[lang]
	}
	key := lang + " " + zone.String()
	p.zonedMu.Lock()
	defer p.zonedMu.Unlock()
	if set, ok := p.zoned[key]; ok {
		return set
	}
	set, err := p.parse(lang, zone)
	if err != nil {
		// The same templates parsed at start; say times in UTC then.
		p.log.Error("pages not parsed for a time zone", "zone", zone.String(), "err", err)
		return p.templates[lang]
	}
	p.zoned[key] = set
	return set
}

func (p *pages) addAsset(name string, b []byte) {
	sum := sha256.Sum256(b)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
	p.assets[name] = "/static/" + hashed
	p.files[hashed] = asset{plain: b, gzipped: gzipped(b)}
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// page is what every template gets.
type page struct {
	Title   string
	Account *setsafe.Account
	Error   string
	Data    any
	// Filled in by render:
	Lang      string
	Languages []language
	Theme     string
	// Path is the page's own path, where the language and theme forms
	// come back to.
	Path string
}

// gzipWriters are kept between pages: a new one allocates about a
// megabyte of tables, more than drawing most pages costs.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

func (p *pages) render(w http.ResponseWriter, r *http.Request, status int, name string, data page) {
	data.Lang, data.Languages, data.Theme, data.Path = languageOf(r), languages, themeOf(r), r.URL.RequestURI()
	zone := time.UTC
	if p.zone != nil {
		zone = p.zone(r)
	}
	var buf bytes.Buffer
	if err := p.set(data.Lang, zone)[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		if !sshttp.Unlogged(r) {
			p.log.Error("page not drawn", "page", name, "lang", data.Lang, "err", err)
		}
		http.Error(w, "The page could not be drawn; the error has been logged.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", data.Lang)
	h.Add("Vary", "Accept-Encoding, Accept-Language, Cookie")
	body := buf.Bytes()
	if len(body) > 1024 && sshttp.AcceptsGzip(r) {
		var z bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&z)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
		h.Set("Content-Encoding", "gzip")
		body = z.Bytes()
	}
	w.WriteHeader(status)
	w.Write(body)
}

func (p *pages) renderError(w http.ResponseWriter, r *http.Request, status int, d sshttp.ErrorDetail) {
	title := "Something went wrong"
	switch status {
	case http.StatusNotFound:
		title = "Not found"
	case http.StatusForbidden:
		title = "Not allowed"
	case http.StatusUnauthorized:
		title = "Please sign in"
	case http.StatusServiceUnavailable:
		title = "Try again in a moment"
	}
	p.render(w, r, status, "error", page{Title: title, Data: struct {
		Title, Message string
		Fields         map[string]string
	}{title, d.Message, d.Fields}})
}

func (p *pages) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := p.files[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	switch path.Ext(r.PathValue("file")) {
	case ".css":
		h.Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		h.Set("Content-Type", "text/javascript; charset=utf-8")
	}
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	if sshttp.AcceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		w.Write(a.gzipped)
		return
	}
	w.Write(a.plain)
}

// handlers serve the pages people use on a phone, over the Server's
// commands and reads.
type handlers struct {
	*sshttp.Server
	pages *pages
}

// Mount registers every page on s, and draws its errors and
// receipts for people.
func Mount(s *sshttp.Server) error {
	p, err := newPages(s.Config.Logger)
	if err != nil {
		return err
	}
	p.zone = s.SetZone
	h := &handlers{Server: s, pages: p}
	s.ErrorPage, s.ReceiptPage = p.renderError, h.renderReceipt
	h.registerPages()
	return nil
}

func (s *handlers) registerPages() {
	s.Handle("GET /static/{file}", http.HandlerFunc(s.pages.serveAsset))
	s.Handle("GET /{$}", s.page(s.homePage))
	s.Handle("GET /login", s.page(s.loginPage))
	s.Handle("POST /login", s.page(s.loginSubmit))
	s.Handle("POST /logout", s.page(s.logoutSubmit))
	s.Handle("POST /language", s.page(s.chooseLanguage))
	s.Handle("POST /theme", s.page(s.chooseTheme))
	s.Handle("GET /setup", s.page(s.setupPage))
	s.Handle("POST /setup", s.page(s.setupSubmit))
	s.Handle("GET /productions/{production}", s.page(s.productionPage))
	s.Handle("GET /productions/{production}/firearms/{firearm}", s.page(s.firearmPage))
	s.registerArmoryPages()
	s.registerTimelinePages()
	s.registerDayPages()
	s.registerCheckInPages()
	s.registerPeoplePages()
	s.registerConcernPages()
	s.registerEscalationPages()
	s.registerPermissionPages()
	s.registerDashboardPages()
	s.registerIncidentPages()
	s.registerInjuryRecordPages()
	s.registerEvidencePages()
	s.registerAttestationPages()
	s.Handle("/", s.page(func(w http.ResponseWriter, r *http.Request) error {
		return setsafe.Errorf(setsafe.ENotFound, "There is no page at %s.", r.URL.Path)
	}))
}

// page serves a page's handler; a form it posts, sent again with the
// same hidden key, is answered as it was the first time (see sshttp.Server.Keyed).
func (s *handlers) page(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return s.Keyed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.Fail(w, r, err)
		}
	}), false, 0)
}

// signedInAccount returns the account of the request, or redirects to the
// sign-in page and returns nil.
func (s *handlers) signedInAccount(w http.ResponseWriter, r *http.Request) (*setsafe.Account, error) {
	a := sshttp.ActorFrom(r)
	if a.IsZero() {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil, nil
	}
	return s.Config.Records.Account(r.Context(), a.ID)
}

func (s *handlers) homePage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	views, err := s.ProductionViews(r)
	if err != nil {
		return err
	}
	studio, err := s.homeStudioOf(r, acc)
	if err != nil {
		return err
	}
	s.pages.render(w, r, http.StatusOK, "home", page{Title: "Productions", Account: acc, Data: struct {
		Productions []sshttp.ProductionView
		Studio      homeStudio
	}{views, studio}})
	return nil
}

// loginForm is what the sign-in page shows. Next is the page to go on to
// after signing in; the form posts it back in its action's query.
type loginForm struct{ Email, Next string }

func (s *handlers) loginPage(w http.ResponseWriter, r *http.Request) error {
	if !sshttp.ActorFrom(r).IsZero() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	s.pages.render(w, r, http.StatusOK, "login", page{Title: "Sign in", Data: loginForm{Next: r.URL.Query().Get("next")}})
	return nil
}

func (s *handlers) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	email := r.PostForm.Get("email")
	acc, err := s.SignIn(r, email, r.PostForm.Get("password"))
	if err != nil {
		if c := setsafe.ErrorCode(err); c != setsafe.EUnauthorized && c != setsafe.ERateLimited {
			return err
		}
		sshttp.SetRetryAfter(w, err)
		s.pages.render(w, r, sshttp.StatusOf[setsafe.ErrorCode(err)], "login", page{Title: "Sign in", Error: setsafe.ErrorMessage(err), Data: loginForm{Email: email, Next: r.URL.Query().Get("next")}})
		return nil
	}
	if err := s.StartSession(r.Context(), acc); err != nil {
		return err
	}
	http.Redirect(w, r, sshttp.LocalPath(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

func (s *handlers) logoutSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

type setupForm struct{ Token, Name, Email string }

func (s *handlers) setupPage(w http.ResponseWriter, r *http.Request) error {
	s.SetupMu.Lock()
	open := s.SetupToken != ""
	s.SetupMu.Unlock()
	if !open {
		if !sshttp.ActorFrom(r).IsZero() {
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return nil
		}
		return setsafe.Errorf(setsafe.ENotFound, "Setup is closed: this site has an administrator. Sign in instead.")
	}
	s.pages.render(w, r, http.StatusOK, "setup", page{Title: "Set up", Data: setupForm{Token: r.URL.Query().Get("token")}})
	return nil
}

func (s *handlers) setupSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	f := setupForm{Token: r.PostForm.Get("token"), Name: r.PostForm.Get("name"), Email: r.PostForm.Get("email")}
	acc, _, err := s.CreateFirstAdmin(r, sshttp.SetupRequest{Token: f.Token, Email: f.Email, Name: f.Name, Password: r.PostForm.Get("password")})
	if err != nil {
		if c := setsafe.ErrorCode(err); c != setsafe.EInvalid && c != setsafe.EUnauthorized && c != setsafe.EConflict {
			return err
		}
		msg := setsafe.ErrorMessage(err)
		s.pages.render(w, r, sshttp.StatusOf[setsafe.ErrorCode(err)], "setup", page{Title: "Set up", Error: msg, Data: f})
		return nil
	}
	if err := s.StartSession(r.Context(), acc); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *handlers) productionPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	id, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	a, err := s.Require(r, id, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	prod, err := s.Config.Records.Production(r.Context(), id)
	if err != nil {
		return err
	}
	data := struct {
		Production   sshttp.ProductionView
		Tiles        []tile
		CanSeeLedger bool
		Size         int64
		Checkpoint   *ledger.Checkpoint
		// Open and Overdue count the concerns not yet closed, and those late
		// for their step, for those who read every concern.
		SeesConcerns  bool
		Open, Overdue int
		// Surge is today against the production's usual day, for those who
		// manage its safety: a walk-off shows there.
		Surge *setsafe.Surge
		// Incidents counts the open incidents and overdue corrective
		// actions for those who read them, and the actions the caller
		// owns; nil when there is nothing to say.
		Incidents *incidentStatus
	}{Production: sshttp.NewProductionView(prod, a), Tiles: productionTiles(id, a), CanSeeLedger: a.Can(setsafe.PermViewLedger), SeesConcerns: a.Can(setsafe.PermViewConcerns)}
	seesSurge := a.Can(setsafe.PermManageSafety)
	if a.PersonID != "" || data.SeesConcerns || seesSurge || a.Can(incident.PermView) {
		st, err := s.Config.Armory.LedgerState(r.Context(), id)
		if err != nil {
			return err
		}
		for i := range data.Tiles {
			if data.Tiles[i].Href == "/productions/"+id+"/notifications" {
				if data.Tiles[i].Recent, err = s.recentNotifications(r, a, st); err != nil {
					return err
				}
			}
		}
		now := s.Config.Clock.Now()
		if data.SeesConcerns {
			for _, c := range st.OpenConcerns() {
				data.Open++
				if c.Overdue(now) {
					data.Overdue++
				}
			}
		}
		if seesSurge {
			surge := st.Surge(now)
			data.Surge = &surge
		}
		data.Incidents = incidentStatusOf(a, st, now)
	}
	if data.CanSeeLedger {
		if data.Size, err = s.Config.Ledger.LedgerSize(r.Context(), id); err != nil {
			return err
		}
		if cp, err := s.Config.Ledger.LatestCheckpoint(r.Context(), id); err == nil {
			data.Checkpoint = &cp
		}
	}
	s.pages.render(w, r, http.StatusOK, "production", page{Title: prod.Name, Account: acc, Data: data})
	return nil
}
