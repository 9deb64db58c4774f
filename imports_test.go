package setsafe

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestImportDirections holds the direction of imports the house is built
// on: the domain decides and knows nothing of how it is stored or served;
// storage is reached through the interfaces of those who need it, and
// only the command wires a database in.
func TestImportDirections(t *testing.T) {
	const module = "github.com/setsafe/setsafe"
	storage := []string{"database/sql", module + "/sqldb", module + "/sqlite", module + "/postgres", "github.com/jackc/", "modernc.org/sqlite"}
	web := []string{"net/http", module + "/http"}
	rules := []struct {
		dir  string
		why  string
		deny []string
		// only, if set, are the module's packages the directory may import.
		only []string
	}{
		{".", "the domain imports no storage, no web and no subdomain", append(storage, web...), []string{module + "/gate"}},
		{"gate", "the gate's rules are pure", append(storage, web...), []string{}},
		{"http", "the web core serves its parts and never imports them; storage is reached through its interfaces", append(storage, module+"/http/api", module+"/http/pages"), nil},
		{"http/api", "the API reaches storage through the core's interfaces and shares nothing with the pages but the core", append(storage, module+"/http/pages"), nil},
		{"http/pages", "pages reach storage through the core's interfaces and share nothing with the API but the core", append(storage, module+"/http/api"), nil},
		{"escalation", "a subdomain reaches storage through its interfaces only", append(storage, web...), nil},
		{"crewlist", "a subdomain reaches storage through its interfaces only", append(storage, web...), nil},
		{"incident", "a subdomain reaches storage through its interfaces only", append(storage, web...), nil},
		{"dashboard", "a subdomain reaches storage through its interfaces only", append(storage, web...), nil},
		{"dailyreport", "a subdomain reaches storage through its interfaces only", append(storage, web...), []string{module + "/gate", module + "/incident", module + "/dashboard", module + "/pdf"}},
		{"pdf", "drawing PDFs knows nothing of setsafe, storage or the web", append(storage, web...), []string{}},
		{"witness", "a subdomain reaches storage through its interfaces only", append(storage, web...), []string{}},
		{"witnessing", "the witnesses' submitter reaches storage through its interfaces only", storage, nil},
		{"tlogwitness", "the witness protocol's client knows no storage and no setsafe", append(storage, module+"/sqldb", module+"/ledger"), nil},
		{"attestation", "a subdomain reaches storage through its interfaces only", append(storage, web...), []string{module, module + "/evidence"}},
		{"setsafetest", "the subdomains' tests run commands as the ledger writer does, without storage or the web", append(storage, web...), []string{module}},
		{"photo", "photos are read without storage or the web", append(storage, web...), nil},
		{"ledger", "the ledger's format knows no database", append(storage, web...), nil},
	}
	for _, r := range rules {
		imports := importsOf(t, r.dir)
		if len(imports) == 0 {
			t.Fatalf("%s: no imports found; is the directory still there?", r.dir)
		}
		for imp, file := range imports {
			for _, d := range r.deny {
				if imp == d || strings.HasPrefix(imp, d+"/") || strings.HasSuffix(d, "/") && strings.HasPrefix(imp, d) {
					t.Errorf("%s imports %s: %s", file, imp, r.why)
				}
			}
			if r.only != nil && strings.HasPrefix(imp, module+"/") && !slices.Contains(r.only, imp) {
				t.Errorf("%s imports %s: %s", file, imp, r.why)
			}
		}
	}
}

// importsOf returns the imports of the non-test Go files directly in dir,
// each with a file that makes it.
func importsOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range f.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			out[path] = name
		}
	}
	return out
}

// TestOnePackageDrawsPDFs: the PDF library is imported by package pdf
// alone; the packages that print draw through it.
func TestOnePackageDrawsPDFs(t *testing.T) {
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		for imp, file := range importsOf(t, path) {
			if strings.Contains(imp, "go-pdf/fpdf") {
				n++
				if path != "pdf" {
					t.Errorf("%s imports %s: draw PDFs through package pdf", file, imp)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("nothing imports the PDF library; is package pdf still there?")
	}
}
