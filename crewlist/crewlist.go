package crewlist

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
)

// Limits on one crew list: a feature film's crew and cast fit many times
// over; more is a mistake or an attack.
const (
	MaxSize = 1 << 20 // bytes
	MaxRows = 2000    // people, blank rows not counted
)

// Person is one row of a crew list that can be added to a production.
type Person struct {
	// Row is the row of the file the person is on, counting the headings
	// as row 1, as a spreadsheet numbers them.
	Row int
	setsafe.PersonDetails
	// Role is the role they get: see [RoleFor].
	Role setsafe.Role
	// Duties are the duties their job title says (see
	// [setsafe.ReadTitle]); none when the title is one of the List's
	// Unplaced.
	Duties []setsafe.Duty
	// OtherDuties are, for someone proposed as an armorer, the duties
	// besides armorer work their title says: FA-4 refuses their firearm
	// work until the title is corrected or the duty set aside.
	OtherDuties []setsafe.Duty
}

// Placed gives the person the role an importer chose for their job title
// when the crew list could not place it; choices are keyed by [TitleKey].
// It returns the person unchanged when their title was placed.
func (p Person) Placed(choices map[string]setsafe.Role) Person {
	if len(p.Duties) > 0 {
		return p
	}
	if r, ok := choices[TitleKey(p.JobTitle)]; ok {
		p.Role = r
	}
	return p
}

// Message says what is wrong and what to do, in English, with its values
// apart so that it can be said in another language: Format is one of
// [Formats], filled with Args.
type Message struct {
	Format string
	Args   []any
}

func says(format string, args ...any) Message { return Message{format, args} }

// String returns the message in English.
func (m Message) String() string { return fmt.Sprintf(m.Format, m.Args...) }

// The messages of this package, in English.
const (
	fmtUnreadable       = "The file could not be read; upload it again."
	fmtTooLarge         = "The file is larger than %d MB; split the crew list into smaller files and upload each."
	fmtBadWorkbook      = "This workbook could not be read; in the spreadsheet, save the crew list as \"CSV UTF-8\" and upload that file."
	fmtWorkbookTooLarge = "This workbook unpacks to more than a crew list holds; save the crew list's sheet as \"CSV UTF-8\" and upload that file."
	fmtEmpty            = "The file is empty; export the crew list from the spreadsheet as CSV, with the column headings in the first row."
	fmtNoNameColumn     = "No column of names; the first row must hold the column headings, one of them Name (or Full name, Nombre, or both First name and Last name)."
	fmtTooManyRows      = "The crew list has more than %d people; split it into smaller files and upload each."
	fmtNotCSV           = "The file could not be read as CSV; export the crew list from the spreadsheet as CSV and upload it again."
	fmtBadRow           = "This row could not be read as CSV; export the crew list from the spreadsheet again."
	fmtBareQuote        = "A cell holds a double quote (\") but does not start with one; put the whole cell in double quotes and write the quote inside it twice (\"\")."
	fmtUnclosedQuote    = "A quoted cell is not closed; add the missing double quote (\") at the end of the cell."
	fmtNoName           = "No name; every person needs one: type it in the Name column, or delete the row."
	fmtSameEmail        = "The e-mail address %s is on row %d too; keep one of the two rows."
	fmtSameName         = "%s is on row %d too; keep one of the two rows."
	fmtSamePerson       = "This is %s, who is on the production and on row %d too; keep one of the two rows."
	fmtBadName          = "The name %q %s; correct it in the Name column."
	fmtBadDepartment    = "The department %q %s; shorten it or leave the cell empty."
	fmtBadJobTitle      = "The job title %q %s; shorten it or leave the cell empty."
	fmtBadEmail         = "The e-mail address %q %s; correct it or leave the cell empty."
	fmtBadPhone         = "The phone number %q %s; correct it or leave the cell empty."
	fmtBadDetail        = "%s; correct the row."
	fmtPhoneAsIs        = "Phone kept as written: %s. It is not one number to dial; correct it on the person's page if it should be."
)

// FormatTooLarge is the format of the message that a file is too large.
const FormatTooLarge = fmtTooLarge

// Formats returns the English format of every [Message] of the package,
// for those who translate them.
func Formats() []string {
	return []string{fmtUnreadable, fmtTooLarge, fmtBadWorkbook, fmtWorkbookTooLarge, fmtEmpty, fmtNoNameColumn, fmtTooManyRows, fmtNotCSV, fmtBadRow,
		fmtBareQuote, fmtUnclosedQuote, fmtNoName, fmtSameEmail, fmtSameName, fmtSamePerson, fmtBadName, fmtBadDepartment, fmtBadJobTitle,
		fmtBadEmail, fmtBadPhone, fmtBadDetail, fmtPhoneAsIs}
}

// Problem is a row that cannot be added as it is, and what to change.
type Problem struct {
	Row int
	Message
}

// String says which row and what to do, as in "Row 7: No name; every
// person needs one: type it in the Name column, or delete the row."
func (p Problem) String() string { return fmt.Sprintf("Row %d: %s", p.Row, p.Message) }

// FileError is a crew list that cannot be read at all: too large, not
// text, not CSV, or without a column of names. Row is 0 when the problem
// is not on one row.
type FileError struct {
	Row int
	Message
}

// Error implements error.
func (e *FileError) Error() string {
	if e.Row == 0 {
		return e.Message.String()
	}
	return fmt.Sprintf("Row %d: %s", e.Row, e.Message)
}

// List is what a crew list holds: the people it adds, the rows that need
// fixing, and the columns it has that setsafe does not read.
type List struct {
	People   []Person
	Problems []Problem
	// Warnings are what to look at on rows that are read nonetheless: a
	// phone kept as written.
	Warnings []Problem
	Ignored  []string
	// Encoding is how the file's text was written, and Separator what
	// separates its cells.
	Encoding  Encoding
	Separator rune
	// Unplaced are the job titles that say no duty setsafe knows, each
	// once, in the order of their first row; their people are crew unless
	// the importer chooses otherwise ([Person.Placed]).
	Unplaced []Unplaced
}

// column is a detail a crew list may give, and the headings it goes by.
type column int

const (
	colName column = iota
	colFirst
	colLast
	colDepartment
	colJobTitle
	colEmail
	colPhone
)

// headings maps column headings, as [simplify] writes them, to what they
// hold.
var headings = map[string]column{
	"name": colName, "full name": colName, "fullname": colName, "crew name": colName, "cast name": colName,
	"person": colName, "crew member": colName,
	"first name": colFirst, "firstname": colFirst, "given name": colFirst, "forename": colFirst,
	"last name": colLast, "lastname": colLast, "surname": colLast, "family name": colLast,
	"department": colDepartment, "dept": colDepartment, "division": colDepartment,
	"role": colJobTitle, "position": colJobTitle, "job title": colJobTitle, "jobtitle": colJobTitle,
	"title": colJobTitle, "job": colJobTitle, "crew position": colJobTitle,
	"email": colEmail, "e mail": colEmail, "email address": colEmail, "e mail address": colEmail, "mail": colEmail,
	"phone": colPhone, "phone number": colPhone, "mobile": colPhone, "mobile phone": colPhone, "mobile number": colPhone,
	"cell": colPhone, "cell phone": colPhone, "cell number": colPhone, "telephone": colPhone, "tel": colPhone,
	// Spanish, for crews that work in both languages.
	"nombre": colName, "nombre completo": colName, "nombre y apellidos": colName, "apellido": colLast, "apellidos": colLast,
	"departamento": colDepartment, "puesto": colJobTitle, "cargo": colJobTitle, "rol": colJobTitle,
	"correo": colEmail, "correo electrónico": colEmail, "correo electronico": colEmail,
	"teléfono": colPhone, "telefono": colPhone, "móvil": colPhone, "movil": colPhone, "celular": colPhone,
}

// fixes says, for each detail the domain may refuse, how the person who
// made the file puts it right.
var fixes = map[string]string{
	"name": fmtBadName, "department": fmtBadDepartment, "job_title": fmtBadJobTitle, "email": fmtBadEmail, "phone": fmtBadPhone,
}

// Parse reads a crew list: a row of column headings, then one person a
// row. It returns a [*FileError] when the file cannot be read at all;
// otherwise every row that is not blank is either one of the List's
// People or one of its Problems.
func Parse(r io.Reader) (*List, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, &FileError{Message: says(fmtUnreadable)}
	}
	if len(data) > MaxSize {
		return nil, &FileError{Message: says(fmtTooLarge, MaxSize>>20)}
	}
	var enc Encoding
	if isZip(data) {
		if data, err = workbookText(data); err != nil {
			return nil, err
		}
		enc = Workbook
	} else {
		data, enc = Decode(data)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FileError{Message: says(fmtEmpty)}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	sep := Separator(data)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	// A tab is space too: trimmed, an empty cell would vanish.
	cr.TrimLeadingSpace = sep != '\t'
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err)
	}
	cols, ignored := readHeadings(header)
	_, hasName := cols[colName]
	_, hasFirst := cols[colFirst]
	_, hasLast := cols[colLast]
	if !hasName && !(hasFirst && hasLast) {
		line, _ := cr.FieldPos(0)
		return nil, &FileError{Row: line, Message: says(fmtNoNameColumn)}
	}
	list := &List{Ignored: ignored, Encoding: enc, Separator: sep}
	byEmail, byName := map[string]int{}, map[string]int{}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		if blank(rec) {
			continue
		}
		if rows++; rows > MaxRows {
			return nil, &FileError{Message: says(fmtTooManyRows, MaxRows)}
		}
		line, _ := cr.FieldPos(0)
		cell := func(c column) string {
			if i, ok := cols[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		pd := setsafe.PersonDetails{Name: cell(colName), Department: cell(colDepartment), JobTitle: cell(colJobTitle),
			Email: cell(colEmail), Phone: cell(colPhone)}
		if pd.Name == "" {
			pd.Name = strings.TrimSpace(cell(colFirst) + " " + cell(colLast))
		}
		if pd.Name == "" {
			list.Problems = append(list.Problems, Problem{line, says(fmtNoName)})
			continue
		}
		clean, err := pd.Check()
		if err != nil {
			for _, m := range detailProblems(pd, err) {
				list.Problems = append(list.Problems, Problem{line, m})
			}
			continue
		}
		if first, ok := byEmail[clean.Email]; ok && clean.Email != "" {
			list.Problems = append(list.Problems, Problem{line, says(fmtSameEmail, clean.Email, first)})
			continue
		}
		if first, ok := byName[clean.Name]; ok {
			list.Problems = append(list.Problems, Problem{line, says(fmtSameName, clean.Name, first)})
			continue
		}
		if clean.Email != "" {
			byEmail[clean.Email] = line
		}
		byName[clean.Name] = line
		if clean.Phone != "" && !setsafe.OnePhoneNumber(clean.Phone) {
			list.Warnings = append(list.Warnings, Problem{line, says(fmtPhoneAsIs, clean.Phone)})
		}
		list.add(Person{Row: line, PersonDetails: clean})
	}
	return list, nil
}

// add places a person's job title and adds them, noting a title that
// says no duty.
func (l *List) add(p Person) {
	td := setsafe.ReadTitle(p.JobTitle, p.Department)
	p.Role, p.Duties = td.Role(), td.Duties
	if p.Role == setsafe.RoleArmorer || p.Role == setsafe.RoleAssistantArmorer {
		p.OtherDuties = td.OtherDuties()
	}
	l.People = append(l.People, p)
	if len(td.Duties) > 0 || p.JobTitle == "" {
		return
	}
	key := TitleKey(p.JobTitle)
	i := slices.IndexFunc(l.Unplaced, func(u Unplaced) bool { return u.Key() == key })
	if i < 0 {
		l.Unplaced = append(l.Unplaced, Unplaced{Title: p.JobTitle})
		i = len(l.Unplaced) - 1
	}
	l.Unplaced[i].Rows = append(l.Unplaced[i].Rows, p.Row)
}

// readHeadings finds the columns setsafe reads by their headings; the
// first of two columns with the same meaning wins. It returns the
// headings of the others.
func readHeadings(header []string) (map[column]int, []string) {
	cols := map[column]int{}
	var ignored []string
	for i, h := range header {
		c, ok := headings[simplify(h)]
		if _, dup := cols[c]; !ok || dup {
			if h = strings.TrimSpace(h); h != "" {
				ignored = append(ignored, h)
			}
			continue
		}
		cols[c] = i
	}
	return cols, ignored
}

func blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" })
}

// detailProblems says what is wrong with a row's details and how to fix
// each.
func detailProblems(pd setsafe.PersonDetails, err error) []Message {
	e, ok := errors.AsType[*setsafe.Error](err)
	if !ok || len(e.Fields) == 0 {
		return []Message{says(fmtBadDetail, setsafe.ErrorMessage(err))}
	}
	values := map[string]string{"name": pd.Name, "department": pd.Department, "job_title": pd.JobTitle, "email": pd.Email, "phone": pd.Phone}
	var out []Message
	for _, f := range slices.Sorted(maps.Keys(e.Fields)) {
		if fix, ok := fixes[f]; ok {
			out = append(out, says(fix, values[f], e.Fields[f]))
		} else {
			out = append(out, says(fmtBadDetail, f+": "+e.Fields[f]))
		}
	}
	return out
}

// csvError turns the CSV reader's error into what to fix, on its row.
func csvError(err error) error {
	pe, ok := errors.AsType[*csv.ParseError](err)
	if !ok {
		return &FileError{Message: says(fmtNotCSV)}
	}
	msg := says(fmtBadRow)
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = says(fmtBareQuote)
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = says(fmtUnclosedQuote)
	}
	return &FileError{Row: pe.StartLine, Message: msg}
}
