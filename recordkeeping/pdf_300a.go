package recordkeeping

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PostingNotice is the 300A's instruction on posting (1904.32(b)(5) and
// (b)(6)).
const PostingNotice = "Post this Summary page from February 1 to April 30 of the year following the year covered by the form."

// Write300APDF writes a 300A annual summary (see [Summary300A]) as a PDF
// on a portrait Letter page: the totals of columns G to M, the
// establishment and employment information, the certification block and
// the posting notice. The certification lines are left blank for a
// signature when the summary's Certification is empty.
func Write300APDF(w io.Writer, sum Summary) error {
	var ps problems
	validateYear(&ps, sum.Year)
	if strings.TrimSpace(sum.Establishment.Name) == "" {
		ps.add("establishment name", "is empty", "enter the establishment's name")
	}
	totals := []struct {
		name string
		n    int
	}{
		{"total deaths (G)", sum.Deaths}, {"total days-away cases (H)", sum.DaysAwayCases},
		{"total transfer or restriction cases (I)", sum.RestrictedCases}, {"total other recordable cases (J)", sum.OtherCases},
		{"total days away (K)", sum.DaysAway}, {"total days of transfer or restriction (L)", sum.DaysRestricted},
	}
	for _, t := range totals {
		if t.n < 0 {
			ps.add(t.name, fmt.Sprintf("is %d", t.n), "make the summary with Summary300A")
		}
	}
	if err := ps.err(); err != nil {
		return fmt.Errorf("300A summary PDF: %w", err)
	}
	e := sum.Establishment
	s := newSheet("P", fmt.Sprintf("OSHA Form 300A %d, %s", sum.Year, e.Name))
	s.AddPage()
	s.font("B", 14)
	s.cell(15, 10, 150, 7, "OSHA's Form 300A", "", "L")
	s.font("B", 11)
	s.cell(15, 16, 150, 5, "Summary of Work-Related Injuries and Illnesses", "", "L")
	s.font("B", 13)
	s.cell(165, 10, 36, 7, "Year "+strconv.Itoa(sum.Year), "", "R")
	s.font("", 8)
	y := s.para(15, 23, 186, 3.6, "All establishments covered by Part 1904 must complete this Summary page, even if no work-related injuries or illnesses occurred during the year. Remember to review the Log to verify that the entries are complete and accurate before completing this summary.")
	y = s.para(15, y+1, 186, 3.6, "Using the Log, count the individual entries you made for each category. Then write the totals below, making sure you've added the entries from every page of the Log. If you had no cases, write \"0.\"")
	y = s.para(15, y+1, 186, 3.6, "Employees, former employees, and their representatives have the right to review the OSHA Form 300 in its entirety. They also have limited access to the OSHA Form 301 or its equivalent (29 CFR 1904.35).")

	y = s.heading(15, y+4, "Number of Cases")
	y = s.totalsRow(y, []string{"Total number of deaths", "Total number of cases with days away from work", "Total number of cases with job transfer or restriction", "Total number of other recordable cases"},
		[]string{"(G)", "(H)", "(I)", "(J)"}, []int{sum.Deaths, sum.DaysAwayCases, sum.RestrictedCases, sum.OtherCases})
	y = s.heading(15, y+3, "Number of Days")
	y = s.totalsRow(y, []string{"Total number of days away from work", "Total number of days of job transfer or restriction"},
		[]string{"(K)", "(L)"}, []int{sum.DaysAway, sum.DaysRestricted})
	y = s.heading(15, y+3, "Injury and Illness Types")
	labels := []string{"(1) Injuries", "(2) Skin disorders", "(3) Respiratory conditions", "(4) Poisonings", "(5) Hearing loss", "(6) All other illnesses"}
	s.font("", 9)
	for i, t := range CaseTypes {
		col, row := i/3, i%3
		x, yy := 15+float64(col)*95, y+float64(row)*6
		s.cell(x, yy, 65, 5.5, labels[i], "", "L")
		s.font("B", 10)
		s.cell(x+65, yy, 20, 5.5, strconv.Itoa(sum.Types[t]), "B", "C")
		s.font("", 9)
	}
	y += 3*6 + 2
	s.font("I", 9)
	y = s.para(15, y, 186, 4.5, PostingNotice+" Knowingly falsifying this document may result in a fine.")

	y = s.heading(15, y+3, "Establishment information")
	y = s.field(15, y, 186, "Your establishment name", e.Name)
	y = s.field(15, y, 186, "Street", e.Street)
	y = s.field(15, y, 186, "City, State, ZIP", strings.TrimSpace(e.City+", "+e.State+" "+e.ZIP))
	y = s.field(15, y, 186, "Industry description", e.Industry)
	y = s.field(15, y, 186, "North American Industry Classification (NAICS), if known", e.NAICS)
	y = s.heading(15, y+2, "Employment information")
	y = s.field(15, y, 186, "Annual average number of employees", strconv.Itoa(sum.AnnualAverageEmployees))
	y = s.field(15, y, 186, "Total hours worked by all employees last year", strconv.Itoa(sum.TotalHoursWorked))

	y = s.heading(15, y+2, "Sign here")
	s.font("", 8)
	y = s.para(15, y, 186, 3.6, "I certify that I have examined this document and that to the best of my knowledge the entries are true, accurate, and complete. Knowingly falsifying this document may result in a fine. (Certified by a company executive, 29 CFR 1904.32(b)(3).)")
	c := sum.Certification
	y = s.field(15, y+2, 120, "Company executive", c.Executive)
	y = s.field(15, y, 120, "Title", c.Title)
	y = s.field(15, y, 120, "Phone", c.Phone)
	s.field(15, y, 120, "Date", showDate(c.Date))
	return s.finish(w, "300A summary PDF")
}

// heading writes a section heading and returns the y below it.
func (s *sheet) heading(x, y float64, text string) float64 {
	s.font("B", 10)
	s.cell(x, y, 186, 5, text, "B", "L")
	return y + 7
}

// totalsRow writes totals side by side, each over its label and column
// letter, and returns the y below.
func (s *sheet) totalsRow(y float64, labels, letters []string, totals []int) float64 {
	w := 186 / float64(len(labels))
	if len(labels) != len(totals) || len(letters) != len(totals) {
		s.Fail(errors.New("300A: a row of totals lacks labels"))
		return y
	}
	for i := range totals {
		x := 15 + float64(i)*w
		s.font("B", 12)
		s.cell(x+w/2-12, y, 24, 6, strconv.Itoa(totals[i]), "B", "C")
		s.font("", 7.5)
		s.cell(x, y+7, w, 3.5, letters[i], "", "C")
		s.paraCentered(x+2, y+10.5, w-4, 3.2, labels[i])
	}
	return y + 18
}

// paraCentered writes wrapped text centred in a width.
func (s *sheet) paraCentered(x, y, w, lh float64, text string) {
	for _, l := range s.lines(text, w) {
		s.cell(x, y, w, lh, l, "", "C")
		y += lh
	}
}
