package pages

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"github.com/setsafe/setsafe"
)

// decodeForm reads a posted form into a request type of the API, so that
// a page and the API build a command from the same request: each field is
// read from the form field named as its JSON member. A checkbox's field is
// true when ticked; a whole number may be left empty (0); a list takes
// every value of its field that is not empty. A number that is not one is
// a problem named by its field, as the API names it.
func decodeForm(f url.Values, v any) error {
	return decodeFormFields(f, reflect.ValueOf(v).Elem(), "")
}

// decodeFormFields reads the fields of a struct from the form, each named
// prefix and its JSON member; a field that is itself a struct is read
// from the fields named after it and a dot ("origin.kind"), as the API
// names its problems.
func decodeFormFields(f url.Values, rv reflect.Value, prefix string) error {
	rt := rv.Type()
	for i := range rt.NumField() {
		field := rt.Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if !field.IsExported() || name == "" || name == "-" {
			continue
		}
		name = prefix + name
		text := strings.TrimSpace(f.Get(name))
		dst := rv.Field(i)
		switch dst.Kind() {
		case reflect.String:
			dst.SetString(f.Get(name))
		case reflect.Bool:
			dst.SetBool(text != "" && text != "false" && text != "off" && text != "0")
		case reflect.Int, reflect.Int64:
			n, err := formInt(f, name, 0)
			if err != nil {
				return err
			}
			dst.SetInt(n)
		case reflect.Slice:
			if dst.Type().Elem().Kind() != reflect.String {
				return fmt.Errorf("decode form: %s.%s is a list of %s, which a form cannot carry", rt.Name(), field.Name, dst.Type().Elem())
			}
			dst.SetZero()
			for _, s := range f[name] {
				if strings.TrimSpace(s) != "" {
					dst.Set(reflect.Append(dst, reflect.ValueOf(s).Convert(dst.Type().Elem())))
				}
			}
		case reflect.Struct:
			if err := decodeFormFields(f, dst, name+"."); err != nil {
				return err
			}
		default:
			return fmt.Errorf("decode form: %s.%s is a %s, which a form cannot carry", rt.Name(), field.Name, dst.Type())
		}
	}
	return nil
}

// formCommand reads a form into the API's request type R and builds its
// command with build, as the API builds it from JSON; a problem with the
// form comes back beside the command.
func formCommand[R any, C setsafe.Command](form url.Values, build func(R) C) (setsafe.Command, error) {
	var req R
	err := decodeForm(form, &req)
	return build(req), err
}
