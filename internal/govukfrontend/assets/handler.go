package assets

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"
)

// Cache lifetimes. A URL carrying the file's current hash (as Path builds) never changes content, so
// browsers may keep it for a year without asking again. Any other URL — no hash, or the hash of an
// older or newer build during a rolling deploy — gets a short lifetime and is revalidated by ETag.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "public, max-age=300"
)

// Handler returns an http.Handler serving the embedded files at Prefix + name, for GET and HEAD.
// Mount it on the prefix: mux.Handle("GET /assets/", assets.Handler()).
//
// It answers 404 for anything that is not a file (folders are never listed) and 405 for other
// methods; it sets the Content-Type by extension with nosniff, a strong ETag honoured by
// If-None-Match, long caching when the request's v parameter matches the content hash, and gzip
// for text files when the client accepts it.
func Handler() http.Handler {
	return http.HandlerFunc(serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok || !fs.ValidPath(name) || name == "." {
		http.NotFound(w, r)
		return
	}
	f, ok := lookup(name)
	if !ok {
		http.NotFound(w, r)
		return
	}

	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", cacheImmutable)
	} else {
		h.Set("Cache-Control", cacheShort)
	}

	body, etag := f.body, `"`+f.hash+`"`
	if f.gzipped != nil {
		// Caches must keep the two representations apart, and each needs its own ETag.
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = f.gzipped, `"`+f.hash+`-gzip"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)

	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsGzip reports whether an Accept-Encoding header value admits gzip: listed (or "*") and not
// refused with q=0.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q, found := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q=")
		if !found {
			return true
		}
		// A weight is 0 to 1 with at most three decimals; only an all-zero one refuses.
		return strings.Trim(q, "0.") != ""
	}
	return false
}

// etagMatches reports whether an If-None-Match header value names etag, weakly compared as RFC 9110
// requires for If-None-Match, or is "*".
func etagMatches(header, etag string) bool {
	for candidate := range strings.SplitSeq(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}
