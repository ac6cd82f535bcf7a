#!/usr/bin/env bash
# scripts/vendor-frontend.sh — rebuilds the front-end assets that IMS embeds and serves under /assets/.
#
# Run it after changing anything in frontend/ (the SCSS, init.js, favicon.svg, or the pinned versions in
# frontend/package.json), then commit internal/govukfrontend/assets/static/. The output is committed so that
# `go build` and the tests need no Node.js; only this script does (node and npm from Debian or the
# machine image, packages from the npm registry).
#
# What it writes to internal/govukfrontend/assets/static/:
#   ims.css                   GOV.UK Frontend compiled with Arial (no GDS Transport font faces) and
#                             frontend/ims.scss, minified, without a source map
#   govuk-frontend.min.js     GOV.UK Frontend's ES module, its source-map comment removed
#   init.js                   frontend/init.js, importing the library by its content hash
#   images/favicon.svg        our own neutral icon (GOV.UK's crown icons are not ours to use)
#   GOVUK-FRONTEND-NOTICE.txt the library's version and MIT licence notice
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
out="$root/internal/govukfrontend/assets/static"

die() { printf 'vendor-frontend.sh: %s\n' "$*" >&2; exit 1; }

command -v npm >/dev/null 2>&1 || die "npm is needed (apt-get install -y nodejs npm)"

cd "$root/frontend"
# npm ci installs exactly what package-lock.json pins; the first run creates the lock file.
if [[ -f package-lock.json ]]; then
	npm ci --no-audit --no-fund --loglevel=error
else
	npm install --no-audit --no-fund --loglevel=error
fi

lib="node_modules/govuk-frontend/dist/govuk"
version="$(node -p 'require("govuk-frontend/package.json").version')"
[[ "$version" == 6.* ]] || die "expected govuk-frontend 6.x, found $version"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/images"

npx --no-install sass --pkg-importer=node --no-source-map --style=compressed --quiet-deps \
	main.scss "$tmp/ims.css"

# The GDS Transport typeface is licensed for GOV.UK only: fail rather than ship a stylesheet that
# asks for it.
if grep -q 'GDS Transport' "$tmp/ims.css"; then
	die "the compiled CSS mentions GDS Transport; check \$govuk-font-family in frontend/main.scss"
fi
if grep -q '@font-face' "$tmp/ims.css"; then
	die "the compiled CSS declares a web font; IMS ships none"
fi

# The source map is not shipped, so drop the comment that would make browsers request it.
sed -e '/^\/\/# sourceMappingURL=/d' -e 's#//\# sourceMappingURL=[^ ]*$##' \
	"$lib/govuk-frontend.min.js" >"$tmp/govuk-frontend.min.js"

# The same short content hash internal/govukfrontend/assets puts in asset URLs, so the import in init.js is
# cached as long as the library is unchanged.
hash="$(sha256sum "$tmp/govuk-frontend.min.js" | cut -c1-12)"
sed "s/__GOVUK_FRONTEND_VERSION__/$hash/" init.js >"$tmp/init.js"

cp favicon.svg "$tmp/images/favicon.svg"

cat >"$tmp/GOVUK-FRONTEND-NOTICE.txt" <<EOF
ims.css and govuk-frontend.min.js contain GOV.UK Frontend $version
(npm package govuk-frontend), compiled by scripts/vendor-frontend.sh.

GOV.UK Frontend is released under the MIT License:

The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
EOF

# Replace the output folder whole, so files dropped from the build do not linger.
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R "$tmp" "$out"
chmod -R u=rwX,go=rX "$out"

printf 'vendor-frontend.sh: GOV.UK Frontend %s -> %s\n' "$version" "${out#"$root"/}"
ls -l "$out" "$out/images" | sed 's/^/  /'
