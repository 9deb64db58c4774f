package api

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

// TestAnswersNameEveryField holds the wire apart from storage: the API
// answers with response types that may embed the domain's rows, so every
// field an answer can carry must name its JSON member explicitly. A field
// added to a row, or a column renamed, then reaches the wire only through
// a json tag someone wrote, and the committed document
// (TestOpenAPIDocument) fails until it is regenerated and reviewed.
func TestAnswersNameEveryField(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string, check func(path string))
	walk = func(typ reflect.Type, path string, check func(string)) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ == reflect.TypeFor[time.Time]() {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			if !f.IsExported() {
				continue
			}
			tag, ok := f.Tag.Lookup("json")
			if f.Anonymous && (!ok || tag == "") {
				walk(f.Type, path, check) // flattened into the answer
				continue
			}
			if tag == "-" {
				continue
			}
			if name, _, _ := strings.Cut(tag, ","); !ok || name == "" {
				check(path + "." + typ.Name() + "." + f.Name)
				continue
			}
			walk(f.Type, path+"."+typ.Name(), check)
		}
	}
	routes := (*handlers)(nil).apiRoutes()
	if len(routes) == 0 {
		t.Fatal("no routes")
	}
	checked := 0
	for _, rt := range routes {
		if rt.response == nil {
			continue
		}
		checked++
		walk(reflect.TypeOf(rt.response), rt.method+" "+rt.path, func(field string) {
			t.Errorf("%s: %s has no json tag naming its member; name it, so that no storage change reaches the wire unseen", rt.method+" "+rt.path, field)
		})
	}
	if checked < 40 {
		t.Errorf("checked the answers of %d routes; the table has more", checked)
	}
	// The check itself finds an untagged field.
	type untagged struct {
		setsafe.Firearm
		Loose string
	}
	found := false
	seen = map[reflect.Type]bool{}
	walk(reflect.TypeFor[untagged](), "probe", func(string) { found = true })
	if !found {
		t.Error("an untagged field was not found")
	}
}
