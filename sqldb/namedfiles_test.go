package sqldb

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// maximalHex finds runs of lower-case hex digits that no other hex digit
// touches: how an entry's body names a file, as the reader checks it.
var maximalHex = regexp.MustCompile(`[0-9a-f]+`)

func FuzzNamedFiles(f *testing.F) {
	sha := strings.Repeat("0123456789abcdef", 4)
	f.Add([]byte(`{"file":"` + sha + `","subject":"firearm"}`))
	f.Add([]byte(`{"file_id":"` + sha + `0"}`))
	f.Add([]byte(sha + sha))
	f.Add([]byte(sha))
	f.Add([]byte(`{"photo":"` + strings.ToUpper(sha) + `"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		files := map[string]fileInfo{sha: {}}
		// Any 64-digit run in the input counts as a stored file too.
		for _, m := range maximalHex.FindAll(body, -1) {
			if len(m) == 64 {
				files[string(m)] = fileInfo{}
			}
		}
		var got []string
		namedFiles(body, files, func(s string) { got = append(got, s) })
		var want []string
		for _, m := range maximalHex.FindAll(body, -1) {
			if _, ok := files[string(m)]; ok && len(m) == 64 {
				want = append(want, string(m))
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("body %q names %v, found %v", body, want, got)
		}
		for _, s := range got {
			if !bytes.Contains(body, []byte(s)) {
				t.Fatalf("found %s, which the body does not hold", s)
			}
		}
	})
}
