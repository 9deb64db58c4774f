package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestLabelStockPages: the armory page prints labels on a stock chosen
// for the print, the production's by default, and lets the producer
// change the production's stock; an unknown stock comes back with the
// known ones.
func TestLabelStockPages(t *testing.T) {
	ts := newTestServer(t, storagetest.Backends()[0], "")
	ts.seed(t)
	prod := "/productions/red-mesa"
	const chosen = `<option value="avery-5160" selected>`
	tests := []struct {
		name      string
		actor     string
		form      url.Values
		status    int
		shows     []string
		showsNot  []string
		afterward string // a text the armory page shows after
	}{
		{"the armorer prints, and may not change the production's stock", "armorer", nil, http.StatusOK,
			[]string{`action="/api/v1/productions/red-mesa/labels"`, `name="stock"`, `<option value="a4-3x8" selected>A4, 24 labels of 70 × 37 mm (3 × 8)</option>`},
			[]string{`id="production-label-stock"`}, ""},
		{"the producer may", "producer", nil, http.StatusOK, []string{`id="production-label-stock"`, `name="label_stock"`}, nil, ""},
		{"an unknown stock", "producer", url.Values{"label_stock": {"avery-9999"}}, http.StatusBadRequest,
			[]string{"a4-3x8, avery-l7160, avery-l7163, avery-5160, avery-5163"}, nil, ""},
		{"a Letter stock", "producer", url.Values{"label_stock": {"avery-5160"}}, http.StatusSeeOther, nil, nil, chosen},
		{"the armorer's print form offers it first", "armorer", nil, http.StatusOK, []string{chosen}, nil, ""},
		{"the armorer may not choose", "armorer", url.Values{"label_stock": {"a4-3x8"}}, http.StatusForbidden, nil, nil, ""},
	}
	for _, tt := range tests {
		var status int
		var loc, body string
		if tt.form == nil {
			status, body = page(t, ts, tt.actor, prod+"/armory")
		} else {
			status, loc, body = postForm(t, ts, tt.actor, prod+"/armory/label-stock", tt.form)
		}
		if status != tt.status {
			t.Errorf("%s: %d, want %d: %.600s", tt.name, status, tt.status, body)
			continue
		}
		for _, want := range tt.shows {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page does not show %q", tt.name, want)
			}
		}
		for _, not := range tt.showsNot {
			if strings.Contains(body, not) {
				t.Errorf("%s: the page shows %q", tt.name, not)
			}
		}
		if tt.afterward != "" {
			if !strings.Contains(loc, "done=label-stock") {
				t.Errorf("%s: sent to %q", tt.name, loc)
			}
			if _, body := page(t, ts, tt.actor, loc); !strings.Contains(body, tt.afterward) || !strings.Contains(body, "print on this stock from now on") {
				t.Errorf("%s: the armory page after does not show %q: %.3000s", tt.name, tt.afterward, body)
			}
		}
	}
}
