//go:build unix

package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe/photo/phototest"
	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkPhotoAttack runs a real setsafe serve process while six
// clients at once send concerns with four photos each, over and over, and
// measures its peak resident memory, the processor time it spends, and how
// long a genuine report takes meanwhile: one with words only and one with
// a 12 megapixel phone photo, each sent signed in, one after the other, by
// crew members taking turns (a person may send setsafe.ReportsPerPerson
// reports an hour).
// The attacks: four 7000×7000 PNGs of 16-bit colour (0.5 MB each, 392 MB
// decoded) on the anonymous form and on the anonymous API; and four
// 7000×7000 grey PNGs (49 MB decoded, within a photo's budget, so read)
// on the signed-in API, each client signed in as its own crew member.
func BenchmarkPhotoAttack(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "setsafe")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	huge := phototest.Huge16BitPNG()
	grey := phototest.PNG(phototest.PNGHeader{Width: 7000, Height: 7000, Depth: 8, ColorType: 0}, true)
	phone := phototest.Phone(4032, 3024, 6)
	jsonWith := func(mode string, photo []byte, n int) []byte {
		photos := strings.Repeat(fmt.Sprintf(`{"content_type":"image/png","data":%q},`, base64.StdEncoding.EncodeToString(photo)), n)
		return fmt.Appendf(nil, `{"category":"firearms","severity":"critical",%s"description":"Live rounds in the prop box","photos":[%s]}`,
			mode, strings.TrimSuffix(photos, ","))
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("category", "firearms")
	mw.WriteField("severity", "critical")
	mw.WriteField("description", "Live rounds in the prop box")
	for i := range 4 {
		fw, _ := mw.CreateFormFile("photos", fmt.Sprintf("IMG_%04d.png", i))
		fw.Write(huge)
	}
	mw.Close()
	phoneReport := []byte(strings.Replace(string(jsonWith(`"mode":"named",`, phone, 1)), "image/png", "image/jpeg", 1))
	textReport := []byte(`{"category":"firearms","severity":"critical","mode":"named","description":"The prop revolver was left on the cart"}`)

	for b.Loop() {
		rig := &crashRig{t: b, bin: bin, db: "sqlite:" + filepath.Join(b.TempDir(), "photos.db"), key: filepath.Join(b.TempDir(), "photos.key")}
		rig.prepare()
		attackers, reporters := rig.crew(6), rig.crew(12)
		var turn atomic.Int64
		s := rig.start()
		pid := s.cmd.Process.Pid
		time.Sleep(2 * time.Second)
		b.ReportMetric(float64(storagetest.RSS(pid))/(1<<20), "idle-rss-MB")
		signedIn := "/api/v1/productions/" + crashLedger + "/concerns"
		phases := []struct {
			name, path, contentType string
			body                    []byte
		}{
			{name: "quiet"},
			{"form-16bit", "/report/" + crashLedger, mw.FormDataContentType(), form.Bytes()},
			{"api-16bit", "/api/v1/report/" + crashLedger + "/concerns", "application/json", jsonWith("", huge, 4)},
			{"api-grey", signedIn, "application/json", jsonWith(`"mode":"named",`, grey, 4)},
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 2 * time.Minute}
		post := func(path, contentType string, body []byte, token string) (int, time.Duration) {
			start := time.Now()
			req, _ := http.NewRequest("POST", s.url+path, bytes.NewReader(body))
			req.Header.Set("Content-Type", contentType)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return 0, time.Since(start)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode, time.Since(start)
		}
		for _, ph := range phases {
			var peak atomic.Int64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				for {
					peak.Store(max(peak.Load(), storagetest.RSS(pid)))
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
					}
				}
			})
			cpu := cpuTime(pid)
			deadline := time.Now().Add(15 * time.Second)
			var mu sync.Mutex
			statuses := map[int]int{}
			if ph.body != nil {
				for i := range 6 {
					token := ""
					if strings.HasPrefix(ph.path, signedIn) {
						token = attackers[i]
					}
					wg.Go(func() {
						for time.Now().Before(deadline) {
							status, _ := post(ph.path, ph.contentType, ph.body, token)
							mu.Lock()
							statuses[status]++
							mu.Unlock()
						}
					})
				}
			}
			// The genuine reports: words only, every half second; with a
			// phone photo, every two seconds.
			var text, photo []time.Duration
			genuine := func(body []byte, every time.Duration, took *[]time.Duration) {
				for time.Now().Before(deadline) {
					status, d := post(signedIn, "application/json", body, reporters[turn.Add(1)%int64(len(reporters))])
					if status != http.StatusCreated {
						b.Errorf("%s: a genuine report answered %d", ph.name, status)
					}
					mu.Lock()
					*took = append(*took, d)
					mu.Unlock()
					time.Sleep(every)
				}
			}
			var reporters sync.WaitGroup
			reporters.Go(func() { genuine(textReport, 500*time.Millisecond, &text) })
			reporters.Go(func() { genuine(phoneReport, 2*time.Second, &photo) })
			reporters.Wait()
			close(stop)
			wg.Wait()
			used := cpuTime(pid) - cpu
			attacks := 0
			for _, n := range statuses {
				attacks += n
			}
			b.ReportMetric(float64(peak.Load())/(1<<20), ph.name+"-peak-rss-MB")
			b.ReportMetric(float64(storagetest.Percentile(text, 50).Milliseconds()), ph.name+"-text-p50-ms")
			b.ReportMetric(float64(longest(text).Milliseconds()), ph.name+"-text-max-ms")
			b.ReportMetric(float64(storagetest.Percentile(photo, 50).Milliseconds()), ph.name+"-photo-p50-ms")
			b.ReportMetric(float64(longest(photo).Milliseconds()), ph.name+"-photo-max-ms")
			b.Logf("%s: %d attacks answered %v; server CPU %.1f s (%.2f s an attack); %d reports in words, %d with a photo",
				ph.name, attacks, sortedStatuses(statuses), used.Seconds(), used.Seconds()/float64(max(attacks, 1)), len(text), len(photo))
		}
		s.stop(b)
	}
}

// cpuTime returns the processor time a process has used, from
// /proc/PID/stat (its user and system time, in clock ticks of 1/100 s).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	user, _ := strconv.ParseInt(f[11], 10, 64)
	system, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(user+system) * 10 * time.Millisecond
}

func longest(d []time.Duration) time.Duration {
	var m time.Duration
	for _, x := range d {
		m = max(m, x)
	}
	return m
}

func sortedStatuses(m map[int]int) string {
	var keys []int
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d×%d", m[k], k))
	}
	return strings.Join(parts, ", ")
}
