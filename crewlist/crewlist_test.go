package crewlist_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/crewlist"
)

// person is the part of a Person a test compares.
type person struct {
	Row                                      int
	Name, Department, JobTitle, Email, Phone string
	Role                                     setsafe.Role
}

func people(l *crewlist.List) []person {
	var out []person
	for _, p := range l.People {
		out = append(out, person{p.Row, p.Name, p.Department, p.JobTitle, p.Email, p.Phone, p.Role})
	}
	return out
}

func problems(l *crewlist.List) []string {
	var out []string
	for _, p := range l.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file     string
		people   []person
		problems []string // each wanted problem's start
		ignored  []string
	}{
		{file: "bom-comma-crlf.csv", people: []person{
			{2, "Rosa Vega", "Props", "Armorer", "rosa@redmesa.example", "+1 505 555 0101", setsafe.RoleArmorer},
			{3, "Whitfield, Dana", "Production", "Unit Production Manager", "dana@redmesa.example", "", setsafe.RoleUPM},
			{4, "Sam Ortiz", "Camera", "2nd AC", "", "505-555-0199", setsafe.RoleCrew},
		}},
		{file: "semicolon.csv", people: []person{
			{2, "Marcus Bell", "Cast", "Sheriff Cole", "marcus@redmesa.example", "+1 505 555 0110", setsafe.RoleCast},
			{3, "Jo Park", "Assistant Directors", "1st AD", "jo@redmesa.example", "", setsafe.RoleFirstAD},
			{4, "Lee Chan", "Props", "Property Master", "", "", setsafe.RolePropertyMaster},
		}},
		{file: "quoted.csv", ignored: []string{"Notes"}, people: []person{
			{2, "Ana Ruiz", "Camera", "First Assistant Director", "ana@redmesa.example", "", setsafe.RoleFirstAD},
			{3, `Bo "Red" Diaz`, "Stunts", "Stunt Coordinator", "", "", setsafe.RoleStuntCoordinator},
			{4, "Kay Moss", "Safety", "Safety Coordinator", "kay@redmesa.example", "+1 (505) 555-0142", setsafe.RoleSafetyCoordinator},
		}},
		{file: "first-last.csv", people: []person{
			// A producer is never made from a spreadsheet.
			{2, "Dana Whitfield", "Production", "Producer", "", "", setsafe.RoleCrew},
			{3, "Marcus Bell", "Cast", "", "", "", setsafe.RoleCast},
		}},
		{file: "spanish.csv", people: []person{
			{2, "Lucía Gómez", "Utilería", "Armera", "lucia@redmesa.example", "+34 600 000 001", setsafe.RoleArmorer},
		}},
		{file: "problems.csv",
			people: []person{{2, "Rosa Vega", "Props", "Armorer", "rosa@redmesa.example", "", setsafe.RoleArmorer}},
			problems: []string{
				"Row 3: No name; every person needs one",
				`Row 4: The e-mail address "not-an-address" is not an e-mail address`,
				`Row 5: The phone number "call me maybe" may hold only digits`,
				"Row 7: Rosa Vega is on row 2 too; keep one of the two rows.",
				"Row 8: The e-mail address rosa@redmesa.example is on row 2 too",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			l, err := crewlist.Parse(f)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := people(l); !slices.Equal(got, tt.people) {
				t.Errorf("people:\n got %+v\nwant %+v", got, tt.people)
			}
			got := problems(l)
			if len(got) != len(tt.problems) {
				t.Fatalf("problems: got %q, want %d", got, len(tt.problems))
			}
			for i, want := range tt.problems {
				if !strings.HasPrefix(got[i], want) {
					t.Errorf("problem %d: got %q, want it to start %q", i, got[i], want)
				}
			}
			if !slices.Equal(l.Ignored, tt.ignored) {
				t.Errorf("ignored columns %q, want %q", l.Ignored, tt.ignored)
			}
		})
	}
}

// TestParseTitles checks that job titles in English and Spanish propose
// their roles, that a title of two jobs says both, and that a title that
// says no duty is listed once for the importer to place.
func TestParseTitles(t *testing.T) {
	l, err := crewlist.Parse(bytes.NewReader(fixture(t, "titles.csv")))
	if err != nil {
		t.Fatal(err)
	}
	type placed struct {
		name   string
		role   setsafe.Role
		duties []setsafe.Duty
		others []setsafe.Duty
	}
	want := []placed{
		{"Hannah Reed", setsafe.RoleArmorer, []setsafe.Duty{setsafe.DutyArmorer, setsafe.DutyProps}, []setsafe.Duty{setsafe.DutyProps}},
		{"Sara Zachry", setsafe.RolePropertyMaster, []setsafe.Duty{setsafe.DutyProps}, nil},
		{"Kim Lee", setsafe.RoleAssistantArmorer, []setsafe.Duty{setsafe.DutyAssistantArmorer}, nil},
		{"Lucía Gómez", setsafe.RoleAssistantArmorer, []setsafe.Duty{setsafe.DutyAssistantArmorer}, nil},
		{"Pablo Ruiz", setsafe.RoleCrew, []setsafe.Duty{setsafe.DutyProps}, nil},
		{"Dave Halls", setsafe.RoleFirstAD, []setsafe.Duty{setsafe.DutyFirstAD}, nil},
		{"Marta Soler", setsafe.RoleFirstAD, []setsafe.Duty{setsafe.DutyFirstAD}, nil},
		{"Reid Russell", setsafe.RoleCrew, nil, nil},
		{"Tom Hall", setsafe.RoleCrew, nil, nil},
		{"Nina Cruz", setsafe.RoleCrew, []setsafe.Duty{setsafe.DutySpecialEffects}, nil},
	}
	if len(l.People) != len(want) {
		t.Fatalf("%d people, want %d: %+v", len(l.People), len(want), l.People)
	}
	for i, w := range want {
		p := l.People[i]
		if p.Name != w.name || p.Role != w.role || !slices.Equal(p.Duties, w.duties) || !slices.Equal(p.OtherDuties, w.others) {
			t.Errorf("row %d: %s as %s, duties %v, other duties %v; want %+v", p.Row, p.Name, p.Role, p.Duties, p.OtherDuties, w)
		}
	}
	if len(l.Unplaced) != 1 || l.Unplaced[0].Title != "Key Grip" || !slices.Equal(l.Unplaced[0].Rows, []int{9, 10}) {
		t.Fatalf("unplaced titles %+v, want Key Grip on rows 9 and 10", l.Unplaced)
	}
	// The importer's choice places both rows, and nobody else.
	choices := map[string]setsafe.Role{l.Unplaced[0].Key(): setsafe.RoleDepartmentHead}
	for _, p := range l.People {
		got, want := p.Placed(choices).Role, p.Role
		if p.JobTitle == "Key Grip" || p.JobTitle == "key grip" {
			want = setsafe.RoleDepartmentHead
		}
		if got != want {
			t.Errorf("%s placed as %s, want %s", p.Name, got, want)
		}
	}
}

func TestParseRefusesUnreadableFiles(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		row  int
		want string
	}{
		{"no column of names", fixture(t, "no-name-column.csv"), 1, "No column of names"},
		{"a bare quote", fixture(t, "bare-quote.csv"), 3, "put the whole cell in double quotes"},
		{"an unclosed quote", fixture(t, "unclosed-quote.csv"), 3, "quoted cell is not closed"},
		{"not UTF-8", fixture(t, "latin1.csv"), 3, `save the crew list as "CSV UTF-8"`},
		{"empty", fixture(t, "empty.csv"), 0, "The file is empty"},
		{"only spaces", []byte(" \n \n"), 0, "The file is empty"},
		{"too large", bytes.Repeat([]byte("x"), crewlist.MaxSize+1), 0, "larger than 1 MB"},
		{"too many rows", []byte("Name\n" + strings.Repeat("Someone\n", crewlist.MaxRows+1)), 0, "more than 2000 people"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := crewlist.Parse(bytes.NewReader(tt.data))
			fe, ok := errors.AsType[*crewlist.FileError](err)
			if !ok {
				t.Fatalf("Parse = %v, %v; want a FileError", l, err)
			}
			if fe.Row != tt.row || !strings.Contains(fe.Error(), tt.want) {
				t.Errorf("error %q on row %d, want row %d and %q", fe.Error(), fe.Row, tt.row, tt.want)
			}
		})
	}
}

func TestParseAtTheLimits(t *testing.T) {
	l, err := crewlist.Parse(strings.NewReader("Name\n" + strings.Repeat("Someone\n\n", crewlist.MaxRows)))
	if err != nil {
		t.Fatalf("blank rows count toward the limit: %v", err)
	}
	if len(l.People) != 1 || len(l.Problems) != crewlist.MaxRows-1 {
		t.Errorf("got %d people and %d problems, want 1 and %d repeats", len(l.People), len(l.Problems), crewlist.MaxRows-1)
	}
}

func TestRoleFor(t *testing.T) {
	tests := []struct {
		title, department string
		want              setsafe.Role
	}{
		{"Armorer", "Props", setsafe.RoleArmorer},
		{"ARMOURER", "", setsafe.RoleArmorer},
		{" 1st A.D. ", "", setsafe.RoleFirstAD},
		{"First Assistant Director", "", setsafe.RoleFirstAD},
		{"2nd AD", "", setsafe.RoleCrew},
		{"Property Master", "", setsafe.RolePropertyMaster},
		{"Safety Coordinator", "", setsafe.RoleSafetyCoordinator},
		{"Cast", "", setsafe.RoleCast},
		{"Sheriff Cole", "Cast", setsafe.RoleCast},
		{"Assistant to the armorer", "", setsafe.RoleCrew},
		{"Producer", "Production", setsafe.RoleCrew},
		{"Investigator", "", setsafe.RoleCrew},
		{"Primer ayudante de dirección", "", setsafe.RoleFirstAD},
		{"Doble", "Reparto", setsafe.RoleCast},
		{"", "", setsafe.RoleCrew},
	}
	for _, tt := range tests {
		if got := crewlist.RoleFor(tt.title, tt.department); got != tt.want {
			t.Errorf("RoleFor(%q, %q) = %s, want %s", tt.title, tt.department, got, tt.want)
		}
	}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// write writes people as a spreadsheet would export them.
func write(t testing.TB, ps []crewlist.Person) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"Name", "Department", "Job title", "E-mail", "Phone"})
	for _, p := range ps {
		w.Write([]string{p.Name, p.Department, p.JobTitle, p.Email, p.Phone})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzParseCrewList checks that any file gives people or problems, never a
// panic; that every person has a name and a valid role and every problem a
// row; and that the people written out again read back the same.
func FuzzParseCrewList(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, n := range names {
		f.Add(fixture(f, filepath.Base(n)))
	}
	f.Add([]byte("name;email\n\"a;b\";x@y.example\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := crewlist.Parse(bytes.NewReader(data))
		if err != nil {
			if _, ok := errors.AsType[*crewlist.FileError](err); !ok {
				t.Fatalf("Parse returned %T %v, want a FileError", err, err)
			}
			return
		}
		for _, p := range l.People {
			if strings.TrimSpace(p.Name) == "" || !p.Role.Valid() || p.Row < 2 {
				t.Fatalf("accepted %+v", p)
			}
			if _, err := p.PersonDetails.Check(); err != nil {
				t.Fatalf("accepted %+v, which AddPerson refuses: %v", p, err)
			}
		}
		for _, p := range l.Problems {
			if p.Row < 2 || p.Format == "" {
				t.Fatalf("problem %+v", p)
			}
		}
		again, err := crewlist.Parse(bytes.NewReader(write(t, l.People)))
		if err != nil {
			t.Fatalf("the people written out do not read back: %v", err)
		}
		if len(again.Problems) != 0 || len(again.People) != len(l.People) {
			t.Fatalf("read back %d people and problems %q, want %d people", len(again.People), problems(again), len(l.People))
		}
		for i, p := range again.People {
			if p.PersonDetails != l.People[i].PersonDetails || p.Role != l.People[i].Role {
				t.Fatalf("read back %+v, want %+v", p, l.People[i])
			}
		}
	})
}
