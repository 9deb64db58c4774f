package apiclient_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGeneratedClient runs the go:generate line of doc.go into a
// temporary file and checks that client.gen.go is what it writes: the
// committed client is the one generated from docs/openapi.json as it is.
func TestGeneratedClient(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for line := range strings.Lines(string(src)) {
		if rest, ok := strings.CutPrefix(line, "//go:generate "); ok {
			args = strings.Fields(rest)
		}
	}
	out := slices.Index(args, "-o")
	if len(args) < 2 || args[0] != "go" || out < 0 || out+1 >= len(args) {
		t.Fatalf("doc.go has no go:generate line that runs go with -o: %q", args)
	}
	committed := args[out+1]
	args[out+1] = filepath.Join(t.TempDir(), committed)
	cmd := exec.Command(args[0], args[1:]...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, b)
	}
	want, err := os.ReadFile(args[out+1])
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the client generated from docs/openapi.json; run go generate ./http/apiclient and review the difference", committed)
	}
}
