// Package e2e holds the browser tests: the real ims binary serves the demo council (ims serve --demo,
// with the built-in GOV.UK Pay simulator) on a free local port, Debian's Chromium drives it through
// chromedp, and axe-core checks every page against WCAG 2.2 A and AA (SPEC §5.1, §13).
//
// The tests need IMS_TEST_CHROMIUM, the path of a Chromium binary (scripts/test.sh sets it when
// /usr/bin/chromium exists). Without it they skip, except under CI=true, where they fail.
//
// axe-core is vendored as testdata/axe/axe.min.js; e2e/vendor-axe.sh fetches it again.
package e2e
