#!/usr/bin/env bash
# Measures setsafe with many productions on one or two servers sharing one
# PostgreSQL database: builds setsafe and setsafe-load, creates a site
# administrator and its API token on first use, sets every production up
# once, then for each count of productions starts fresh servers, runs the
# load, stops them, and finally runs setsafe verify. See docs/load.md.
#
#   cmd/setsafe-load/scale.sh                 # one server: 1, 10, 50 and 100 productions
#   SERVERS=2 ROUTE=spread cmd/setsafe-load/scale.sh
#   COUNTS="1 10" DURATION=60s cmd/setsafe-load/scale.sh
#
# DB is the database (default postgres://postgres@127.0.0.1:5432/setsafe_load,
# created if it does not exist); OUT the directory for the
# signing key, the administrator's token, the state file and the reports
# (default $TMPDIR/setsafe-scale).
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${DB:-postgres://postgres@127.0.0.1:5432/setsafe_load?sslmode=disable}
SERVERS=${SERVERS:-1}
ROUTE=${ROUTE:-production}
COUNTS=${COUNTS:-1 10 50 100}
DURATION=${DURATION:-60s}
SEED=${SEED:-1}
OUT=${OUT:-${TMPDIR:-/tmp}/setsafe-scale}
PORT=${PORT:-18480}

mkdir -p "$OUT/bin"
OUT=$(cd "$OUT" && pwd)
go build -o "$OUT/bin/setsafe" ./cmd/setsafe
go build -o "$OUT/bin/setsafe-load" ./cmd/setsafe-load
setsafe() { "$OUT/bin/setsafe" "$@" --db "$DB" --key "$OUT/signing.key"; }

if [[ $DB == postgres* ]] && command -v psql >/dev/null; then
	name=${DB##*/}
	name=${name%%\?*}
	if ! psql "${DB/\/$name/\/postgres}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
		psql "${DB/\/$name/\/postgres}" -qc "CREATE DATABASE $name"
	fi
fi
if [ ! -s "$OUT/admin.token" ]; then
	setsafe user create --email load-admin@setsafe.example --name "Load administrator" --admin
	( umask 077; setsafe token create --email load-admin@setsafe.example --name setsafe-load | tail -1 >"$OUT/admin.token" )
fi
export SETSAFE_LOAD_TOKEN=$(cat "$OUT/admin.token")

pids=()
start_servers() {
	urls=""
	for i in $(seq 0 $((SERVERS - 1))); do
		port=$((PORT + i))
		if curl -s "http://127.0.0.1:$port/" >/dev/null; then
			echo "Something already listens on port $port; set PORT to another one." >&2
			exit 1
		fi
		"$OUT/bin/setsafe" serve --db "$DB" --key "$OUT/signing.key" --addr "127.0.0.1:$port" >"$OUT/serve-$port.log" 2>&1 &
		pids+=($!)
		urls="${urls:+$urls,}http://127.0.0.1:$port"
		# The first server creates the signing key the others read.
		until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
			if ! kill -0 "${pids[-1]}" 2>/dev/null; then
				echo "setsafe serve on port $port stopped:" >&2
				cat "$OUT/serve-$port.log" >&2
				exit 1
			fi
			sleep 0.2
		done
	done
}
stop_servers() {
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" || true; done
	pids=()
}
trap 'stop_servers' EXIT

load() { "$OUT/bin/setsafe-load" -servers "$urls" -route "$ROUTE" -state "$OUT/state.json" -db "$DB" -key "$OUT/signing.key" "$@"; }

most=0
for n in $COUNTS; do most=$((n > most ? n : most)); done
start_servers
load -productions "$most" -prepare-only
stop_servers

for n in $COUNTS; do
	start_servers
	report="$OUT/$SERVERS-servers-$ROUTE-$n-productions"
	echo "== $n productions, $SERVERS server(s) ($ROUTE), $DURATION; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	load -productions "$n" -duration "$DURATION" -seed "$SEED" -json-file "$report.json" | tee "$report.txt" || true
	stop_servers
done

"$OUT/bin/setsafe" verify --db "$DB" --key "$OUT/signing.key"
