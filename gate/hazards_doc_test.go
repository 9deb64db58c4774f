package gate

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "write docs/hazards.md from the hazard tables")

// hazardsDocPath is the document that says what each hazard needs and
// where each need comes from.
const hazardsDocPath = "../docs/hazards.md"

// TestHazardsDocument checks that docs/hazards.md is the hazard tables
// written out; with -update it writes it.
func TestHazardsDocument(t *testing.T) {
	doc := hazardsDocument()
	if *update {
		if err := os.WriteFile(hazardsDocPath, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(hazardsDocPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Fatal("docs/hazards.md differs from the hazard tables in gate; run go test ./gate -run TestHazardsDocument -update and review the difference")
	}
}

func hazardsDocument() string {
	var b strings.Builder
	b.WriteString(`# What each hazard needs

This document is written from the gate's own tables (` + "`gate/hazards.go`, `gate/permissions.go`, `gate/preparations.go`, `gate/topics.go`" + `);
run ` + "`go test ./gate -run TestHazardsDocument -update`" + ` after changing them.

A set-up brings hazards. When the 1st AD starts it, or an armorer issues a
firearm for it, the gate checks each hazard's own rules:

- **<code>-1, people**: each person the hazard needs holds the role, is checked in on set now
  (checked in today and not checked out), and holds the licence where one is named.
- **<code>-2, permissions**: each permission is on record, granted, in force now and covering
  the set-up (naming it, or its location). The latest record decides: a refusal recorded after a grant
  stops the set-up until a new grant is recorded by someone who records permissions
  (location manager, safety coordinator, producer).
- **<code>-3, preparations**: each preparation is recorded today for the set-up by someone holding
  one of the roles that may record it, says it is ready, and holds now (a window that covers now, a
  reading within its limit and fresh enough).
- **MD-1, medic**: a medic is checked in for a set-up with a hazard in the profile's ` + "`medic_for`" + `
  (by default stunts, pyrotechnics, vehicles, water, railroads and aircraft: on-set medics are the
  industry's practice for these, and 8 CCR §3400 requires first aid at hand everywhere in California).
  A production may add hazards; under the US and California profiles it cannot take one away.
- **HZ-1, briefing**: today's safety meeting covered the hazard and every topic of its bulletin, and
  the people the hazard needs on site confirmed attending it.

Bulletins are the Industry-Wide Labor-Management Safety Committee's Safety Bulletins (SB*n* is
bulletin #*n*). The number of the lifts bulletin (#22) is the committee's index as third parties
reproduce it; the committee has no bulletin of its own for heat, which comes from Cal/OSHA.
Jurisdiction profiles may add needs to a hazard; a production's settings cannot take them away.

`)
	for _, h := range Hazards {
		fmt.Fprintf(&b, "## %s (%s)\n\n", capital(h.Name), h.Bulletin)
		if h.Code == "" {
			b.WriteString("Firearms have the catalogue's own rules (FA, AM, PR, WS); see `gate/catalogue.go`.\n\n")
			writeTopics(&b, h)
			continue
		}
		fmt.Fprintf(&b, "Rules %s.\n\n", strings.Join(ruleStrings(h.Rules()), ", "))
		b.WriteString("| Needs | What | Recorded by | Where it comes from |\n|---|---|---|---|\n")
		for _, n := range h.People {
			what := EitherDuty(n.Duties).String() + ", checked in"
			if n.Licence != "" {
				what += ", with a current " + n.Licence + " licence"
			}
			fmt.Fprintf(&b, "| person (%s) | %s | check-in | %s |\n", h.peopleRule(), what, n.Source)
		}
		if slices.Contains(DefaultParams.MedicFor, h.ID) {
			b.WriteString("| person (MD-1) | medic, checked in | check-in | industry practice; 8 CCR §3400 |\n")
		}
		for _, id := range h.Permissions {
			k, _ := FindPermissionKind(id)
			fmt.Fprintf(&b, "| permission (%s) | %s | location manager, safety coordinator, producer | %s |\n", h.permissionRule(), k.Name, k.Source)
		}
		for _, id := range h.Preparations {
			k, _ := FindPreparationKind(id)
			fmt.Fprintf(&b, "| preparation (%s) | %s%s | %s | %s |\n", h.preparationRule(), k.Name, facts(k), EitherDuty(k.RecordedBy), k.Source)
		}
		for _, p := range Profiles {
			add, ok := p.Hazards[h.ID]
			if !ok {
				continue
			}
			for _, id := range add.Preparations {
				k, _ := FindPreparationKind(id)
				fmt.Fprintf(&b, "| preparation (%s), %s profile only | %s%s | %s | %s |\n", h.preparationRule(), p.ID, k.Name, facts(k), EitherDuty(k.RecordedBy), add.Source)
			}
			for _, id := range add.Permissions {
				k, _ := FindPermissionKind(id)
				fmt.Fprintf(&b, "| permission (%s), %s profile only | %s | location manager, safety coordinator, producer | %s |\n", h.permissionRule(), p.ID, k.Name, add.Source)
			}
			for _, n := range add.People {
				fmt.Fprintf(&b, "| person (%s), %s profile only | %s, checked in | check-in | %s |\n", h.peopleRule(), p.ID, EitherDuty(n.Duties), add.Source)
			}
		}
		b.WriteString("\n")
		writeTopics(&b, h)
	}
	return b.String()
}

func ruleStrings(ids []RuleID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// facts says what a preparation of the kind states besides being ready.
func facts(k PreparationKind) string {
	var f []string
	if k.Document {
		f = append(f, "the document attached")
	}
	if k.Window {
		f = append(f, "from, until and who confirmed it")
	}
	if k.Limit {
		f = append(f, fmt.Sprintf("limit and reading in %s, read within %s", k.Unit, Span(k.Fresh)))
	}
	if k.Count {
		f = append(f, "how many")
	}
	if len(f) == 0 {
		return ""
	}
	return " (" + strings.Join(f, "; ") + ")"
}

func writeTopics(b *strings.Builder, h Hazard) {
	b.WriteString("Meeting topics:\n\n")
	for _, t := range TopicsOf(h.ID, nil) {
		fmt.Fprintf(b, "- %s (`%s`)\n", t.Text, t.ID)
	}
	b.WriteString("\n")
}
