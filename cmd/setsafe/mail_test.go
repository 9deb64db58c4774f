package main

import (
	"strings"
	"testing"
)

// TestServeMailFlags checks that a mail server set only in part stops the
// server at start with what to fix, before it listens.
func TestServeMailFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"host without from", []string{"--smtp-host", "mail.example.com"}, "--smtp-from"},
		{"from without host", []string{"--smtp-from", "safety@example.com"}, "--smtp-host"},
		{"unknown TLS", []string{"--smtp-host", "mail.example.com", "--smtp-from", "safety@example.com", "--smtp-tls", "ssl"}, "--smtp-tls"},
		{"user without password", []string{"--smtp-host", "mail.example.com", "--smtp-from", "safety@example.com", "--smtp-user", "setsafe"}, "--smtp-password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			status, out, errOut := c.run(append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
			if status != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, want a usage error naming %s:\n%s%s", status, tt.want, out, errOut)
			}
		})
	}
}
