#!/usr/bin/env bash
# scripts/bench.sh — builds the benchmark harness (bench/, see ARCHITECTURE.md "Benchmarks") and runs
# it on SQLite and PostgreSQL. Not part of the test command: it takes several minutes.
#
# It prints one JSON object per measurement per line on stdout and appends the same lines to
# bench/results/YYYY-MM-DD.jsonl (UTC date; git ignores bench/results/). Progress goes to stderr.
#
# PostgreSQL: the server named by IMS_BENCH_POSTGRES_URL, in which the harness creates and drops a
# database per measurement; when it is not set, a throwaway cluster started by
# `scripts/test.sh --pg-only` (which runs with fsync off: the output's "settings" say so).
#
# Usage:
#   scripts/bench.sh                                      everything, at full size
#   scripts/bench.sh -rows 100000 -duration 3s            a quick run
#   scripts/bench.sh -engines sqlite -only ledger_post    one measurement (and its baseline)
#   any other flag of the harness: go run ./bench -h
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bin_dir="$(mktemp -d)"
trap 'rm -rf "$bin_dir"' EXIT
go build -o "$bin_dir/bench" ./bench

mkdir -p bench/results
results="bench/results/$(date -u +%F).jsonl"

if [[ -n "${IMS_BENCH_POSTGRES_URL:-}" ]]; then
	"$bin_dir/bench" "$@" | tee -a "$results"
else
	# The inner shell hands the throwaway cluster's URL to the harness under the name it reads.
	scripts/test.sh --pg-only sh -c 'IMS_BENCH_POSTGRES_URL="${IMS_TEST_POSTGRES_URL:-}" exec "$0" "$@"' \
		"$bin_dir/bench" "$@" | tee -a "$results"
fi
printf 'bench.sh: results appended to %s\n' "$results" >&2
