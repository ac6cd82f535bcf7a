#!/usr/bin/env bash
# Writes River's schema, as River's own migrations for one database driver define it, as one goose
# migration of IMS (ADR 13): River's tables come in with the project's migrations, on both engines.
# Run it again, into a new migration file, when River is upgraded and brings new migrations.
#
#   scripts/river-migration.sh riversqlite > internal/sqldb/migrations/sqlite/00010_river.sql
#   scripts/river-migration.sh riverdatabasesql > internal/sqldb/migrations/postgres/00010_river.sql
#
# Each of River's versions is one statement block. On PostgreSQL each block runs in a transaction of
# its own, as River runs them (a later version uses an enum value an earlier one adds, which
# PostgreSQL allows only once that is committed): the file is NO TRANSACTION, and a block sent as one
# query string is one transaction. On SQLite the whole file is one transaction. The rows River's
# migrator would write are added, so rivermigrate sees the versions as applied.
set -euo pipefail
driver=$1
version=$(go list -m -f '{{.Version}}' github.com/riverqueue/river/riverdriver/"$driver")
dir=$(go list -m -f '{{.Dir}}' github.com/riverqueue/river/riverdriver/"$driver")/migration/main
ups=$(ls "$dir"/*.up.sql | sort)
downs=$(ls "$dir"/*.down.sql | sort -r)
versions=$(for f in $ups; do basename "$f" | sed 's/_.*//; s/^0*//'; done)

echo "-- River's schema (github.com/riverqueue/river/riverdriver/$driver $version, migration line main),"
echo "-- written by scripts/river-migration.sh: do not edit."
if [ "$driver" = riverdatabasesql ]; then
	echo "-- +goose NO TRANSACTION"
fi
echo "-- +goose Up"
for f in $ups; do
	echo "-- River $(basename "$f")"
	echo "-- +goose StatementBegin"
	sed 's#/\* TEMPLATE: schema \*/##g' "$f"
	echo
	echo "-- +goose StatementEnd"
done
echo "-- +goose StatementBegin"
for v in $versions; do
	echo "INSERT INTO river_migration (line, version) VALUES ('main', $v);"
done
echo "-- +goose StatementEnd"
echo
echo "-- +goose Down"
for f in $downs; do
	echo "-- River $(basename "$f")"
	echo "-- +goose StatementBegin"
	sed 's#/\* TEMPLATE: schema \*/##g' "$f"
	echo
	echo "-- +goose StatementEnd"
done
