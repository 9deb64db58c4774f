package pages

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
)

// decodeForm reads a posted form into a request type of the API, so that
// a page and the API build a command from the same request: each field is
// read from the form field named as its JSON member. A checkbox's field is
// true when ticked (when any of its values is: a hidden "false" before the
// box says the form shows it); a whole number may be left empty (0); a
// list takes every value of its field that is not empty. A pointer field,
// as a correction has, stays nil unless the form has its field: a form
// that shows a list or a checkbox says so with a hidden empty value or
// "false" of that name. A number that is not one is a problem named by
// its field, as the API names it.
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
		dst := rv.Field(i)
		if dst.Kind() == reflect.Pointer {
			if !f.Has(name) {
				dst.SetZero()
				continue
			}
			dst.Set(reflect.New(dst.Type().Elem()))
			dst = dst.Elem()
		}
		if err := decodeFormValue(f, name, dst); err != nil {
			if _, problem := err.(*setsafe.Error); problem {
				return err // the person's to fix, named by its field
			}
			return fmt.Errorf("decode form: %s.%s %w", rt.Name(), field.Name, err)
		}
	}
	return nil
}

// errFormCarries says a field is of a type no form can carry: the
// programmer's mistake.
var errFormCarries = errors.New("is of a type a form cannot carry")

// decodeFormValue reads the form field name into dst.
func decodeFormValue(f url.Values, name string, dst reflect.Value) error {
	switch dst.Kind() {
	case reflect.String:
		dst.SetString(f.Get(name))
	case reflect.Bool:
		dst.SetBool(slices.ContainsFunc(f[name], func(s string) bool {
			s = strings.TrimSpace(s)
			return s != "" && s != "false" && s != "off" && s != "0"
		}))
	case reflect.Int, reflect.Int64:
		n, err := formInt(f, name, 0)
		if err != nil {
			return err
		}
		dst.SetInt(n)
	case reflect.Slice:
		if dst.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("(a list of %s) %w", dst.Type().Elem(), errFormCarries)
		}
		dst.SetZero()
		for _, s := range f[name] {
			if strings.TrimSpace(s) != "" {
				dst.Set(reflect.Append(dst, reflect.ValueOf(s).Convert(dst.Type().Elem())))
			}
		}
	case reflect.Struct:
		return decodeFormFields(f, dst, name+".")
	default:
		return fmt.Errorf("(a %s) %w", dst.Type(), errFormCarries)
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
