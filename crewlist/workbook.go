package crewlist

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/thedatashed/xlsxreader"
)

// Limits on a workbook (.xlsx), a zip archive: what it may hold once
// unpacked, so that a small file cannot unpack into gigabytes.
const (
	maxWorkbookUnpacked = 32 << 20 // bytes, every part together
	maxWorkbookParts    = 200
	maxWorkbookColumns  = 64
	maxWorkbookRow      = 1 << 20
)

// Workbook is the encoding of a crew list sent as an Excel workbook.
const Workbook Encoding = "Excel workbook"

// workbookText reads the first sheet of a workbook (.xlsx) and writes it
// as CSV, one line a row of the sheet, so that the rows keep their
// numbers: cells on more than one line are joined with spaces.
func workbookText(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &FileError{Message: says(fmtBadWorkbook)}
	}
	// archive/zip refuses a part that unpacks to more than it declares,
	// so the declared sizes bound what reading unpacks.
	var unpacked uint64
	for _, f := range zr.File {
		unpacked += f.UncompressedSize64
	}
	if len(zr.File) > maxWorkbookParts || unpacked > maxWorkbookUnpacked {
		return nil, &FileError{Message: says(fmtWorkbookTooLarge)}
	}
	x, err := xlsxreader.NewReaderZip(zr)
	if err != nil || len(x.Sheets) == 0 {
		return nil, &FileError{Message: says(fmtBadWorkbook)}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	line, bad := 0, false
	// Every row is read, even after a problem: the reader stops only at
	// the end of the sheet.
	for row := range x.ReadRows(x.Sheets[0]) {
		if bad {
			continue
		}
		if row.Error != nil || row.Index <= line || row.Index > maxWorkbookRow {
			bad = true
			continue
		}
		for line++; line < row.Index; line++ {
			w.Write([]string{""})
		}
		var cells []string
		for _, c := range row.Cells {
			i := c.ColumnIndex()
			if i < 0 || i >= maxWorkbookColumns {
				continue
			}
			for len(cells) <= i {
				cells = append(cells, "")
			}
			cells[i] = strings.Join(strings.Fields(c.Value), " ")
		}
		if len(cells) == 0 {
			cells = []string{""}
		}
		w.Write(cells)
	}
	w.Flush()
	if bad || w.Error() != nil {
		return nil, &FileError{Message: says(fmtBadWorkbook)}
	}
	return buf.Bytes(), nil
}
