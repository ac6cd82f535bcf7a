package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec
}

func TestServesFilesWithTheirContentType(t *testing.T) {
	for _, tc := range []struct{ name, contentType, contains string }{
		{"ims.css", "text/css; charset=utf-8", ".govuk-button"},
		{"govuk-frontend.min.js", "text/javascript; charset=utf-8", "initAll"},
		{"init.js", "text/javascript; charset=utf-8", "govuk-frontend-supported"},
		{"images/favicon.svg", "image/svg+xml", "<svg"},
		// The staff screens' files (scripts/vendor-frontend.sh).
		{"ims-staff.css", "text/css; charset=utf-8", ".moj-filter-layout"},
		{"staff-init.js", "text/javascript; charset=utf-8", "createAll(SortableTable)"},
		{"moj-add-another.js", "text/javascript; charset=utf-8", "export { AddAnother }"},
		{"moj-sortable-table.js", "text/javascript; charset=utf-8", "export { SortableTable }"},
		{"moj-filter-toggle-button.js", "text/javascript; charset=utf-8", "export { FilterToggleButton }"},
		{"accessible-autocomplete.min.js", "text/javascript; charset=utf-8", "accessibleAutocomplete"},
		{"accessible-autocomplete.min.css", "text/css; charset=utf-8", ".autocomplete__input"},
		{"images/icon-toggle-plus-minus.svg", "image/svg+xml", "<svg"},
		{"MOJ-FRONTEND-NOTICE.txt", "text/plain; charset=utf-8", "MOJ Frontend 11.1.0"},
		{"ACCESSIBLE-AUTOCOMPLETE-NOTICE.txt", "text/plain; charset=utf-8", "accessible-autocomplete 3.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, http.MethodGet, Prefix+tc.name, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", rec.Code)
			}
			if got := rec.Header().Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type %q, want %q", got, tc.contentType)
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
			if !strings.Contains(rec.Body.String(), tc.contains) {
				t.Errorf("body does not contain %q", tc.contains)
			}
		})
	}
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"a.css": "text/css; charset=utf-8", "a.js": "text/javascript; charset=utf-8",
		"a.mjs": "text/javascript; charset=utf-8", "a.svg": "image/svg+xml", "a.png": "image/png",
		"a.woff2": "font/woff2", "a.ico": "image/x-icon", "a.bin": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestNotFound(t *testing.T) {
	for _, target := range []string{
		"/assets/missing.css",
		"/assets/",        // the root folder is not listed
		"/assets/images",  // nor is any other folder
		"/assets/images/", //
		"/assets/../assets.go",
		"/assets//ims.css",
		"/assets/static/ims.css", // the embed folder's name is not part of the URL
		"/other/ims.css",
	} {
		rec := get(t, http.MethodGet, target, nil)
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "favicon.svg") {
			t.Errorf("GET %s: the response lists files", target)
		}
	}
}

func TestOtherMethodsRefused(t *testing.T) {
	rec := get(t, http.MethodPost, Prefix+"ims.css", nil)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d Allow %q, want 405 with Allow: GET, HEAD", rec.Code, rec.Header().Get("Allow"))
	}
}

func TestHeadSendsHeadersOnly(t *testing.T) {
	rec := get(t, http.MethodHead, Prefix+"ims.css", nil)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: status %d with %d body bytes, want 200 and none", rec.Code, rec.Body.Len())
	}
	if rec.Header().Get("Content-Length") == "" {
		t.Error("HEAD: no Content-Length")
	}
}

func TestPathAndCaching(t *testing.T) {
	p := Path("ims.css")
	if !regexp.MustCompile(`^/assets/ims\.css\?v=[0-9a-f]{12}$`).MatchString(p) {
		t.Fatalf("Path(ims.css) = %q, want /assets/ims.css?v=<12 hex digits>", p)
	}
	if Path("/ims.css") != p {
		t.Errorf("Path with a leading slash = %q, want %q", Path("/ims.css"), p)
	}

	rec := get(t, http.MethodGet, p, nil)
	if got := rec.Header().Get("Cache-Control"); got != cacheImmutable {
		t.Errorf("current hash: Cache-Control %q, want %q", got, cacheImmutable)
	}
	for _, target := range []string{Prefix + "ims.css", Prefix + "ims.css?v=000000000000"} {
		rec := get(t, http.MethodGet, target, nil)
		if got := rec.Header().Get("Cache-Control"); got != cacheShort {
			t.Errorf("%s: Cache-Control %q, want %q", target, got, cacheShort)
		}
	}

	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	rec = get(t, http.MethodGet, p, map[string]string{"If-None-Match": etag})
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match with the current ETag: status %d, %d body bytes; want 304 and none", rec.Code, rec.Body.Len())
	}
	rec = get(t, http.MethodGet, p, map[string]string{"If-None-Match": `"stale"`})
	if rec.Code != http.StatusOK {
		t.Errorf("If-None-Match with another ETag: status %d, want 200", rec.Code)
	}
}

func TestPathPanicsForMissingFile(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Path(missing.css) did not panic")
		}
	}()
	Path("missing.css")
}

func TestGzip(t *testing.T) {
	plain := get(t, http.MethodGet, Prefix+"ims.css", nil)
	rec := get(t, http.MethodGet, Prefix+"ims.css", map[string]string{"Accept-Encoding": "br, gzip"})
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Accept-Encoding gzip: Content-Encoding %q, want gzip", rec.Header().Get("Content-Encoding"))
	}
	if rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("Vary %q, want Accept-Encoding", rec.Header().Get("Vary"))
	}
	if rec.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Error("the gzip and plain representations share an ETag")
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Error("the gzip body does not decompress to the plain body")
	}

	refused := get(t, http.MethodGet, Prefix+"ims.css", map[string]string{"Accept-Encoding": "gzip;q=0"})
	if refused.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent although the client refused it with q=0")
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "deflate, gzip;q=0.5": true, "gzip;q=0": false,
		"gzip; q=0.000": false, "*": true, "br": false, "x-gzip2": false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// stylesheets are the compiled stylesheets: the portal's and staff pages' ims.css, and
// ims-staff.css, which staff pages load on top of it.
var stylesheets = []string{"ims.css", "ims-staff.css"}

// No stylesheet may ask for GOV.UK's licensed typeface: councils are not GOV.UK. MOJ Frontend asks
// for it by default, so ims-staff.css must have been compiled with the same Arial setting as ims.css.
func TestStylesheetHasNoGDSTransport(t *testing.T) {
	for _, name := range stylesheets {
		f, ok := lookup(name)
		if !ok {
			t.Fatalf("%s is not embedded", name)
		}
		css := string(f.body)
		for _, banned := range []string{"GDS Transport", "@font-face"} {
			if strings.Contains(css, banned) {
				t.Errorf("%s contains %q", name, banned)
			}
		}
		if !strings.Contains(css, "font-family:arial,sans-serif") {
			t.Errorf("%s does not set Arial", name)
		}
	}
}

// init.js imports the library by hash so that the import is cached like a Path URL; the hash that
// scripts/vendor-frontend.sh wrote must be the one Path computes, or the import is never cached.
func TestInitImportsLibraryByCurrentHash(t *testing.T) {
	f, _ := lookup("init.js")
	want := `"./govuk-frontend.min.js?v=` + strings.TrimPrefix(Path("govuk-frontend.min.js"), Prefix+"govuk-frontend.min.js?v=") + `"`
	if !strings.Contains(string(f.body), want) {
		t.Errorf("init.js does not import %s; run scripts/vendor-frontend.sh", want)
	}
}

// Every url() in the stylesheet should resolve to an embedded file, except GOV.UK's crest, which
// only the footer's Crown copyright logo class uses and which IMS deliberately neither uses nor ships.
func TestStylesheetURLsExist(t *testing.T) {
	for _, name := range append(stylesheets, "accessible-autocomplete.min.css") {
		f, _ := lookup(name)
		urls := regexp.MustCompile(`url\("?([^")]+)"?\)`).FindAllStringSubmatch(string(f.body), -1)
		if name == "ims-staff.css" && len(urls) == 0 {
			// The filter and timeline draw their icons with url(): none found means the pattern no
			// longer matches what Sass writes, and the test would pass without checking anything.
			t.Errorf("%s has no url(); expected MOJ Frontend's icons", name)
		}
		for _, m := range urls {
			u := m[1]
			if strings.HasPrefix(u, "data:") || strings.HasSuffix(u, "/govuk-crest.svg") {
				continue
			}
			if !strings.HasPrefix(u, Prefix) {
				t.Errorf("%s refers to %s, outside our asset path %s", name, u, Prefix)
				continue
			}
			if _, ok := lookup(strings.TrimPrefix(u, Prefix)); !ok {
				t.Errorf("%s refers to %s, which is not embedded", name, u)
			}
		}
	}
}

func lookupBody(t *testing.T, name string) []byte {
	t.Helper()
	f, ok := lookup(name)
	if !ok {
		t.Fatalf("%s is not embedded", name)
	}
	return f.body
}

// staffFiles are the files only staff pages load.
var staffFiles = []string{
	"ims-staff.css", "staff-init.js",
	"moj-add-another.js", "moj-sortable-table.js", "moj-filter-toggle-button.js",
	"accessible-autocomplete.min.js", "accessible-autocomplete.min.css",
}

// The staff files are cached like every other asset: for a year at the URL Path builds, briefly at
// any other, revalidated by ETag, and compressed for clients that accept gzip.
func TestStaffFilesAreCachedAndCompressed(t *testing.T) {
	for _, name := range staffFiles {
		t.Run(name, func(t *testing.T) {
			p := Path(name)
			rec := get(t, http.MethodGet, p, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200", p, rec.Code)
			}
			if got := rec.Header().Get("Cache-Control"); got != cacheImmutable {
				t.Errorf("GET %s: Cache-Control %q, want %q", p, got, cacheImmutable)
			}
			etag := rec.Header().Get("ETag")
			if again := get(t, http.MethodGet, p, map[string]string{"If-None-Match": etag}); etag == "" || again.Code != http.StatusNotModified {
				t.Errorf("GET %s with If-None-Match %s: status %d, want 304", p, etag, again.Code)
			}
			if got := get(t, http.MethodGet, Prefix+name, nil).Header().Get("Cache-Control"); got != cacheShort {
				t.Errorf("GET %s without its hash: Cache-Control %q, want %q", Prefix+name, got, cacheShort)
			}
			zipped := get(t, http.MethodGet, p, map[string]string{"Accept-Encoding": "gzip"})
			if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Body.Len() >= rec.Body.Len() {
				t.Errorf("GET %s with gzip: Content-Encoding %q, %d bytes of %d; want it compressed",
					p, zipped.Header().Get("Content-Encoding"), zipped.Body.Len(), rec.Body.Len())
			}
		})
	}
}

// staff-init.js imports each module by its hash, as init.js does: a hash that is not the one Path
// computes leaves the browser with a stale module after an upgrade, or a second copy of GOV.UK
// Frontend's module that init.js's copy never marked as started.
func TestStaffInitImportsModulesByCurrentHash(t *testing.T) {
	f, ok := lookup("staff-init.js")
	if !ok {
		t.Fatal("staff-init.js is not embedded")
	}
	imports := regexp.MustCompile(`from "\./([^"?]+)\?v=([0-9a-f]+)"`).FindAllStringSubmatch(string(f.body), -1)
	want := []string{"govuk-frontend.min.js", "moj-add-another.js", "moj-sortable-table.js", "moj-filter-toggle-button.js"}
	if len(imports) != len(want) {
		t.Fatalf("staff-init.js has %d hashed imports, want %d (%v)", len(imports), len(want), want)
	}
	for i, m := range imports {
		if m[1] != want[i] {
			t.Errorf("import %d is %s, want %s", i, m[1], want[i])
		}
		if got := Prefix + m[1] + "?v=" + m[2]; got != Path(m[1]) {
			t.Errorf("staff-init.js imports %s, want %s; run scripts/vendor-frontend.sh", got, Path(m[1]))
		}
	}
}

// ims-staff.css holds MOJ Frontend's rules for each layout and component the back office uses, and
// none of GOV.UK Frontend's own, which ims.css already gives every page.
func TestStaffStylesheetHasTheBackOfficeComponentsOnly(t *testing.T) {
	f, _ := lookup("ims-staff.css")
	css := string(f.body)
	for _, class := range []string{
		".moj-primary-navigation", ".moj-sub-navigation", ".moj-filter-layout", ".moj-filter",
		"[aria-sort]", ".moj-badge", ".moj-timeline", ".moj-pagination", ".moj-add-another",
	} {
		if !strings.Contains(css, class) {
			t.Errorf("ims-staff.css has no %s rules", class)
		}
	}
	// A rule whose selector is the GOV.UK class itself, not MOJ's ".moj-action-bar__filter>.govuk-button".
	for _, repeated := range []string{"govuk-width-container", "govuk-button", "govuk-template"} {
		own := regexp.MustCompile(`(^\x{FEFF}?|[{},])\.` + repeated + `\{`)
		if !strings.Contains(string(lookupBody(t, "ims.css")), "."+repeated+"{") {
			t.Errorf("ims.css has no .%s rule; pick a class it has", repeated)
		}
		if own.MatchString(css) {
			t.Errorf("ims-staff.css repeats GOV.UK Frontend's .%s rule, which ims.css has", repeated)
		}
	}
	for _, unused := range []string{".moj-rich-text-editor", ".moj-date-picker", ".moj-header"} {
		if strings.Contains(css, unused) {
			t.Errorf("ims-staff.css has %s rules, which the back office does not use", unused)
		}
	}
}

// The vendored files keep their MIT licence notices beside them, and the shipped files ask for no
// source map that IMS does not ship.
func TestStaffFilesKeepTheirNoticesAndAskForNoSourceMap(t *testing.T) {
	for notice, wants := range map[string][]string{
		"MOJ-FRONTEND-NOTICE.txt":            {"@ministryofjustice/frontend", "MIT License", "Ministry of Justice", "Permission is hereby granted"},
		"ACCESSIBLE-AUTOCOMPLETE-NOTICE.txt": {"npm package accessible-autocomplete", "MIT License", "Government Digital Service", "Permission is hereby granted"},
	} {
		f, ok := lookup(notice)
		if !ok {
			t.Errorf("%s is not embedded", notice)
			continue
		}
		for _, want := range wants {
			if !strings.Contains(string(f.body), want) {
				t.Errorf("%s does not contain %q", notice, want)
			}
		}
	}
	for _, name := range staffFiles {
		f, _ := lookup(name)
		if strings.Contains(string(f.body), "sourceMappingURL") {
			t.Errorf("%s asks for a source map", name)
		}
	}
}
