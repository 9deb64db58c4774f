package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// serveOption says whether an environment variable is one that setsafe
// serve reads: SETSAFE_ and one of its options, or SETSAFE_ and a secret
// option with _FILE.
func serveOption(t *testing.T, name string) bool {
	t.Helper()
	a := &app{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	f := a.flags("serve", "serve")
	var s serverFlags
	s.register(f)
	option := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(name, "SETSAFE_")), "_", "-")
	if f.Lookup(option) != nil {
		return true
	}
	secret, ok := strings.CutSuffix(option, "-file")
	return ok && f.secrets[secret]
}

var settingPattern = regexp.MustCompile(`\bSETSAFE_[A-Z0-9_]+`)

// TestSystemdUnit reads deploy/setsafe.service as systemd would, in
// sections of keys and values, and checks that it runs the server, keeps
// its data in the state directory, limits what the server may do, and sets
// only options the server reads.
func TestSystemdUnit(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "deploy", "setsafe.service"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	unit := map[string]map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			if unit[section] != nil {
				t.Errorf("line %d: section [%s] again", n, section)
			}
			unit[section] = map[string][]string{}
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok || section == "" || strings.ContainsAny(key, " \t") || strings.HasSuffix(line, `\`) {
				t.Fatalf("line %d is not KEY=VALUE in a section: %q", n, line)
			}
			unit[section][key] = append(unit[section][key], value)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"Unit":    {"Description": "", "After": "network-online.target"},
		"Install": {"WantedBy": "multi-user.target"},
		"Service": {
			"ExecStart": "/usr/local/bin/setsafe serve", "User": "setsafe", "StateDirectory": "setsafe", "StateDirectoryMode": "0700",
			"Restart": "on-failure", "UMask": "0077", "NoNewPrivileges": "yes", "CapabilityBoundingSet": "",
			"ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
			"ProtectKernelTunables": "yes", "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes", "ProtectControlGroups": "yes",
			"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "RestrictNamespaces": "yes", "LockPersonality": "yes",
			"MemoryDenyWriteExecute": "yes", "SystemCallFilter": "@system-service", "SystemCallArchitectures": "native",
		},
	}
	for sec, keys := range want {
		for key, value := range keys {
			got, ok := unit[sec][key]
			switch {
			case !ok:
				t.Errorf("[%s] lacks %s", sec, key)
			case key != "Description" && got[0] != value:
				t.Errorf("[%s] %s=%s, want %s=%s", sec, key, got[0], key, value)
			}
		}
	}
	db := ""
	for _, env := range unit["Service"]["Environment"] {
		name, value, _ := strings.Cut(env, "=")
		if !serveOption(t, name) {
			t.Errorf("Environment=%s: setsafe serve has no such option", env)
		}
		if name == "SETSAFE_DB" {
			db = value
		}
	}
	if !strings.HasPrefix(db, "sqlite:/var/lib/setsafe/") {
		t.Errorf("the database %q is not in the state directory /var/lib/setsafe", db)
	}
}

// TestContainerFiles checks that the Dockerfile and the Compose file set
// only options the server reads, and that the image serves and checks its
// health with setsafe itself.
func TestContainerFiles(t *testing.T) {
	for _, path := range []string{"Dockerfile", filepath.Join("deploy", "compose.yaml")} {
		b, err := os.ReadFile(filepath.Join("..", "..", path))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			names = append(names, settingPattern.FindAllString(line, -1)...)
		}
		if len(names) == 0 {
			t.Errorf("%s sets no SETSAFE_ option", path)
		}
		for _, name := range names {
			if !serveOption(t, name) {
				t.Errorf("%s: setsafe serve has no option %s", path, name)
			}
		}
	}
	docker, _ := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	for _, want := range []string{
		`ENTRYPOINT ["/usr/local/bin/setsafe"]`, `CMD ["serve"]`, `CMD ["/usr/local/bin/setsafe", "healthcheck"`,
		"SETSAFE_DB=sqlite:/data/setsafe.db", "SETSAFE_KEY=/data/signing.key", "SETSAFE_ADDR=0.0.0.0:8080",
		`VOLUME ["/data"]`, "EXPOSE 8080", "USER 65532:65532", "CGO_ENABLED=0",
	} {
		if !strings.Contains(string(docker), want) {
			t.Errorf("the Dockerfile lacks %s", want)
		}
	}
	has := map[string]bool{}
	for _, c := range commands() {
		has[c.name] = true
	}
	if !has["serve"] || !has["healthcheck"] {
		t.Errorf("setsafe lacks serve or healthcheck, which the image runs: %v", has)
	}
}

func TestServeOption(t *testing.T) {
	for name, want := range map[string]bool{
		"SETSAFE_DB": true, "SETSAFE_DB_FILE": true, "SETSAFE_PUBLIC_URL": true, "SETSAFE_SMTP_PASSWORD_FILE": true,
		"SETSAFE_ADDR_FILE": false, "SETSAFE_DATABASE": false, "SETSAFE_URL": false,
	} {
		if got := serveOption(t, name); got != want {
			t.Errorf("serveOption(%s) = %v, want %v", name, got, want)
		}
	}
}
