#!/usr/bin/env bash
# scripts/bench.sh — builds the benchmark harness (bench/, see bench/README.md) and runs it on SQLite
# and PostgreSQL. Not part of the test command: it takes several minutes.
#
# It prints one JSON object per measurement per line on stdout and appends the same lines to
# bench/results/YYYY-MM-DD.jsonl (UTC date; git ignores bench/results/). Progress goes to stderr.
# It exits non-zero when a measurement fails or goes over its memory limit.
#
# PostgreSQL: the server named by IMS_BENCH_POSTGRES_URL, in which the harness creates and drops a
# database per measurement; when it is not set, a throwaway cluster this script starts with
# PostgreSQL's durable defaults (fsync, full_page_writes and synchronous_commit on), because the
# commit-bound measurements must measure durable commits. (scripts/test.sh's cluster is no use here:
# it runs with fsync off, set on the server's command line, where nothing at run time overrides it.)
#
# Usage:
#   scripts/bench.sh                                      everything, at full size
#   scripts/bench.sh -rows 100000 -duration 3s            a quick run
#   scripts/bench.sh -engines sqlite -only ledger_post    one measurement (and its baseline)
#   any other flag of the harness: go run ./bench -h
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'bench.sh: %s\n' "$*" >&2; }

work_dir="$(mktemp -d)"
pg_dir="" pg_bindir="" pg_user=""
cleanup() {
	if [[ -n "$pg_dir" ]]; then
		as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
		rm -rf "$pg_dir"
	fi
	rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

go build -o "$work_dir/bench" ./bench

# as_pg runs a command as the cluster's owner: PostgreSQL refuses to run as root.
as_pg() {
	if [[ "$(id -u)" == 0 ]]; then
		(cd / && runuser -u "$pg_user" -- "$@")
	else
		"$@"
	fi
}

# start_pg starts a throwaway durable cluster on a free port of 127.0.0.1 and sets
# IMS_BENCH_POSTGRES_URL, or warns and returns when there is no PostgreSQL server to start.
start_pg() {
	pg_bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
	if [[ ! -x "$pg_bindir/initdb" ]]; then
		pg_bindir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
	fi
	if [[ ! -x "$pg_bindir/initdb" ]]; then
		log "no PostgreSQL server found: only -engines sqlite will run"
		return 0
	fi
	pg_user="$(id -un)"
	[[ "$(id -u)" != 0 ]] || pg_user=postgres
	pg_dir="$(mktemp -d /tmp/ims-bench-pg.XXXXXX)"
	[[ "$(id -u)" != 0 ]] || chown "$pg_user:" "$pg_dir"
	chmod 700 "$pg_dir"
	as_pg "$pg_bindir/initdb" -D "$pg_dir/data" -U "$pg_user" --auth=trust --encoding=UTF8 --locale=C \
		>"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }
	local attempt port
	for attempt in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 40000))
		# The durability settings are PostgreSQL's defaults, written out so that no configuration
		# file can change them.
		if as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "-c listen_addresses=127.0.0.1 \
-p $port -c unix_socket_directories=$pg_dir -c fsync=on -c full_page_writes=on -c synchronous_commit=on \
-c max_connections=100" start >/dev/null 2>&1; then
			export IMS_BENCH_POSTGRES_URL="postgres://$pg_user@127.0.0.1:$port/postgres?sslmode=disable"
			log "PostgreSQL up with durable settings: $IMS_BENCH_POSTGRES_URL"
			return 0
		fi
		as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	done
	cat "$pg_dir/server.log" >&2 2>/dev/null || true
	log "could not start PostgreSQL"
	exit 1
}

if [[ -z "${IMS_BENCH_POSTGRES_URL:-}" ]]; then
	start_pg
fi

mkdir -p bench/results
results="bench/results/$(date -u +%F).jsonl"
status=0
"$work_dir/bench" "$@" | tee -a "$results" || status=$?
log "results appended to $results"
exit "$status"
