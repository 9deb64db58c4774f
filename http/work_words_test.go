package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestWorkSaysWhatItIsFor reads what the anonymous pages say while their
// script works: the report form speaks of reports, the receipt code form
// of receipt codes.
func TestWorkSaysWhatItIsFor(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	for _, tt := range []struct{ path, says, not string }{
		{"/report/red-mesa", "Many reports are coming in", "receipt codes are being typed"},
		{"/report/red-mesa/receipt", "Many receipt codes are being typed", "Many reports are coming in"},
	} {
		status, page := page(t, ts, "", tt.path)
		working := page[strings.Index(page, `class="working"`)+1:]
		working = working[:strings.Index(working, "</p>")]
		if status != http.StatusOK || !strings.Contains(working, tt.says) || strings.Contains(page, tt.not) {
			t.Errorf("%s: %d, working: %q; want it to say %q", tt.path, status, working, tt.says)
		}
	}
}
