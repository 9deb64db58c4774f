//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkServeMemory measures the resident memory of a real setsafe serve
// process: idle on a new database, and while 64 clients write through the
// API to a production of 1,000,000 entries.
func BenchmarkServeMemory(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "setsafe")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	large := storagetest.BuildLargeLedger(b, 1_000_000)
	for b.Loop() {
		idle := &crashRig{t: b, bin: bin, db: "sqlite:" + filepath.Join(b.TempDir(), "idle.db"), key: filepath.Join(b.TempDir(), "idle.key")}
		idle.prepare()
		s := idle.start()
		time.Sleep(3 * time.Second)
		idleRSS := storagetest.RSS(s.cmd.Process.Pid)
		s.stop(b)

		dir := b.TempDir()
		copyFile(b, large.Path, filepath.Join(dir, "big.db"))
		copyFile(b, large.KeyPath, filepath.Join(dir, "big.key"))
		os.Chmod(filepath.Join(dir, "big.key"), 0o600)
		loaded := &crashRig{t: b, bin: bin, db: "sqlite:" + filepath.Join(dir, "big.db"), key: filepath.Join(dir, "big.key"), token: large.Token}
		s = loaded.start()
		startRSS := storagetest.RSS(s.cmd.Process.Pid)
		ids := crewIDs(b, s.url, large.Token)

		var peak atomic.Int64
		stop := make(chan struct{})
		var sampler sync.WaitGroup
		sampler.Go(func() {
			for {
				peak.Store(max(peak.Load(), storagetest.RSS(s.cmd.Process.Pid)))
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
		var done atomic.Int64
		deadline := time.Now().Add(15 * time.Second)
		var wg sync.WaitGroup
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
		for w := range 64 {
			wg.Go(func() {
				for n := 0; time.Now().Before(deadline); n++ {
					body := fmt.Sprintf(`{"name":%q,"department":"Grip","job_title":"Grip, call %d-%d"}`, storagetest.Name(w), w, n)
					req, _ := http.NewRequest("PATCH", s.url+"/api/v1/productions/"+storagetest.BenchProduction+"/people/"+ids[w], strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+large.Token)
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("PUT person: %d", resp.StatusCode)
						return
					}
					done.Add(1)
				}
			})
		}
		start := time.Now()
		wg.Wait()
		elapsed := time.Since(start)
		close(stop)
		sampler.Wait()
		s.stop(b)
		b.ReportMetric(float64(idleRSS)/(1<<20), "idle-rss-MB")
		b.ReportMetric(float64(startRSS)/(1<<20), "open-1M-rss-MB")
		b.ReportMetric(float64(peak.Load())/(1<<20), "load-peak-rss-MB")
		b.ReportMetric(float64(done.Load())/elapsed.Seconds(), "http-writes/s")
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
}

// crewIDs returns the IDs of the benchmark production's crew, in the order
// of their names' numbers.
func crewIDs(tb testing.TB, url, token string) []string {
	req, _ := http.NewRequest("GET", url+"/api/v1/productions/"+storagetest.BenchProduction+"/people", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		People []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"people"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		tb.Fatal(err)
	}
	byName := map[string]string{}
	for _, p := range list.People {
		byName[p.Name] = p.ID
	}
	ids := make([]string, 64)
	for i := range ids {
		if ids[i] = byName[storagetest.Name(i)]; ids[i] == "" {
			tb.Fatalf("no crew member %q", storagetest.Name(i))
		}
	}
	return ids
}
