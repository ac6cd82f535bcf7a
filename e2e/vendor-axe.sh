#!/usr/bin/env bash
# e2e/vendor-axe.sh — fetch axe-core's axe.min.js from the npm registry into e2e/testdata/axe/.
#
# The browser tests inject axe.min.js into each page they check (SPEC §13: WCAG 2.2 AA checked with
# axe-core in a real browser). Only the minified script and its licence are committed, so running the
# tests needs neither Node.js nor the network.
#
# Usage: e2e/vendor-axe.sh [VERSION]     (default: the version in the committed axe.min.js's header,
#                                         so a fresh fetch reproduces the committed file)
#        e2e/vendor-axe.sh latest        (the newest release, as `npm view axe-core version` says)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/testdata/axe"
version="${1:-}"
if [[ -z "$version" && -f "$dest/axe.min.js" ]]; then
	# The file starts "/*! axe v4.14.1".
	version="$(head -n 1 "$dest/axe.min.js" | sed -nE 's/^\/\*! axe v([0-9][0-9A-Za-z.-]*).*$/\1/p')"
fi
if [[ -z "$version" || "$version" == latest ]]; then
	version="$(npm view axe-core version)"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$version" >/dev/null)
tar -xzf "$tmp/axe-core-$version.tgz" -C "$tmp"

mkdir -p "$dest"
cp "$tmp/package/axe.min.js" "$dest/axe.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "vendored axe-core $version into $dest"
