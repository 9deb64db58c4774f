package recordkeeping

import (
	"fmt"
	"io"
	"strconv"

	"github.com/setsafe/setsafe/pdf"
)

// column300 is one column of the 300 log as drawn: its letter, heading
// and width in millimetres.
type column300 struct {
	letter, heading string
	w               float64
	align           string
}

// columns300 are the log's columns A to M, 259 mm across a landscape
// Letter page.
var columns300 = []column300{
	{"A", "Case no.", 14, "L"},
	{"B", "Employee's name", 28, "L"},
	{"C", "Job title", 24, "L"},
	{"D", "Date of injury or onset of illness", 17, "L"},
	{"E", "Where the event occurred", 28, "L"},
	{"F", "Describe injury or illness, parts of body affected, and object/substance that directly injured or made person ill", 42, "L"},
	{"G", "Death", 11, "C"},
	{"H", "Days away from work", 11, "C"},
	{"I", "Job transfer or restriction", 11, "C"},
	{"J", "Other recordable cases", 11, "C"},
	{"K", "Away from work (days)", 12, "C"},
	{"L", "On job transfer or restriction (days)", 12, "C"},
	{"1", "Injury", 7, "C"},
	{"2", "Skin disorder", 7, "C"},
	{"3", "Respiratory condition", 7, "C"},
	{"4", "Poisoning", 7, "C"},
	{"5", "Hearing loss", 7, "C"},
	{"6", "All other illnesses", 7, "C"},
}

const (
	logLeft     = 10.0
	logHeadTop  = 40.0 // where the column headings start
	logHeadH    = 24.0
	logLine     = 3.4   // line height of a row
	logBottom   = 180.0 // rows stop here; page totals and notes follow
	logFontSize = 7.0
	// maxRowLines keeps a row on one page; longer text is cut with "...".
	maxRowLines = 30
)

// Write300PDF writes the year's OSHA 300 log (see [Log300]) as a PDF on
// landscape Letter pages, with the totals of each page at its foot.
// Privacy cases show "Privacy case" in column B.
func Write300PDF(w io.Writer, est Establishment, year int, cases []Case) error {
	log, err := Log300(est, year, cases)
	if err != nil {
		return fmt.Errorf("300 log PDF: %w", err)
	}
	s := newSheet("L", fmt.Sprintf("OSHA Form 300 %d, %s", year, est.Name))
	s.page300(log)
	var page []Row
	y := logHeadTop + logHeadH
	for _, r := range log.Rows {
		cells := s.rowCells(r)
		h := float64(s.rowLines(cells)) * logLine
		if y+h > logBottom && len(page) > 0 {
			s.pageTotals(page)
			s.page300(log)
			page, y = nil, logHeadTop+logHeadH
		}
		s.drawRow(y, cells, h)
		page = append(page, r)
		y += h
	}
	if len(log.Rows) == 0 {
		s.font("I", 8)
		s.cell(logLeft, y+2, 259, 5, "No recordable work-related injuries or illnesses in "+strconv.Itoa(year)+".", "", "L")
	}
	s.pageTotals(page)
	return s.finish(w, "300 log PDF")
}

// page300 starts a page of the log: title, notice, establishment and
// column headings.
func (s *sheet) page300(log Log) {
	s.AddPage()
	e := log.Establishment
	s.font("B", 13)
	s.cell(logLeft, 10, 180, 6, "OSHA's Form 300  Log of Work-Related Injuries and Illnesses", "", "L")
	s.font("B", 12)
	s.cell(209, 10, 60, 6, "Year "+strconv.Itoa(log.Year), "", "R")
	s.font("", 6.5)
	s.para(logLeft, 17, 180, 2.8, "Attention: This form contains information relating to employee health and must be used in a manner that protects the confidentiality of employees to the extent possible while the information is being used for occupational safety and health purposes.")
	s.para(logLeft, 23, 180, 2.8, "You must record information about every work-related death and about every work-related injury or illness that involves loss of consciousness, restricted work activity or job transfer, days away from work, or medical treatment beyond first aid. You must also record significant work-related injuries and illnesses diagnosed by a physician or licensed health care professional (29 CFR 1904.7).")
	s.font("", 8)
	y := s.paraMax(199, 17, 70, 3.6, "Establishment name: "+e.Name, 2)
	s.cell(199, y, 70, 3.6, "City: "+e.City+"   State: "+e.State, "", "L")
	s.cell(199, y+3.8, 70, 3.6, fmt.Sprintf("Page %d of %s", s.PageNo(), pdf.TotalPages), "", "L")

	s.font("B", 7)
	s.cell(logLeft, 34, 73, 4, "Identify the person", "", "L")
	s.cell(logLeft+73, 34, 80, 4, "Describe the case", "", "L")
	s.cell(logLeft+153, 34, 44, 4, "Classify the case", "", "L")
	s.cell(logLeft+197, 34, 24, 4, "Number of days", "", "L")
	s.cell(logLeft+221, 34, 42, 4, "Type of case (M)", "", "L")
	x := logLeft
	for _, c := range columns300 {
		s.Rect(x, logHeadTop, c.w, logHeadH)
		s.font("B", 7)
		s.cell(x, logHeadTop+0.5, c.w, 3, "("+c.letter+")", "", "C")
		s.font("", 5.5)
		if c.w > 12 {
			s.para(x+0.3, logHeadTop+4, c.w-0.6, 2.4, c.heading)
		} else {
			s.upright(x, c.w, c.heading)
		}
		x += c.w
	}
}

// upright writes a heading of a narrow column turned to read upwards, in
// as many lines as it needs side by side.
func (s *sheet) upright(x, w float64, heading string) {
	ls := s.lines(heading, logHeadH-5)
	left := x + (w-float64(len(ls))*2.2)/2 + 1.8
	for i, l := range ls {
		lx, ly := left+float64(i)*2.2, logHeadTop+logHeadH-1
		s.Turned(90, lx, ly, func() { s.Text(lx, ly, l) })
	}
}

// rowCells are the texts of a row, column by column.
func (s *sheet) rowCells(r Row) []string {
	cells := []string{
		r.CaseNumber, r.Name, r.JobTitle, showDate(r.Date), r.Where, r.Description,
		check(r.Marked("G")), check(r.Marked("H")), check(r.Marked("I")), check(r.Marked("J")),
		count(r.DaysAway), count(r.DaysRestricted),
	}
	for _, t := range CaseTypes {
		cells = append(cells, check(r.Marked(t.Column())))
	}
	return cells
}

// rowLines is how many lines the row needs: its tallest wrapped cell.
func (s *sheet) rowLines(cells []string) int {
	s.font("", logFontSize)
	n := 1
	for i, c := range columns300 {
		if l := len(s.lines(cells[i], c.w)); l > n {
			n = l
		}
	}
	return min(n, maxRowLines)
}

// drawRow draws a row of cells at y with a height.
func (s *sheet) drawRow(y float64, cells []string, h float64) {
	x := logLeft
	s.font("", logFontSize)
	for i, c := range columns300 {
		s.Rect(x, y, c.w, h)
		if c.align == "L" {
			s.paraMax(x, y, c.w, logLine, cells[i], maxRowLines)
		} else {
			s.cell(x, y, c.w, logLine, cells[i], "", c.align)
		}
		x += c.w
	}
}

// pageTotals writes the totals of the rows on the page under the last
// row, and the reminder to carry them to the 300A.
func (s *sheet) pageTotals(rows []Row) {
	t := summarize(Log{Rows: rows})
	y := logBottom + 2
	x := logLeft
	s.font("B", logFontSize)
	var before float64
	for _, c := range columns300[:6] {
		before += c.w
	}
	s.cell(x, y, before, 5, "Page totals", "1", "R")
	x += before
	totals := []int{t.Deaths, t.DaysAwayCases, t.RestrictedCases, t.OtherCases, t.DaysAway, t.DaysRestricted}
	for _, ct := range CaseTypes {
		totals = append(totals, t.Types[ct])
	}
	for i, c := range columns300[6:] {
		s.cell(x, y, c.w, 5, strconv.Itoa(totals[i]), "1", "C")
		x += c.w
	}
	s.font("", 6.5)
	s.para(logLeft, y+7, 259, 3, "Be sure to transfer these totals to the Summary page (Form 300A) before you post it. Classify each case by its most serious outcome: check one box of G to J. Column M: check the injury column (1) or one type of illness, (2) skin disorder, (3) respiratory condition, (4) poisoning, (5) hearing loss, (6) all other illnesses.")
	s.para(logLeft, y+13, 259, 3, "Privacy concern cases (29 CFR 1904.29(b)(6)-(8)) show \"Privacy case\" instead of the employee's name; the names are kept on a separate confidential list.")
}
