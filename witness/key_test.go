package witness

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

func TestParseKey(t *testing.T) {
	good, pub := testKey("witness.example.com/w1", 1)
	other, _ := testKey("witness.example.com/w2", 1)
	name, rest, _ := strings.Cut(good, "+")
	hash, b64, _ := strings.Cut(rest, "+")
	otherHash := strings.Split(other, "+")[1]
	raw, _ := base64.StdEncoding.DecodeString(b64)
	ed := append([]byte{0x01}, raw[1:]...)
	tests := []struct {
		name, key, wantErr string
	}{
		{"a witness's key", good, ""},
		{"no plus", "witness", `no "+" after the name`},
		{"no hash", name + "+" + b64, `no "+" after the hash`},
		{"no name", "+" + hash + "+" + b64, "no name"},
		{"space in name", "my witness+" + hash + "+" + b64, "spaces"},
		{"short hash", name + "+" + hash[:6] + "+" + b64, "8 lowercase hex"},
		{"upper-case hash", name + "+" + strings.ToUpper(hash) + "+" + b64, "8 lowercase hex"},
		{"hash not hex", name + "+zzzzzzzz+" + b64, "8 lowercase hex"},
		{"key not base64", name + "+" + hash + "+" + b64[:len(b64)-2] + "!!", "base64"},
		{"key with stray padding", name + "+" + hash + "+" + b64 + "=", "base64"},
		{"an Ed25519 note key", name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(ed), "type 0x01"},
		{"empty key", name + "+" + hash + "+", "type nothing"},
		{"short key", name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(raw[:21]), "20 bytes"},
		{"long key", name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(append(raw, 0)), "33 bytes"},
		{"hash of another name", name + "+" + otherHash + "+" + b64, "copied wrong"},
		{"renamed", "witness.example.com/w2+" + hash + "+" + b64, "copied wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseKey(tt.key)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseKey(%q) = %v, want an error saying %q", tt.key, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.Name != name || k.Hash != hash || !bytes.Equal(k.PublicKey, pub) {
				t.Fatalf("ParseKey = %+v, want %s %s %x", k, name, hash, pub)
			}
		})
	}
}

// FuzzParseKey holds that a key read is one written back the same way,
// with a name, a hash and a 32-byte key that agree.
func FuzzParseKey(f *testing.F) {
	good, _ := testKey("witness.example.com/w1", 1)
	f.Add(good)
	f.Add("a+00000000+BA==")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		k, err := ParseKey(text)
		if err != nil {
			return
		}
		typed := append([]byte{cosignatureType}, k.PublicKey...)
		if len(k.PublicKey) != 32 || k.Name+"+"+k.Hash+"+"+base64.StdEncoding.EncodeToString(typed) != text {
			t.Fatalf("ParseKey(%q) = %+v, which does not say the key again", text, k)
		}
		if checkName(k.Name) != nil {
			t.Fatalf("ParseKey(%q) accepted the name %q", text, k.Name)
		}
	})
}
