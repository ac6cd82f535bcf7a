#!/usr/bin/env bash
# scripts/test.sh — the project's test command (the one the README names and .ci/run calls).
#
# What it does, in order:
#   1. Starts a throwaway PostgreSQL cluster when the server binaries exist (highest version under
#      /usr/lib/postgresql/*/bin, else initdb on PATH): initdb into a fresh temp directory, listening on
#      127.0.0.1 at a random free port, trust authentication, durability off for speed. It exports
#      IMS_TEST_POSTGRES_URL for the tests and removes the cluster on exit, however the script ends.
#   2. go vet ./... and staticcheck ./... (a pinned version, run with go run pkg@version)
#   3. go test -parallel 8 -timeout 30m ./...   (no -race: the race detector needs cgo, and this project builds without cgo)
#   4. Every fuzz target, for a few seconds each (go test -fuzz runs one target per command).
#
# Usage:
#   scripts/test.sh                 run everything above
#   scripts/test.sh --pg-only CMD…  start the cluster, run CMD… with IMS_TEST_POSTGRES_URL set, then
#                                   stop; e.g. scripts/test.sh --pg-only sh -c 'psql "$IMS_TEST_POSTGRES_URL" -c "select 1"'
#                                   or, to test one package on both engines:
#                                   scripts/test.sh --pg-only go test ./internal/sqldb/...
#
# Environment:
#   CI=true              a missing PostgreSQL (or Chromium, once e2e tests exist) is a failure, not a skip
#   IMS_TEST_NO_FUZZ=1   skip the fuzz step (quick local runs)
#   IMS_TEST_FUZZTIME    how long each fuzz target runs (default 3s)
#   IMS_TEST_NO_POSTGRES=1  do not start PostgreSQL (not allowed under CI=true)
#
# Test results are cached by go test as usual; under CI=true the cache is bypassed (-count=1) so that
# CI always runs the tests for real, including PostgreSQL tests whose inputs go cannot see.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

ci=false
if [[ "${CI:-}" == "true" ]]; then
	ci=true
fi

log() { printf 'test.sh: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

pg_only=false
if [[ "${1:-}" == "--pg-only" ]]; then
	pg_only=true
	shift
	[[ $# -gt 0 ]] || die "--pg-only needs a command to run"
fi

# ---------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------

# find_pg_bindir prints the directory holding the newest PostgreSQL server binaries, or nothing.
find_pg_bindir() {
	local best="" bestver=-1 dir ver
	for dir in /usr/lib/postgresql/*/bin; do
		[[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || continue
		ver="${dir#/usr/lib/postgresql/}"
		ver="${ver%%/*}"
		ver="${ver%%.*}"
		[[ "$ver" =~ ^[0-9]+$ ]] || continue
		if ((ver > bestver)); then
			best="$dir"
			bestver="$ver"
		fi
	done
	if [[ -z "$best" ]] && command -v initdb >/dev/null 2>&1; then
		best="$(dirname "$(command -v initdb)")"
	fi
	printf '%s' "$best"
}

pg_dir=""     # the temp directory holding the cluster; removed on exit
pg_user=""    # the OS user that owns and runs the cluster
pg_bindir=""

# as_pg runs a command as the cluster's OS user. PostgreSQL refuses to run as root, so when this
# script runs as root (as CI does) the cluster belongs to the postgres user.
# It runs from / because the postgres user may not be able to read the repository's directory
# (a clone under /root, say).
as_pg() {
	if [[ "$(id -u)" == 0 ]]; then
		(cd / && runuser -u "$pg_user" -- "$@")
	else
		"$@"
	fi
}

stop_pg() {
	if [[ -n "$pg_dir" && -d "$pg_dir" ]]; then
		if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
			as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$pg_dir"
	fi
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_pg
	exit "$status"
}
trap cleanup EXIT
# On Ctrl-C or kill, exit with the conventional status; the EXIT trap then removes the cluster.
trap 'exit 130' INT
trap 'exit 143' TERM

# port_free reports whether nothing listens on 127.0.0.1:$1 (TCP): a connection is refused. It uses
# bash's /dev/tcp so that it needs no tool that a minimal machine may lack.
port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_pg() {
	pg_bindir="$(find_pg_bindir)"
	if [[ -z "$pg_bindir" ]]; then
		if $ci; then
			die "CI=true but no PostgreSQL server binaries were found (looked in /usr/lib/postgresql/*/bin and PATH); install the Debian package postgresql"
		fi
		log "PostgreSQL server not found: PostgreSQL tests will be skipped (install the postgresql package to run them)"
		return 0
	fi

	if [[ "$(id -u)" == 0 ]]; then
		pg_user=postgres
		id "$pg_user" >/dev/null 2>&1 || die "running as root but there is no '$pg_user' user to run PostgreSQL as"
	else
		pg_user="$(id -un)"
	fi

	# The temp directory must be reachable by the postgres user: /tmp is world-traversable, and the
	# directory itself is handed to that user.
	pg_dir="$(mktemp -d /tmp/ims-test-pg.XXXXXX)"
	if [[ "$(id -u)" == 0 ]]; then
		chown "$pg_user:" "$pg_dir"
	fi
	chmod 700 "$pg_dir"

	as_pg "$pg_bindir/initdb" -D "$pg_dir/data" -U "$pg_user" --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 --no-sync >"$pg_dir/initdb.log" 2>&1 ||
		as_pg "$pg_bindir/initdb" -D "$pg_dir/data" -U "$pg_user" --auth=trust --encoding=UTF8 \
			--locale=C --no-sync >"$pg_dir/initdb.log" 2>&1 ||
		{ cat "$pg_dir/initdb.log" >&2; die "initdb failed"; }

	# Probe random ports: postgres cannot pick its own, and another process may take a port between
	# our check and the server's bind, so a failed start is retried on a new port.
	local attempt port started=false
	for attempt in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + RANDOM % 40000))
		port_free "$port" || continue
		if as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pg_dir \
-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
			start >/dev/null 2>&1; then
			started=true
			break
		fi
		as_pg "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	done
	if ! $started; then
		cat "$pg_dir/server.log" >&2 2>/dev/null || true
		die "could not start PostgreSQL"
	fi

	# pg_ctl -w already waited; this confirms the TCP listener the tests will use answers.
	local i ready=false
	for i in $(seq 1 60); do
		if "$pg_bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$pg_user" -d postgres; then
			ready=true
			break
		fi
		sleep 0.5
	done
	$ready || die "PostgreSQL did not become ready on port $port"

	export IMS_TEST_POSTGRES_URL="postgres://$pg_user@127.0.0.1:$port/postgres?sslmode=disable"
	log "PostgreSQL $("$pg_bindir/postgres" --version | awk '{print $3}') up: $IMS_TEST_POSTGRES_URL"
}

if [[ "${IMS_TEST_NO_POSTGRES:-}" == 1 ]]; then
	$ci && die "IMS_TEST_NO_POSTGRES=1 is not allowed under CI=true"
	log "IMS_TEST_NO_POSTGRES=1: PostgreSQL tests will be skipped"
else
	start_pg
fi

if $pg_only; then
	# Not exec: the EXIT trap must run afterwards to remove the cluster.
	"$@"
	exit $?
fi

# ---------------------------------------------------------------------------------------------------
# Chromium (browser tests in e2e/)
# ---------------------------------------------------------------------------------------------------

if [[ -x /usr/bin/chromium ]]; then
	export IMS_TEST_CHROMIUM=/usr/bin/chromium
elif $ci && compgen -G 'e2e/*_test.go' >/dev/null; then
	die "CI=true and e2e tests exist but /usr/bin/chromium is missing; install the Debian package chromium"
fi

# ---------------------------------------------------------------------------------------------------
# Go
# ---------------------------------------------------------------------------------------------------

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || die "go is not on PATH"

count_flag=()
if $ci; then
	count_flag=(-count=1)
fi

log "go vet ./..."
go vet ./...

# staticcheck at a pinned version, fetched through the module proxy by `go run pkg@version`, so it adds
# nothing to go.mod; the version is raised deliberately (docs/adr: "staticcheck, pinned").
staticcheck_version=v0.8.2
log "staticcheck $staticcheck_version ./..."
go run "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version" ./...

# Tests that call t.Parallel mostly wait (on PostgreSQL, on servers, on timers), so more of them run
# at once than there are CPUs (go test's default). Eight also bounds the connections: each test
# opens pools on databases of its own, and go test runs several packages at once; the cluster above
# allows 200, and the peaks of the database packages, measured one by one, add up to about 150.
# The browser journeys (e2e/) are one package of many pages; on a busy machine they pass go test's
# default limit of ten minutes a package, so the limit is CI's own budget's share instead.
log "go test -parallel 8 -timeout 30m ./..."
go test "${count_flag[@]}" -parallel 8 -timeout 30m ./...

# fuzz_target runs one fuzz target. Go's fuzzer can end a run with "context deadline exceeded" when
# the time runs out while it is still minimising a new input; that says nothing about the code, so
# such a run (with no failing input written) is tried again, up to three runs. A real failure fails at once.
fuzz_target() {
	local dir=$1 name=$2 fuzztime=$3 out status
	for attempt in 1 2 3; do
		status=0
		out=$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" -fuzzminimizetime=0 "$dir" 2>&1) || status=$?
		printf '%s\n' "$out"
		if ((status == 0)); then
			return 0
		fi
		if [[ $attempt -lt 3 && "$out" == *"context deadline exceeded"* && "$out" != *"Failing input written"* ]]; then
			log "fuzz $name stopped by its own deadline, not by a failure: once more"
			continue
		fi
		return "$status"
	done
}

fuzz_count=0
if [[ "${IMS_TEST_NO_FUZZ:-}" == 1 ]]; then
	log "IMS_TEST_NO_FUZZ=1: skipping fuzz targets"
else
	fuzztime="${IMS_TEST_FUZZTIME:-3s}"
	# Every `func FuzzXxx(` in a test file, as "dir name" pairs. node_modules and testdata are not Go
	# packages of ours.
	while read -r file name; do
		dir="./$(dirname "$file")"
		log "fuzz $name in $dir for $fuzztime"
		fuzz_target "$dir" "$name" "$fuzztime"
		fuzz_count=$((fuzz_count + 1))
	done < <(grep -rEo --include='*_test.go' --exclude-dir=node_modules --exclude-dir=testdata \
		--exclude-dir=.git '^func Fuzz[A-Za-z0-9_]*\(' . |
		sed -E 's#^\./##; s#:func (Fuzz[A-Za-z0-9_]*)\($# \1#' | sort)
fi

pg_note="with PostgreSQL"
[[ -n "${IMS_TEST_POSTGRES_URL:-}" ]] || pg_note="WITHOUT PostgreSQL (its tests skipped)"
log "OK: vet, tests ($pg_note) and $fuzz_count fuzz targets passed"
