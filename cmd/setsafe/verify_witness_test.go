package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWitnessKey reads a witness's key given as the key or as its file,
// as --witness takes it.
func TestWitnessKey(t *testing.T) {
	pub := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	typed := append([]byte{0x04}, pub...) // a cosignature key
	h := sha256.Sum256(append([]byte("witness.example/w1\n"), typed...))
	key := fmt.Sprintf("witness.example/w1+%x+%s", h[:4], base64.StdEncoding.EncodeToString(typed))
	dir := t.TempDir()
	file := filepath.Join(dir, "w1.pub")
	if err := os.WriteFile(file, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.pub")
	if err := os.WriteFile(bad, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, given string
		problem     string // a part of the error wanted, or ""
	}{
		{"the key", key, ""},
		{"the key with spaces around it", " " + key + "\n", ""},
		{"its file", file, ""},
		{"empty", "  ", "empty"},
		{"neither a key nor a file", filepath.Join(dir, "missing.pub"), "nor a readable file"},
		{"a file without a key", bad, "file " + bad},
	}
	for _, tt := range tests {
		got, v, err := witnessKey(tt.given)
		if tt.problem != "" {
			if err == nil || !strings.Contains(err.Error(), tt.problem) {
				t.Errorf("%s: want an error with %q, got %v", tt.name, tt.problem, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got != key || v == nil || v.Name() != "witness.example/w1" {
			t.Errorf("%s: got %q (%v), want %q", tt.name, got, v, key)
		}
	}
}
