package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestReleaseScript runs release.sh for this machine's target, twice, and
// checks that the archive holds the binaries, the README and the licences
// with fixed owners, modes and times, that SHA256SUMS matches it, that both
// runs gave the same bytes, and that the binary prints its version.
func TestReleaseScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds release binaries; not in -short")
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("release.sh runs on Linux or macOS, not %s", runtime.GOOS)
	}
	for _, tool := range []string{"bash", "go", "gzip", "sha256sum", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("release.sh needs %s, which is not on PATH", tool)
		}
	}
	if out, _ := exec.Command("tar", "--version").Output(); !bytes.Contains(out, []byte("GNU tar")) {
		t.Skip("release.sh needs GNU tar, and tar is not")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	const (
		version = "9.8.7-test"
		commit  = "0123456789abcdef0123456789abcdef01234567"
		epoch   = 1767225600 // 2026-01-01
	)
	target := runtime.GOOS + "/" + runtime.GOARCH
	name := "setsafe_" + version + "_" + runtime.GOOS + "_" + runtime.GOARCH
	release := func(dist string, args ...string) (string, error) {
		cmd := exec.Command("bash", append([]string{filepath.Join(root, "release.sh")}, args...)...)
		cmd.Env = append(os.Environ(), "SETSAFE_RELEASE_TARGETS="+target, "SETSAFE_RELEASE_DIST="+dist,
			"SETSAFE_RELEASE_COMMIT="+commit, "SOURCE_DATE_EPOCH=1767225600")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// A version that is not one is refused before anything is built.
	bad := t.TempDir()
	if out, err := release(bad, "../1.0"); err == nil || !strings.Contains(out, `version "../1.0": use letters, digits`) {
		t.Errorf("release.sh ../1.0: %v\n%s", err, out)
	}
	if entries, _ := os.ReadDir(bad); len(entries) != 0 {
		t.Errorf("a refused version left %d files behind", len(entries))
	}

	var sums [2][]byte
	var archive []byte
	for i := range sums {
		dist := t.TempDir()
		if out, err := release(dist, "v"+version); err != nil {
			t.Fatalf("release.sh: %v\n%s", err, out)
		}
		dir := filepath.Join(dist, version)
		if sums[i], err = os.ReadFile(filepath.Join(dir, "SHA256SUMS")); err != nil {
			t.Fatal(err)
		}
		if archive, err = os.ReadFile(filepath.Join(dir, name+".tar.gz")); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(sums[0], sums[1]) {
		t.Errorf("two builds of the same source differ:\n%s\n%s", sums[0], sums[1])
	}
	sum := sha256.Sum256(archive)
	if want := hex.EncodeToString(sum[:]) + "  " + name + ".tar.gz\n"; string(sums[0]) != want {
		t.Errorf("SHA256SUMS is\n%s\nwant\n%s", sums[0], want)
	}

	files := readTarGz(t, archive)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"setsafe": true, "setsafe-verify": true, "README.md": true,
		"licenses/go/LICENSE": true, "licenses/htmx/LICENSE": true, "licenses/jsqr/LICENSE": true,
		"licenses/golang.org/x/crypto/LICENSE": true, "licenses/modernc.org/sqlite/LICENSE": true}
	for _, pattern := range []string{"LICENSE*", "LICENCE*", "COPYING*"} {
		m, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, f := range m {
			want[filepath.Base(f)] = true
		}
	}
	fonts, err := os.ReadDir(filepath.Join(root, "pdf", "fonts"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	for _, f := range fonts {
		if n := strings.ToLower(f.Name()); strings.Contains(n, "licen") || strings.HasPrefix(n, "ofl") {
			want["licenses/fonts/"+f.Name()] = true
		}
	}
	for path := range want {
		if _, ok := files[path]; !ok {
			t.Errorf("the archive lacks %s", path)
		}
	}
	if !bytes.Equal(files["README.md"].data, readme) {
		t.Error("the archive's README.md is not the repository's")
	}
	for path, f := range files {
		mode := int64(0o644)
		if f.dir || path == "setsafe" || path == "setsafe-verify" {
			mode = 0o755
		}
		if f.hdr.Uid != 0 || f.hdr.Gid != 0 || f.hdr.Mode&0o7777 != mode || !f.hdr.ModTime.Equal(time.Unix(epoch, 0)) {
			t.Errorf("%s: owner %d:%d, mode %o, time %v; want 0:0, %o, %v", path, f.hdr.Uid, f.hdr.Gid, f.hdr.Mode, f.hdr.ModTime, mode, time.Unix(epoch, 0).UTC())
		}
	}

	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "setsafe")
	if err := os.WriteFile(bin, files["setsafe"].data, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if want := "setsafe " + version + " (commit " + commit + ", " + strings.TrimSpace(string(goVersion)) + ")\n"; err != nil || string(out) != want {
		t.Errorf("the released setsafe version: %v, printed %q, want %q", err, out, want)
	}
}

type tarFile struct {
	hdr  *tar.Header
	dir  bool
	data []byte
}

// readTarGz returns the files of a release archive by their path inside
// its one top directory, which must be the archive's name.
func readTarGz(t *testing.T, archive []byte) map[string]tarFile {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	if !zr.ModTime.IsZero() || zr.Name != "" {
		t.Errorf("the gzip header holds a name %q or a time %v", zr.Name, zr.ModTime)
	}
	tr := tar.NewReader(zr)
	files := map[string]tarFile{}
	top := ""
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		first, rest, _ := strings.Cut(strings.TrimSuffix(hdr.Name, "/"), "/")
		if top == "" {
			top = first
		}
		if first != top || !strings.HasPrefix(top, "setsafe_") {
			t.Fatalf("the archive's %s is not in one top directory setsafe_...", hdr.Name)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if rest == "" {
			rest = "."
		}
		files[rest] = tarFile{hdr: hdr, dir: hdr.Typeflag == tar.TypeDir, data: data}
	}
	return files
}
