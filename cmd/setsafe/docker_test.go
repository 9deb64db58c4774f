package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDockerImage builds the image from the Dockerfile, runs it on a new
// volume, and waits for /healthz to answer 200 and Docker to call the
// container healthy; then checks that the server made its database and key
// in the volume, and starts again on them. It needs a Docker engine.
func TestDockerImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a container image; not in -short")
	}
	if _, err := exec.LookPath("docker"); err != nil {
		t.Skip("the docker command is not on PATH, so the image cannot be built")
	}
	if out, err := exec.Command("docker", "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		t.Skipf("Docker's engine is not available, so the image is not tested (docker info: %v: %s)", err, strings.TrimSpace(string(out)))
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	docker := func(args ...string) (string, error) {
		out, err := exec.CommandContext(ctx, "docker", args...).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := docker(args...)
		if err != nil {
			t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	suffix := make([]byte, 6)
	rand.Read(suffix)
	name := "setsafe-test-" + hex.EncodeToString(suffix)
	const version = "0.0.0-image-test"

	must("build", "--build-arg", "VERSION="+version, "--build-arg", "COMMIT=0123abc", "--tag", name+":latest", root)
	t.Cleanup(func() { exec.Command("docker", "image", "rm", "--force", name+":latest").Run() })
	must("volume", "create", name)
	t.Cleanup(func() { exec.Command("docker", "volume", "rm", "--force", name).Run() })
	id := must("run", "--detach", "--name", name, "--publish", "127.0.0.1::8080", "--volume", name+":/data", name+":latest")
	t.Cleanup(func() { exec.Command("docker", "rm", "--force", "--volumes", id).Run() })

	healthy := func() {
		t.Helper()
		port := strings.Split(must("port", id, "8080/tcp"), "\n")[0]
		url := "http://" + port + "/healthz"
		deadline := time.Now().Add(2 * time.Minute)
		var last string
		for {
			resp, err := http.Get(url)
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					if !strings.Contains(string(body), version) {
						t.Errorf("/healthz answered %s, without the version %s", body, version)
					}
					break
				}
				last = resp.Status + " " + string(body)
			} else {
				last = err.Error()
			}
			if time.Now().After(deadline) {
				logs, _ := docker("logs", id)
				t.Fatalf("%s did not answer 200 within 2 minutes (last: %s); the container's log:\n%s", url, last, logs)
			}
			time.Sleep(time.Second)
		}
		// Docker's own check runs setsafe healthcheck inside the container.
		for {
			status := must("inspect", "--format", "{{.State.Health.Status}}", id)
			if status == "healthy" {
				break
			}
			if status == "unhealthy" || time.Now().After(deadline) {
				logs, _ := docker("inspect", "--format", "{{json .State.Health}}", id)
				t.Fatalf("Docker calls the container %s:\n%s", status, logs)
			}
			time.Sleep(2 * time.Second)
		}
	}
	healthy()
	if out := must("exec", id, "/usr/local/bin/setsafe", "version"); !strings.HasPrefix(out, "setsafe "+version+" (commit 0123abc, go") {
		t.Errorf("setsafe version in the image printed %q", out)
	}
	if out := must("exec", id, "/usr/local/bin/setsafe", "verify"); !strings.Contains(out, "Verified") {
		t.Errorf("setsafe verify in the container, on the volume's database and key:\n%s", out)
	}
	if out := must("exec", id, "/usr/local/bin/setsafe-verify", "--version"); !strings.Contains(out, version) {
		t.Errorf("setsafe-verify --version printed %q", out)
	}
	// A second start finds the database and the key it made.
	must("restart", id)
	healthy()
	if logs, _ := docker("logs", id); strings.Count(logs, "created a new checkpoint signing key") != 1 {
		t.Errorf("the key was not created exactly once over two starts:\n%s", logs)
	}
}
