package recordkeeping

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportsOnlyTheStandardLibraryAndPDF holds the package apart from
// the rest of setsafe: the incident records call it with what they map
// from their own records, never the other way round.
func TestImportsOnlyTheStandardLibraryAndPDF(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			n++
			first, _, _ := strings.Cut(path, "/")
			if path != "github.com/setsafe/setsafe/pdf" && strings.Contains(first, ".") {
				t.Errorf("%s imports %s: only the standard library and github.com/setsafe/setsafe/pdf", name, path)
			}
		}
	}
	if n == 0 {
		t.Fatal("no imports found; is this the package's directory?")
	}
}
