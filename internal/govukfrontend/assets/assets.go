// Package assets serves IMS's static front-end files — the council-branded GOV.UK Frontend stylesheet
// and script, our init.js and icons, and for staff pages only MOJ Frontend (ims-staff.css, its
// component modules, staff-init.js) and accessible-autocomplete — from the binary, under the URL
// prefix /assets/.
//
// The files under static/ are built by scripts/vendor-frontend.sh and committed, so building IMS
// needs no Node.js. Templates link to a file with Path, which adds a hash of the file's content to
// the URL: a browser may then keep the file for a year, and a new build changes the URL.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// Prefix is the URL path under which Handler serves the files and Path builds links.
const Prefix = "/assets/"

//go:embed static
var static embed.FS

// hashLen is how many hex digits of a file's SHA-256 go into its URL: 48 bits, plenty to tell builds
// apart. scripts/vendor-frontend.sh uses the same length for the import in init.js.
const hashLen = 12

// file is one servable file, read and prepared once.
type file struct {
	body        []byte
	gzipped     []byte // nil when compressing does not pay (images, fonts, tiny files)
	hash        string
	contentType string
}

// loadFiles reads every embedded file once. The result is built on first use and never changed
// afterwards (sync.OnceValues), so it is a memoised constant rather than mutable package state.
var loadFiles = sync.OnceValues(func() (map[string]*file, error) {
	root, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	files := make(map[string]*file)
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		f := &file{
			body:        body,
			hash:        hex.EncodeToString(sum[:])[:hashLen],
			contentType: contentType(name),
		}
		if compressible(f.contentType) {
			f.gzipped, err = gzipIfSmaller(body)
			if err != nil {
				return err
			}
		}
		files[name] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assets: reading embedded files: %w", err)
	}
	return files, nil
})

// lookup returns the embedded file with the given slash-separated name relative to static/.
func lookup(name string) (*file, bool) {
	files, err := loadFiles()
	if err != nil {
		// The files are compiled into the binary; failing to read them is a build defect.
		panic(err)
	}
	f, ok := files[name]
	return f, ok
}

// Path returns the URL of the named file, such as "ims.css" or "images/favicon.svg", with a hash of
// its content as the query string ("/assets/ims.css?v=0123456789ab"), so that browsers may cache it
// for good and fetch it again only when a new build changes it.
//
// Path panics when no such file is embedded: a template naming a missing file is a programming error
// that any test rendering the template reveals.
func Path(name string) string {
	name = strings.TrimPrefix(name, "/")
	f, ok := lookup(name)
	if !ok {
		panic(fmt.Sprintf("assets: no embedded file %q", name))
	}
	return Prefix + name + "?v=" + f.hash
}

// contentType returns the Content-Type header for a file name, by its extension. The table is ours
// rather than mime.TypeByExtension's, which depends on the host's /etc/mime.types.
func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".json", ".map":
		return "application/json"
	case ".txt":
		return "text/plain; charset=utf-8"
	default:
		return "application/octet-stream"
	}
}

// compressible reports whether files of a content type are text worth compressing.
func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") ||
		strings.HasPrefix(contentType, "image/svg+xml") ||
		strings.HasPrefix(contentType, "application/json")
}

// gzipIfSmaller returns body compressed with gzip, or nil when that saves too little to be worth a
// second representation.
func gzipIfSmaller(body []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if buf.Len() > len(body)*9/10 {
		return nil, nil
	}
	return buf.Bytes(), nil
}
