package evidence

import (
	"go/build"
	"strings"
	"testing"
)

// TestImports keeps the package readable in one sitting: it may import
// the standard library, the Merkle tree library and the signed-note
// library, and nothing else.
func TestImports(t *testing.T) {
	p, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Imports) == 0 {
		t.Fatal("no imports found: the test reads the wrong directory")
	}
	for _, imp := range p.Imports {
		std := !strings.Contains(strings.Split(imp, "/")[0], ".")
		allowed := std || imp == "golang.org/x/mod/sumdb/note" ||
			imp == "github.com/transparency-dev/merkle" || strings.HasPrefix(imp, "github.com/transparency-dev/merkle/")
		if !allowed {
			t.Errorf("package evidence imports %s; it may import only the standard library, github.com/transparency-dev/merkle/... and golang.org/x/mod/sumdb/note", imp)
		}
	}
}
