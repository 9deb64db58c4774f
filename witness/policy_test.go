package witness

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
)

// everyCommand lists one command of every type of the package with the
// people of the world who may send it; setsafe itself (the system actor)
// may send them all.
func everyCommand() []struct {
	cmd setsafe.Command
	may []string
} {
	configurers := []string{"dana", "sofia"}
	return []struct {
		cmd setsafe.Command
		may []string
	}{
		{AddWitness{URL: "https://w.example", Key: "w+00000000+BA=="}, configurers},
		{RemoveWitness{Name: "w"}, configurers},
		{SetQuorum{Quorum: 1}, configurers},
		{SetCopies{Rungs: []string{setsafe.RungUnion}}, configurers},
		{AcknowledgeRefusal{Witness: "w", Note: "x"}, configurers},
		{ResolveRefusal{Witness: "w", Note: "x"}, configurers},
		{RecordRefusal{Witness: "w", Size: 1, Status: 409}, nil},
		{EscalateRefusal{ID: "r"}, nil},
	}
}

func TestWhoMaySend(t *testing.T) {
	w := newWorld(t)
	for _, row := range everyCommand() {
		for _, who := range []string{"dana", "sofia", "hannah", "jack", "grace", ""} {
			actor := op
			if who != "" {
				actor = person(who)
			}
			err := row.cmd.Authorize(setsafe.AccessFor(actor, w.Site, w.Prod), w.Prod)
			want := who == "" || slices.Contains(row.may, who)
			if (err == nil) != want {
				t.Errorf("%T as %q: %v, want allowed=%v", row.cmd, who, err, want)
			}
			if err != nil && setsafe.ErrorCode(err) != setsafe.EForbidden {
				t.Errorf("%T as %q: refused with %v, want forbidden", row.cmd, who, err)
			}
		}
	}
	// Those who read the ledger see the witnesses; crew do not.
	for who, want := range map[string]bool{"dana": true, "sofia": true, "grace": true, "hannah": false, "jack": false} {
		if got := CanSee(setsafe.AccessFor(person(who), w.Site, w.Prod)); got != want {
			t.Errorf("CanSee(%s) = %v, want %v", who, got, want)
		}
	}
}

// TestEveryCommandIsListed fails when a command of the package is not in
// everyCommand, so that nobody adds one without saying who may send it.
func TestEveryCommandIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, row := range everyCommand() {
		listed[reflect.TypeOf(row.cmd).Name()] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "Authorize" {
				continue
			}
			if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok {
				found++
				if !listed[id.Name] {
					t.Errorf("command %s is not in everyCommand: say who may send it", id.Name)
				}
			}
		}
	}
	if found < 8 {
		t.Fatalf("found only %d commands in the source", found)
	}
}
