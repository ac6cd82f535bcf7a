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

// The stylesheet must not ask for GOV.UK's licensed typeface: councils are not GOV.UK.
func TestStylesheetHasNoGDSTransport(t *testing.T) {
	f, ok := lookup("ims.css")
	if !ok {
		t.Fatal("ims.css is not embedded")
	}
	css := string(f.body)
	for _, banned := range []string{"GDS Transport", "@font-face"} {
		if strings.Contains(css, banned) {
			t.Errorf("ims.css contains %q", banned)
		}
	}
	if !strings.Contains(css, "font-family:arial,sans-serif") {
		t.Error("ims.css does not set Arial")
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
	f, _ := lookup("ims.css")
	for _, m := range regexp.MustCompile(`url\("?([^")]+)"?\)`).FindAllStringSubmatch(string(f.body), -1) {
		u := m[1]
		if strings.HasPrefix(u, "data:") || strings.HasSuffix(u, "/govuk-crest.svg") {
			continue
		}
		if _, ok := lookup(strings.TrimPrefix(u, Prefix)); !ok {
			t.Errorf("ims.css refers to %s, which is not embedded", u)
		}
	}
}
