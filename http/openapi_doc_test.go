package http_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/setsafe/setsafe/http/api"
)

// openAPIDocPath is the API document as committed, for those who build
// clients without running a server.
const openAPIDocPath = "../docs/openapi.json"

// TestOpenAPIDocument checks that docs/openapi.json is the document the
// server builds (with the version "dev"); with -update it writes it.
func TestOpenAPIDocument(t *testing.T) {
	doc, err := json.MarshalIndent(api.OpenAPI("dev"), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	doc = append(doc, '\n')
	if *update {
		if err := os.WriteFile(openAPIDocPath, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(openAPIDocPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, doc) {
		t.Fatalf("docs/openapi.json differs from the document the server builds; " +
			"run go test ./http -run TestOpenAPIDocument -update and review the difference")
	}
}
