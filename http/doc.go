// Package http serves setsafe over HTTP: the JSON API under /api/v1
// (described by the OpenAPI document at /api/v1/openapi.json), a few
// server-rendered pages, /healthz, /readyz and /metrics.
//
// Every state-changing request goes through the ledger writer, which
// authorizes it against the current state inside its transaction; reads are
// authorized here from the stored projections. Anything no role allows is
// denied.
package http
