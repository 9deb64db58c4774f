package http_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/http/api"
)

var update = flag.Bool("update", false, "write docs/access.md from the access matrix and docs/openapi.json from the server")

// accessDocPath is the document a producer reads to know who may do what.
const accessDocPath = "../docs/access.md"

// TestAccessDocument checks that docs/access.md is the access matrix of
// TestAccessMatrix written out; with -update it writes it.
func TestAccessDocument(t *testing.T) {
	doc := accessDocument(t, api.OpenAPI("dev"), accessRows(map[string]string{}))
	if *update {
		if err := os.WriteFile(accessDocPath, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(accessDocPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Fatalf("docs/access.md differs from the access matrix in http/access_test.go; " +
			"run go test ./http -run TestAccessDocument -update and review the difference")
	}
}

// accessColumns are the document's columns: each role, then those who hold
// none in the production.
func accessColumns(t *testing.T) (actors, heads []string, legend string) {
	short := map[string]string{"producer": "Prod", "unit_production_manager": "UPM", "first_ad": "1st AD", "safety_coordinator": "Safety",
		"armorer": "Arm", "assistant_armorer": "Asst arm", "property_master": "Props", "stunt_coordinator": "Stunts",
		"department_head": "Dept head", "cast": "Cast", "crew": "Crew", "investigator": "Inv",
		"pyrotechnician": "Pyro", "special_effects": "SFX", "fire_safety_officer": "Fire", "precision_driver": "Driver",
		"safety_diver": "Diver", "rigger": "Rigger", "key_grip": "Key grip", "animal_handler": "Animals",
		"animal_safety_representative": "Animal rep", "railroad_representative": "Railroad", "aviation_coordinator": "Aviation",
		"drone_pilot": "Drone", "medic": "Medic", "location_manager": "Locations"}
	var names []string
	for _, r := range setsafe.Roles {
		h, ok := short[string(r)]
		if !ok {
			t.Fatalf("the role %s has no column heading in accessColumns", r)
		}
		actors, heads = append(actors, string(r)), append(heads, h)
		names = append(names, "- **"+h+"**: "+r.Title())
	}
	actors = append(actors, "site_admin", "outsider", "")
	heads = append(heads, "Site admin", "No role", "Signed out")
	names = append(names, "- **Site admin**: a site administrator who holds no role in the production",
		"- **No role**: a signed-in account with no role in the production", "- **Signed out**: anyone, not signed in")
	return actors, heads, "The columns:\n\n" + strings.Join(names, "\n") + "\n"
}

// accessDocument writes the access matrix as Markdown, one table per group
// of the API, with each call's summary from the API document.
func accessDocument(t *testing.T, api map[string]any, rows []accessRow) string {
	actors, heads, legend := accessColumns(t)
	var b strings.Builder
	b.WriteString(`# Who may do what

This is the access matrix of setsafe's API, written from the test that
calls every endpoint as every role (` + "`http/access_test.go`" + `) and fails
when an answer differs from it. Do not edit it by hand: change the test and
run ` + "`go test ./http -run TestAccessDocument -update`" + `.

Roles are held per production; a person may hold several and may do what
any of them allows; anything no role allows is denied. The web pages call
the same commands as the API, with the same rights.

✓ means the call gets past authorization. It may still be refused for what
it asks: the safety gate refuses a firearm action that breaks a rule (409,
and the refusal is recorded), a hand-off needs the other person's PIN, a
report past its sender's limit is refused (429, see
[operations](operations.md#reports-by-signed-in-people)).

The investigator only reads: a call of theirs that would record anything,
even a refused attempt, is answered 403 and records nothing. They may ask
for a checkpoint to be signed: a signature over the ledger as it stands,
which adds nothing to it, and pins what they read.

`)
	b.WriteString(legend)
	var groups []string
	byGroup := map[string][]accessRow{}
	for _, row := range rows {
		op, _ := api["paths"].(map[string]any)[row.route].(map[string]any)[strings.ToLower(row.method)].(map[string]any)
		if op == nil {
			t.Fatalf("%s %s is not in the API document", row.method, row.route)
		}
		group := op["tags"].([]string)[0]
		if !slices.Contains(groups, group) {
			groups = append(groups, group)
		}
		byGroup[group] = append(byGroup[group], row)
	}
	seen := map[string]bool{}
	for _, group := range groups {
		fmt.Fprintf(&b, "\n## %s\n\n| What | Call | %s |\n|---|---|%s\n", group, strings.Join(heads, " | "), strings.Repeat(":-:|", len(heads)))
		for _, row := range byGroup[group] {
			op := api["paths"].(map[string]any)[row.route].(map[string]any)[strings.ToLower(row.method)].(map[string]any)
			what := op["summary"].(string)
			if row.note != "" {
				what += " (" + row.note + ")"
			}
			key := row.method + " " + row.route + " " + row.note
			if seen[key] {
				t.Fatalf("%s is in the matrix twice without a note to tell the calls apart", key)
			}
			seen[key] = true
			cells := make([]string, len(actors))
			for i, a := range actors {
				if row.allow.has(a) {
					cells[i] = "✓"
				}
			}
			fmt.Fprintf(&b, "| %s | `%s %s` | %s |\n", strings.ReplaceAll(what, "|", `\|`), row.method, row.route, strings.Join(cells, " | "))
		}
	}
	return b.String()
}
