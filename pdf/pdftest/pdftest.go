// Package pdftest reads PDFs back in tests the way a person sees them:
// their words with Poppler's pdftotext, their pages as pictures with
// pdftoppm, their page size with pdfinfo (Debian's poppler-utils).
//
// Without Poppler a test is skipped, except on CI (CI=true), where it
// fails: there the tools must be installed.
package pdftest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"testing"
)

// need finds a Poppler tool, or skips the test (fails it on CI).
func need(t testing.TB, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	msg := fmt.Sprintf("%s is not installed: install Debian's poppler-utils (apt-get install poppler-utils) to read PDFs back", tool)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// run runs a Poppler tool with the PDF on its standard input.
func run(t testing.TB, pdf []byte, tool string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(need(t, tool), args...)
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v: %s", tool, err, errs.Bytes())
	}
	return out.Bytes()
}

// Text is the text of the PDF as pdftotext -layout reads it: lines as
// they are laid out on the page, pages separated by form feeds.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	return string(run(t, pdf, "pdftotext", "-layout", "-enc", "UTF-8", "-", "-"))
}

// PageSize is the size of the PDF's first page in points, as pdfinfo
// reads it.
func PageSize(t testing.TB, pdf []byte) (w, h float64) {
	t.Helper()
	info := run(t, pdf, "pdfinfo", "-")
	m := regexp.MustCompile(`(?m)^Page size:\s+([0-9.]+) x ([0-9.]+) pts`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo tells no page size:\n%s", info)
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

// Pages are the PDF's pages drawn by pdftoppm at dpi dots per inch.
func Pages(t testing.TB, pdf []byte, dpi int) []image.Image {
	t.Helper()
	tool := need(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "-png", "-r", strconv.Itoa(dpi), in, filepath.Join(dir, "page"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "page*.png"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files) // pdftoppm pads the page numbers to one width
	var pages []image.Image
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("page %s: %v", name, err)
		}
		pages = append(pages, img)
	}
	return pages
}
