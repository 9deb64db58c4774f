#!/usr/bin/env bash
# Runs every test of setsafe: formatting and vet, the whole test suite, the
# ledger and storage packages again under the race detector, and a short run
# of every fuzz target.
#
# PostgreSQL tests run when SETSAFE_TEST_POSTGRES names a database, such as
# postgres://postgres@127.0.0.1:5432/test; otherwise they are skipped and say
# so. Browser tests run when Chromium is installed (/usr/bin/chromium, or
# SETSAFE_CHROMIUM). SETSAFE_FUZZTIME sets how much each fuzz target runs
# (default 30000x: thirty thousand inputs). A count rather than a duration,
# because Go 1.26's fuzzing coordinator can report a spurious "context
# deadline exceeded" when a duration ends while a worker is busy
# (go.dev/issue/75804); a count has no deadline to race.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change these files:"
	echo "$unformatted"
	exit 1
fi

step "go vet"
go vet ./...

if [ -z "${SETSAFE_TEST_POSTGRES:-}" ]; then
	echo
	echo "NOTE: SETSAFE_TEST_POSTGRES is not set, so the PostgreSQL tests will be skipped."
	echo "      Set it to a database URL (postgres://postgres@127.0.0.1:5432/test) to run them."
fi

step "tests"
go test -count=1 -timeout 40m ./...

step "race detector: ledger, storage, escalation, notifications, witnesses, concurrent hand-overs and the photo budget"
go test -count=1 -race -timeout 20m ./ledger/... ./sqldb/... ./sqlite/... ./postgres/... ./storagetest/...
go test -count=1 -race -timeout 20m ./escalation/... ./notify/... ./witnessing/... ./tlogwitness/...
go test -count=1 -race -timeout 20m -run 'TestTwoTablets' ./http
go test -count=1 -race -timeout 20m -run 'TestBudget' ./photo

step "fuzzing, ${SETSAFE_FUZZTIME:-30000x} per target"
for file in $(grep -rl --include='*_test.go' '^func Fuzz' .); do
	dir=$(dirname "$file")
	for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
		echo "-- $dir $target"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "${SETSAFE_FUZZTIME:-30000x}" "$dir"
	done
done

step "all tests passed"
