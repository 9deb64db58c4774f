package pages

import (
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/crewlist"
)

func TestExpiry(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	now := time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		expires time.Time
		want    string
	}{
		{time.Time{}, ""},
		{day("2020-01-10"), "expired"},
		{day("2021-10-20"), "expired"},
		{day("2021-10-21"), "soon"}, // the expiry day still counts
		{day("2021-11-19"), "soon"},
		{day("2021-11-20"), ""},
		{day("2030-12-31"), ""},
	}
	for _, tt := range tests {
		if got := expiry(now, tt.expires); got != tt.want {
			t.Errorf("expiry(%s) = %q, want %q", tt.expires.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestSortOut(t *testing.T) {
	st := setsafe.NewState("red-mesa")
	for _, p := range []*setsafe.Person{
		{ID: "p1", Name: "Rosa Vega", Email: "rosa@redmesa.example", Active: true},
		{ID: "p2", Name: "Sam Ortiz", Active: true},
		{ID: "p3", Name: "Left Already", Email: "left@redmesa.example"},
	} {
		st.Load(p)
	}
	list := &crewlist.List{People: []crewlist.Person{
		{Row: 2, PersonDetails: setsafe.PersonDetails{Name: "R. Vega", Email: "rosa@redmesa.example"}},
		{Row: 3, PersonDetails: setsafe.PersonDetails{Name: "Sam Ortiz"}},
		{Row: 4, PersonDetails: setsafe.PersonDetails{Name: "Left Already", Email: "left@redmesa.example"}},
		{Row: 5, PersonDetails: setsafe.PersonDetails{Name: "Nia Brooks"}},
	}}
	add, known := sortOut(st, list)
	if len(add) != 2 || add[0].Row != 4 || add[1].Row != 5 {
		t.Errorf("to add: %+v, want rows 4 and 5", add)
	}
	if len(known) != 2 || !known[0].ByEmail || known[0].Existing != "Rosa Vega" || known[1].ByEmail || known[1].Row != 3 {
		t.Errorf("known: %+v", known)
	}
}
