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
# and, for the staff screens only (the public portal loads none of these):
#   ims-staff.css             the MOJ Frontend layouts and components the back office uses
#                             (frontend/staff.scss), compiled with the same Arial and asset path
#   moj-add-another.js, moj-filter-toggle-button.js, moj-sortable-table.js
#                             MOJ Frontend's self-contained ES module of each component with JavaScript
#   staff-init.js             frontend/staff-init.js, importing those modules by their content hashes
#   accessible-autocomplete.min.js, accessible-autocomplete.min.css
#                             accessible-autocomplete, for fund and account look-ups
#   images/icon-*.svg         the MOJ Frontend icons ims-staff.css refers to
#   MOJ-FRONTEND-NOTICE.txt, ACCESSIBLE-AUTOCOMPLETE-NOTICE.txt
#                             their versions and MIT licence notices
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
mojlib="node_modules/@ministryofjustice/frontend/moj"
moj_version="$(node -p 'require("@ministryofjustice/frontend/package.json").version')"
[[ "$moj_version" == 11.* ]] || die "expected @ministryofjustice/frontend 11.x, found $moj_version"
aclib="node_modules/accessible-autocomplete/dist"
ac_version="$(node -p 'require("accessible-autocomplete/package.json").version')"
[[ "$ac_version" == 3.* ]] || die "expected accessible-autocomplete 3.x, found $ac_version"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/images"

npx --no-install sass --pkg-importer=node --no-source-map --style=compressed --quiet-deps \
	main.scss "$tmp/ims.css"

# MOJ Frontend's Sass loads GOV.UK Frontend by the path node_modules/govuk-frontend/..., hence the
# frontend folder itself as a load path.
npx --no-install sass --load-path=node_modules --load-path=. --no-source-map --style=compressed \
	--quiet-deps staff.scss "$tmp/ims-staff.css"

# The GDS Transport typeface is licensed for GOV.UK only: fail rather than ship a stylesheet that
# asks for it.
for css in ims.css ims-staff.css; do
	if grep -q 'GDS Transport' "$tmp/$css"; then
		die "the compiled $css mentions GDS Transport; check the font family in frontend/main.scss and frontend/staff.scss"
	fi
	if grep -q '@font-face' "$tmp/$css"; then
		die "the compiled $css declares a web font; IMS ships none"
	fi
done
# ims-staff.css is loaded on top of ims.css: GOV.UK Frontend's own rules must not be compiled into it
# a second time (it would double the staff pages' CSS and reorder the cascade).
if grep -qF '.govuk-width-container{' "$tmp/ims-staff.css"; then
	die "ims-staff.css contains GOV.UK Frontend's own rules; frontend/staff.scss must load only its settings"
fi

# The source map is not shipped, so drop the comment that would make browsers request it.
sed -e '/^\/\/# sourceMappingURL=/d' -e 's#//\# sourceMappingURL=[^ ]*$##' \
	"$lib/govuk-frontend.min.js" >"$tmp/govuk-frontend.min.js"

# The same short content hash internal/govukfrontend/assets puts in asset URLs, so the import in init.js is
# cached as long as the library is unchanged.
hash="$(sha256sum "$tmp/govuk-frontend.min.js" | cut -c1-12)"
sed "s/__GOVUK_FRONTEND_VERSION__/$hash/" init.js >"$tmp/init.js"

# MOJ Frontend's per-component bundles carry their own copy of GOV.UK Frontend's component base class,
# so each is a self-contained module a browser can import without a bundler or an import map (which
# our Content-Security-Policy would refuse inline).
staff_init="$(cat staff-init.js)"
for component in add-another sortable-table filter-toggle-button; do
	sed -e '/^\/\/# sourceMappingURL=/d' "$mojlib/components/$component/$component.bundle.mjs" \
		>"$tmp/moj-$component.js"
	placeholder="__MOJ_$(tr 'a-z-' 'A-Z_' <<<"$component")_VERSION__"
	component_hash="$(sha256sum "$tmp/moj-$component.js" | cut -c1-12)"
	staff_init="${staff_init//"$placeholder"/"$component_hash"}"
done
staff_init="${staff_init//__GOVUK_FRONTEND_VERSION__/"$hash"}"
if grep -q '__[A-Z_]*_VERSION__' <<<"$staff_init"; then
	die "frontend/staff-init.js imports a module this script does not copy"
fi
printf '%s\n' "$staff_init" >"$tmp/staff-init.js"

sed -e '/^\/\/# sourceMappingURL=/d' "$aclib/accessible-autocomplete.min.js" >"$tmp/accessible-autocomplete.min.js"
sed -e '/^\/\*# sourceMappingURL=.*\*\/$/d' "$aclib/accessible-autocomplete.min.css" >"$tmp/accessible-autocomplete.min.css"

# Copy exactly the MOJ Frontend images the staff stylesheet refers to, and fail if one is missing.
for image in $(grep -o 'url(/assets/images/[^)]*)' "$tmp/ims-staff.css" | sed -e 's#^url(/assets/images/##' -e 's#)$##' | sort -u); do
	[[ -f "$mojlib/assets/images/$image" ]] || die "ims-staff.css refers to images/$image, which MOJ Frontend does not ship"
	cp "$mojlib/assets/images/$image" "$tmp/images/$image"
done

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

# The npm package of MOJ Frontend ships no licence file; its package.json says MIT and its repository
# (github.com/ministryofjustice/moj-frontend) holds the licence text reproduced here.
cat >"$tmp/MOJ-FRONTEND-NOTICE.txt" <<EOF
ims-staff.css, moj-add-another.js, moj-filter-toggle-button.js, moj-sortable-table.js and the
images/icon-*.svg files contain MOJ Frontend $moj_version (npm package @ministryofjustice/frontend),
compiled and copied by scripts/vendor-frontend.sh. ims-staff.css also contains parts of
GOV.UK Frontend (see GOVUK-FRONTEND-NOTICE.txt).

MOJ Frontend is released under the MIT License:

MIT License

Copyright (c) 2019 Ministry of Justice

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

{
	printf 'accessible-autocomplete.min.js and accessible-autocomplete.min.css contain\n'
	printf 'accessible-autocomplete %s (npm package accessible-autocomplete), copied by\n' "$ac_version"
	printf 'scripts/vendor-frontend.sh.\n\naccessible-autocomplete is released under the MIT License:\n\n'
	cat "node_modules/accessible-autocomplete/LICENSE.txt"
} >"$tmp/ACCESSIBLE-AUTOCOMPLETE-NOTICE.txt"

# Replace the output folder whole, so files dropped from the build do not linger.
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R "$tmp" "$out"
chmod -R u=rwX,go=rX "$out"

printf 'vendor-frontend.sh: GOV.UK Frontend %s, MOJ Frontend %s, accessible-autocomplete %s -> %s\n' \
	"$version" "$moj_version" "$ac_version" "${out#"$root"/}"
ls -l "$out" "$out/images" | sed 's/^/  /'
