package crewlist_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

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
		{file: "latin1.csv", people: []person{
			{2, "Rosa Vega", "Props", "", "", "", setsafe.RoleCrew},
			{3, "José Peña", "Camera", "", "", "", setsafe.RoleCrew},
		}},
		{file: "excel-1252.csv", ignored: []string{"Notes"}, people: []person{
			{2, "Rosa Muñoz", "Props", "Armorer’s assistant", "rosa@redmesa.example", "+1 505 555 0101", setsafe.RoleAssistantArmorer},
			{3, "Iván Núñez", "Cámara", "Operador", "ivan@redmesa.example", "505-555-0102", setsafe.RoleCrew},
			{4, "Zoë Brontë", "Production", "Unit Production Manager", "zoe@redmesa.example", "", setsafe.RoleUPM},
		}},
		{file: "tab-utf8.tsv", people: []person{
			{2, "Łukasz Wróbel", "Utilería", "Jefe de utilería", "lukasz@redmesa.example", "+48 600 000 001", setsafe.RolePropertyMaster},
			{3, "Iván Núñez", "Cámara", "Operador", "ivan@redmesa.example", "505-555-0102", setsafe.RoleCrew},
			{4, `Ana "Chispa" Ruiz`, "Efectos especiales", "Pirotécnica", "", "505-555-0140 ext 2", setsafe.RoleCrew},
		}},
		{file: "unicode-text.txt", people: []person{
			{2, "Łukasz Wróbel", "Props", "Key Armorer", "lukasz@redmesa.example", "+48 600 000 001", setsafe.RoleArmorer},
			{3, "María Núñez", "Cast", "Actriz", "", "", setsafe.RoleCast},
		}},
		{file: "crew.xlsx", people: []person{
			{2, "Łukasz Wróbel", "Props", "Asst. Armorer", "lukasz@redmesa.example", "5055550101", setsafe.RoleAssistantArmorer},
			{3, "Rosa Muñoz", "Assistant Directors", "Primer ayudante de dirección", "", "505-555-0140 ext 2", setsafe.RoleFirstAD},
			{5, "Sam Ortiz", "", "Gun wrangler", "", "", setsafe.RoleArmorer},
		}},
		{file: "odd-phones.csv",
			people: []person{
				{2, "Tess Young", "", "", "", "505-555-0138 / 505-555-0199", setsafe.RoleCrew},
				{3, "Sam Ortiz", "", "", "", "505-555-0140 ext 2", setsafe.RoleCrew},
				{4, "Lee Chan", "", "", "", "+1 (505) 555-0142", setsafe.RoleCrew},
				{6, "Bo Diaz", "", "", "", "91 555 01 40 extensión 3", setsafe.RoleCrew},
			},
			problems: []string{`Row 5: The phone number "call me maybe" may hold only digits`}},
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
		{"a workbook", append([]byte("PK\x03\x04"), fixture(t, "week1.csv")...), 0, `save the crew list as "CSV UTF-8"`},
		{"a workbook that unpacks to too much", fixture(t, "bomb.xlsx"), 0, "unpacks to more than a crew list holds"},
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
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
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

func TestDecode(t *testing.T) {
	utf16le := func(s string) []byte {
		out := []byte{0xff, 0xfe}
		for _, r := range s {
			out = append(out, byte(r), byte(r>>8))
		}
		return out
	}
	tests := []struct {
		name string
		data []byte
		want string
		enc  crewlist.Encoding
	}{
		{"UTF-8", []byte("Name\nNúñez\n"), "Name\nNúñez\n", crewlist.UTF8},
		{"UTF-8 with its mark", []byte("\xef\xbb\xbfName\nNúñez\n"), "Name\nNúñez\n", crewlist.UTF8},
		{"Windows-1252", []byte("Name\nN\xfa\xf1ez \x80\x92\n"), "Name\nNúñez €’\n", crewlist.Windows1252},
		{"UTF-16 little-endian", utf16le("Name\nNúñez\n"), "Name\nNúñez\n", crewlist.UTF16},
		{"UTF-16 big-endian", []byte{0xfe, 0xff, 0, 'N', 0, 0xf1}, "Nñ", crewlist.UTF16},
		{"plain ASCII", []byte("Name\n"), "Name\n", crewlist.UTF8},
	}
	for _, tt := range tests {
		got, enc := crewlist.Decode(tt.data)
		if string(got) != tt.want || enc != tt.enc {
			t.Errorf("%s: Decode = %q, %s; want %q, %s", tt.name, got, enc, tt.want, tt.enc)
		}
	}
}

func TestSeparator(t *testing.T) {
	tests := []struct {
		name, text string
		want       rune
	}{
		{"comma", "Name,Phone\nA,1\n", ','},
		{"semicolon", "Name;Phone\nA;1\n", ';'},
		{"tab", "Name\tPhone\nA\t1\n", '\t'},
		{"one column", "Name\nA\n", ','},
		{"commas in the names of a semicolon list", "Name;Phone\n\"Whitfield, Dana\";1\n\"Bell, Marcus\";2\n", ';'},
		{"commas inside quoted headings", "\"Name, full\"\tPhone\nA\t1\n", '\t'},
		{"a comma in a tab list's cell", "Name\tDepartment\nWhitfield, Dana\tProduction\nBell, Marcus\tCast\n", '\t'},
		{"semicolons in a comma list's notes", "Name,Notes\nA,x;y;z\nB,\nC,\n", ','},
		{"blank lines before the rows", "Name;Phone\n\n\nA;1\n", ';'},
	}
	for _, tt := range tests {
		if got := crewlist.Separator([]byte(tt.text)); got != tt.want {
			t.Errorf("%s: Separator = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWarnings(t *testing.T) {
	l, err := crewlist.Parse(bytes.NewReader(fixture(t, "odd-phones.csv")))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range l.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		"Row 2: Phone kept as written: 505-555-0138 / 505-555-0199.",
		"Row 3: Phone kept as written: 505-555-0140 ext 2.",
		"Row 6: Phone kept as written: 91 555 01 40 extensión 3.",
	}
	if len(got) != len(want) {
		t.Fatalf("warnings %q, want %q", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %q, want it to start %q", got[i], want[i])
		}
	}
}

// onProduction is the production as a first crew list left it.
func onProduction(t *testing.T, file string) []*setsafe.Person {
	l, err := crewlist.Parse(bytes.NewReader(fixture(t, file)))
	if err != nil {
		t.Fatal(err)
	}
	var out []*setsafe.Person
	for i, p := range l.People {
		out = append(out, &setsafe.Person{ID: fmt.Sprintf("p%d", i), Name: p.Name, Department: p.Department, JobTitle: p.JobTitle,
			Email: p.Email, Phone: p.Phone, Active: true})
	}
	return out
}

func TestPlanImport(t *testing.T) {
	week1 := onProduction(t, "week1.csv")
	left := &setsafe.Person{ID: "gone", Name: "Nina Cruz", Email: "nina@redmesa.example"}
	tests := []struct {
		name       string
		people     []*setsafe.Person
		file       string
		add        []string
		update     map[string][]crewlist.Change
		unchanged  []string
		noLonger   []string
		unplaced   []string
		byEmailToo []string
	}{
		{name: "first import", file: "week1.csv", add: []string{"Hannah Reed", "Kim Lee", "Dave Halls", "Sara Zachry", "Reid Russell"},
			unplaced: []string{"Key Grip"}},
		{name: "the same list again", people: week1, file: "week1.csv",
			unchanged: []string{"Hannah Reed", "Kim Lee", "Dave Halls", "Sara Zachry", "Reid Russell"}},
		{name: "the list a week later", people: append(slices.Clone(week1), left), file: "week2.csv",
			add: []string{"Nina Cruz"},
			update: map[string][]crewlist.Change{
				"Hannah Reed": {{Field: "phone", Old: "505-555-0101", New: "505-555-0111"}},
				// Matched by name; the blank phone keeps the known one.
				"Kim Lee":     {{Field: "email", Old: "kim@redmesa.example", New: "kim.lee@redmesa.example"}},
				"Sara Zachry": {{Field: "email", Old: "", New: "sara@redmesa.example"}},
			},
			unchanged: []string{"Reid Russell"}, noLonger: []string{"Dave Halls"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := crewlist.Parse(bytes.NewReader(fixture(t, tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			plan := crewlist.PlanImport(tt.people, l)
			var add, unchanged, noLonger, unplaced []string
			for _, p := range plan.Add {
				add = append(add, p.Name)
			}
			for _, k := range plan.Unchanged {
				unchanged = append(unchanged, k.Existing.Name)
			}
			for _, p := range plan.NoLongerListed {
				noLonger = append(noLonger, p.Name)
			}
			for _, u := range plan.Unplaced {
				unplaced = append(unplaced, u.Title)
			}
			if !slices.Equal(add, tt.add) || !slices.Equal(unchanged, tt.unchanged) || !slices.Equal(noLonger, tt.noLonger) ||
				!slices.Equal(unplaced, tt.unplaced) {
				t.Errorf("add %q, unchanged %q, no longer listed %q, unplaced %q; want %q, %q, %q, %q",
					add, unchanged, noLonger, unplaced, tt.add, tt.unchanged, tt.noLonger, tt.unplaced)
			}
			if len(plan.Update) != len(tt.update) {
				t.Fatalf("updates %+v, want %+v", plan.Update, tt.update)
			}
			for _, u := range plan.Update {
				if want := tt.update[u.Existing.Name]; !slices.Equal(u.Changes, want) {
					t.Errorf("%s: changes %+v, want %+v", u.Existing.Name, u.Changes, want)
				}
			}
			// The steps carry the plan out: an add for each new person, an
			// update with the re-import's reason for each change.
			n := 0
			steps := plan.Steps(nil, true, func() string { n++; return fmt.Sprintf("new%d", n) })
			if len(steps) != len(plan.Add)+len(plan.Update) {
				t.Fatalf("%d steps for %d to add and %d to update", len(steps), len(plan.Add), len(plan.Update))
			}
			for i, s := range steps {
				switch c := s.Command.(type) {
				case setsafe.AddPerson:
					if i >= len(plan.Add) || c.Name != plan.Add[i].Name || len(c.Roles) != 1 || c.Roles[0] != plan.Add[i].Role {
						t.Errorf("step %d adds %+v", i, c)
					}
				case setsafe.UpdatePerson:
					u := plan.Update[i-len(plan.Add)]
					if c.ID != u.Existing.ID || c.Reason != crewlist.ReimportReason || c.Phone == nil && c.Email == nil {
						t.Errorf("step %d updates %+v, want %+v", i, c, u)
					}
				default:
					t.Errorf("step %d is %T", i, c)
				}
			}
		})
	}
}

// FuzzDecode checks that any bytes decode to valid UTF-8 without a byte
// order mark, and that the separator found is one a crew list may have.
func FuzzDecode(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		f.Add(fixture(f, filepath.Base(n)))
	}
	f.Add([]byte{0xff, 0xfe, 'N', 0})
	f.Add([]byte{0xfe, 0xff, 0xd8, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc := crewlist.Decode(data)
		if !utf8.Valid(text) || bytes.HasPrefix(text, []byte("\xef\xbb\xbf")) && enc != crewlist.Windows1252 {
			t.Fatalf("Decode(%q) = %q, %s", data, text, enc)
		}
		if sep := crewlist.Separator(text); sep != ',' && sep != ';' && sep != '\t' {
			t.Fatalf("Separator(%q) = %q", text, sep)
		}
	})
}

// TestPlanImportMatches checks whom a list matches: by e-mail address
// before the name, never someone who left, and nobody twice.
func TestPlanImportMatches(t *testing.T) {
	people := []*setsafe.Person{
		{ID: "p1", Name: "Rosa Vega", Email: "rosa@redmesa.example", Active: true},
		{ID: "p2", Name: "Sam Ortiz", Active: true},
		{ID: "p3", Name: "Left Already", Email: "left@redmesa.example"},
	}
	list := &crewlist.List{People: []crewlist.Person{
		{Row: 2, PersonDetails: setsafe.PersonDetails{Name: "R. Vega", Email: "rosa@redmesa.example"}},
		{Row: 3, PersonDetails: setsafe.PersonDetails{Name: "Sam Ortiz"}},
		{Row: 4, PersonDetails: setsafe.PersonDetails{Name: "Left Already", Email: "left@redmesa.example"}},
		{Row: 5, PersonDetails: setsafe.PersonDetails{Name: "Nia Brooks"}},
		{Row: 6, PersonDetails: setsafe.PersonDetails{Name: "Sam Ortiz", Email: "sam@redmesa.example"}},
		{Row: 7, PersonDetails: setsafe.PersonDetails{Name: "Rosa Vega"}},
	}}
	plan := crewlist.PlanImport(people, list)
	var add []int
	for _, p := range plan.Add {
		add = append(add, p.Row)
	}
	if !slices.Equal(add, []int{4, 5}) {
		t.Errorf("to add: rows %v, want 4 and 5", add)
	}
	k := plan.Unchanged
	if len(k) != 2 || !k[0].ByEmail || k[0].Existing.ID != "p1" || k[1].ByEmail || k[1].Row != 3 || len(plan.Update) != 0 {
		t.Errorf("known: %+v, updates %+v", k, plan.Update)
	}
	if len(plan.NoLongerListed) != 0 {
		t.Errorf("no longer listed: %+v", plan.NoLongerListed)
	}
	if len(plan.Problems) != 2 || plan.Problems[0].Row != 6 || plan.Problems[1].Row != 7 ||
		!strings.Contains(plan.Problems[1].String(), "This is Rosa Vega, who is on the production and on row 2 too") {
		t.Errorf("problems: %+v", plan.Problems)
	}
}
