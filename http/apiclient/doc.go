// Package apiclient is a client of setsafe's JSON API generated from
// docs/openapi.json by oapi-codegen, which nobody here wrote: the tests
// speak to a real server through it to prove that the document describes
// what the server sends. Nothing but tests imports it.
//
// Regenerate it after the document changes with go generate ./http/apiclient;
// TestGeneratedClient fails while it is stale.
package apiclient

//go:generate go tool oapi-codegen -generate types,client -package apiclient -o client.gen.go ../../docs/openapi.json
