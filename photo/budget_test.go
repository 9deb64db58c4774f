package photo

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/photo/phototest"
)

// TestPhonePhotosFitTheBudget checks that a phone's photo, of 12 or 48
// megapixels, held sideways (the EXIF says to turn it), fits the default
// budget; and that a 12 megapixel one is read, turned and kept within the
// memory its header said.
func TestPhonePhotosFitTheBudget(t *testing.T) {
	for _, size := range []struct{ w, h int }{{4032, 3024}, {8000, 6000}, {8160, 6120}} {
		p, ok := jpegPlan(phototest.JPEG(phototest.JPEGHeader{Width: size.w, Height: size.h, Sampling: []byte{0x22, 0x11, 0x11}, Orientation: 6}, false, nil))
		if !ok || p.cost > DefaultLimits().Photo {
			t.Errorf("a %d×%d phone photo takes %d MiB (%v), more than a photo may", size.w, size.h, p.cost>>20, ok)
		}
	}
	data := phototest.Phone(4032, 3024, 6)
	p, _ := jpegPlan(data)
	var f setsafe.File
	var err error
	used := allocated(func() { f, err = NewBudget(DefaultLimits()).Strip(t.Context(), "photos", "image/jpeg", data) })
	if err != nil {
		t.Fatalf("a 12 megapixel phone photo of %d KiB: %v", len(data)>>10, err)
	}
	if int64(used) > p.cost+inspectSlack {
		t.Errorf("%d MiB allocated, more than the %d MiB planned", used>>20, p.cost>>20)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil || cfg.Width != 3024 || cfg.Height != 4032 || len(f.Data) > setsafe.MaxFileSize {
		t.Errorf("the stripped photo: %+v %v, %d KiB", cfg, err, len(f.Data)>>10)
	}
}

// smallPNG is a photo that costs a little memory to read.
func smallPNG(t testing.TB) ([]byte, int64) {
	var b bytes.Buffer
	png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 300, 200)))
	p, ok := pngPlan(b.Bytes())
	if !ok {
		t.Fatal("the PNG does not read")
	}
	return b.Bytes(), p.cost
}

// TestBudgetBoundsPhotosReadAtOnce reads many photos at once and checks
// that no more are read together than the readers, nor more memory held
// than the server's budget, and that each is read.
func TestBudgetBoundsPhotosReadAtOnce(t *testing.T) {
	data, cost := smallPNG(t)
	for _, l := range []Limits{
		{Photo: cost, Server: 5 * cost / 2, Readers: 8, Waiting: 64, Wait: time.Minute}, // memory for two
		{Photo: cost, Server: 100 * cost, Readers: 3, Waiting: 64, Wait: time.Minute},   // three readers
	} {
		b := NewBudget(l)
		var mu sync.Mutex
		var most int64
		mostReaders := 0
		b.granted = func(bytes int64, readers int) {
			mu.Lock()
			most, mostReaders = max(most, bytes), max(mostReaders, readers)
			mu.Unlock()
		}
		var wg sync.WaitGroup
		errs := make(chan error, 24)
		for range 24 {
			wg.Go(func() {
				f, err := b.Strip(t.Context(), "photos", "image/png", data)
				if err == nil && len(f.Data) == 0 {
					err = errors.New("no photo")
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("%+v: %v", l, err)
			}
		}
		if most > l.Server || mostReaders > l.Readers || mostReaders < 1 {
			t.Errorf("%+v: %d bytes and %d readers at once", l, most, mostReaders)
		}
		if b.free != l.Server || b.readers != l.Readers || len(b.queue) != 0 {
			t.Errorf("%+v: after them, %d bytes and %d readers free, %d waiting", l, b.free, b.readers, len(b.queue))
		}
	}
}

// TestBudgetGivesUp checks that a photo waits for its turn no longer than
// the budget says, nor than its request lasts, and then gets a clear
// answer to try again or send without photos; and that the waiting line
// is bounded, the largest photo giving its place to a smaller one.
func TestBudgetGivesUp(t *testing.T) {
	data, cost := smallPNG(t)
	b := NewBudget(Limits{Photo: 4 * cost, Server: 4 * cost, Readers: 1, Waiting: 2, Wait: 50 * time.Millisecond})
	release, err := b.acquire(t.Context(), "photos", cost) // a photo being read
	if err != nil {
		t.Fatal(err)
	}
	isBusy := func(err error) bool {
		e, ok := err.(*setsafe.Error)
		return ok && e.Code == setsafe.EUnavailable && strings.Contains(e.Message, "without its photos") && e.Fields["photos"] != ""
	}
	if _, err := b.Strip(t.Context(), "photos", "image/png", data); !isBusy(err) {
		t.Errorf("after the wait: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := b.Strip(ctx, "photos", "image/png", data); setsafe.ErrorCode(err) != setsafe.EUnavailable {
		t.Errorf("a cancelled request: %v", err)
	}

	// Two large photos wait; a third is turned away at once; a small one
	// takes the place of the last large one.
	b.limits.Wait = time.Minute
	results := make(chan error, 4)
	wait := func(cost int64) {
		go func() {
			release, err := b.acquire(t.Context(), "photos", cost)
			if err == nil {
				release()
			}
			results <- err
		}()
	}
	waiting := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			b.mu.Lock()
			got := len(b.queue)
			b.mu.Unlock()
			if got == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d photos waiting, not %d", got, n)
			}
		}
	}
	wait(3 * cost)
	wait(3 * cost)
	waiting(2)
	if _, err := b.acquire(t.Context(), "photos", 3*cost); !isBusy(err) {
		t.Errorf("a third large photo: %v", err)
	}
	wait(cost)
	if err := <-results; !isBusy(err) {
		t.Errorf("the large photo that gave its place: %v", err)
	}
	b.mu.Lock()
	costs := []int64{}
	for _, w := range b.queue {
		costs = append(costs, w.cost)
	}
	b.mu.Unlock()
	if !slices.Equal(costs, []int64{cost, 3 * cost}) {
		t.Errorf("waiting: %v, want the small photo first", costs)
	}
	release()
	for range 2 {
		if err := <-results; err != nil {
			t.Errorf("a photo that waited: %v", err)
		}
	}
}

// TestBudgetSmallestFirst checks that when memory is freed the smallest
// photo waiting goes first, so that a phone's photo does not queue behind
// large ones.
func TestBudgetSmallestFirst(t *testing.T) {
	b := NewBudget(Limits{Photo: 100, Server: 100, Readers: 1, Waiting: 10, Wait: time.Minute})
	release, _ := b.acquire(t.Context(), "photos", 100)
	var mu sync.Mutex
	var order []int64
	var wg sync.WaitGroup
	for i, cost := range []int64{90, 80, 10, 50} {
		wg.Go(func() {
			r, err := b.acquire(t.Context(), "photos", cost)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, cost)
			mu.Unlock()
			r()
		})
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			b.mu.Lock()
			n := len(b.queue)
			b.mu.Unlock()
			if n == i+1 || time.Now().After(deadline) {
				break
			}
		}
	}
	release()
	wg.Wait()
	if !slices.Equal(order, []int64{10, 50, 80, 90}) {
		t.Errorf("photos read in the order of their sizes %v", order)
	}
}
