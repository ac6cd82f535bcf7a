package dropfolder

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// The folders inside each drop folder.
const (
	processingDir = "processing" // claimed by an instance, being imported
	doneDir       = "done"       // posted (or posted and since reversed)
	failedDir     = "failed"     // refused or failed: nothing was posted
)

// stampLayout starts the name of a claimed file: when it was claimed, so a same-named later file
// never overwrites an earlier one in processing/, done/ or failed/, and the names sort by time.
const stampLayout = "20060102T150405.000000000Z"

// A folder is one import type's drop folder.
type folder struct {
	t    ims.ImportType
	path string
}

// A claim is a file this instance has renamed into processing/ and now follows.
type claim struct {
	folder
	path      string // the file in processing/
	name      string // its name as dropped
	recovered bool   // taken over from an instance that stopped following it
	importID  int64  // its import, when known
}

// open returns an import type's drop folder, making it and its folders when missing.
func (w *Watcher) open(t ims.ImportType) (folder, error) {
	f := folder{t: t, path: filepath.Join(w.Dir, t.DropFolder)}
	for _, d := range []string{processingDir, doneDir, failedDir} {
		if err := os.MkdirAll(filepath.Join(f.path, d), 0o770); err != nil {
			return f, err
		}
	}
	return f, nil
}

// ignored reports whether a name is not a file to import: hidden files, and the names SFTP and
// other clients give a file while they write it before renaming it.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	for _, suffix := range []string{".part", ".tmp", ".filepart", ".partial", ".crdownload"} {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~")
}

// files returns the regular files of dir that are not ignored, with what they look like now.
func files(dir string) (map[string]look, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]look{}
	for _, e := range entries {
		if !e.Type().IsRegular() || ignored(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone since the listing: another instance took it
		}
		out[e.Name()] = look{size: info.Size(), modTime: info.ModTime()}
	}
	return out, nil
}

// claimSettled claims the files of f that have finished arriving: seen at the previous look with
// the same size and modification time, and not modified for two intervals. An SFTP upload grows
// the file it writes, so a file that changed since the last look is still being written. The
// files seen are added to still, for the next look.
func (w *Watcher) claimSettled(f folder, now time.Time, still map[string]look) []claim {
	found, err := files(f.path)
	if err != nil {
		w.Log.Warn("drop folders: listing folder", "folder", f.path, "err", err)
		return nil
	}
	var claims []claim
	for name, l := range found {
		path := filepath.Join(f.path, name)
		still[path] = l
		before, seen := w.lastLook(path)
		if !seen || before.size != l.size || !before.modTime.Equal(l.modTime) || now.Sub(l.modTime) < 2*w.Interval {
			continue
		}
		if c, ok := w.take(f, path, name, now); ok {
			claims = append(claims, c)
		}
	}
	return claims
}

// recoverStale takes over the files in f's processing/ that nobody has touched for the stale
// period: their instance stopped (a crash, a restart, a stop during a long import).
func (w *Watcher) recoverStale(f folder, now time.Time) []claim {
	dir := filepath.Join(f.path, processingDir)
	found, err := files(dir)
	if err != nil {
		w.Log.Warn("drop folders: listing folder", "folder", dir, "err", err)
		return nil
	}
	var claims []claim
	for stamped, l := range found {
		path := filepath.Join(dir, stamped)
		if w.isActive(path) || now.Sub(l.modTime) < w.stale() {
			continue
		}
		if c, ok := w.take(f, path, unstamp(stamped), now); ok {
			c.recovered = true
			c.importID = readImportID(path)
			if c.importID != 0 {
				w.noteImport(c)
			}
			w.Log.Info("drop folders: taking over a file left in processing", "file", path, "import_type", f.t.Code)
			claims = append(claims, c)
		}
	}
	return claims
}

// take claims the file at path by renaming it into processing/ under a new stamped name. When
// several instances try, one rename succeeds and the others find the file gone.
func (w *Watcher) take(f folder, path, name string, now time.Time) (claim, bool) {
	// Each name is stamped with the time of its own rename, which replaces any file of the same
	// name: a file taken over and a new one of the same name, in one look, must not meet.
	var target string
	for {
		target = filepath.Join(f.path, processingDir, time.Now().UTC().Format(stampLayout)+"-"+name)
		if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err := os.Rename(path, target); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			w.Log.Warn("drop folders: claiming file", "file", path, "err", err)
		}
		return claim{}, false
	}
	touch(target, now)
	return claim{folder: f, path: target, name: name}, true
}

// touch sets a claimed file's modification time: while an instance follows a file, it touches it
// every interval, so the other instances see it is not stale.
func touch(path string, now time.Time) {
	_ = os.Chtimes(path, now, now) // at worst another instance takes it over and finds its import
}

// unstamp returns a claimed file's name as dropped; a name without a stamp (put there by hand) is
// all name.
func unstamp(stamped string) string {
	stamp, name, ok := strings.Cut(stamped, "-")
	if !ok || name == "" {
		return stamped
	}
	if _, err := time.Parse(stampLayout, stamp); err != nil {
		return stamped
	}
	return name
}

// A claimed file's import is noted beside it, in processing/.NAME.import (a dot-file, so never
// taken for a file to import), as soon as it is started: an instance taking the file over follows
// that import rather than looking for it.
func notePath(claimed string) string {
	return filepath.Join(filepath.Dir(claimed), "."+filepath.Base(claimed)+".import")
}

// noteImport notes c's import beside it.
func (w *Watcher) noteImport(c claim) {
	if err := os.WriteFile(notePath(c.path), []byte(strconv.FormatInt(c.importID, 10)+"\n"), 0o640); err != nil {
		w.Log.Warn("drop folders: noting a file's import", "file", c.path, "import", c.importID, "err", err)
	}
}

// readImportID reads and removes the import noted beside a claimed file: zero when none was.
func readImportID(claimed string) int64 {
	b, err := os.ReadFile(notePath(claimed))
	if err != nil {
		return 0
	}
	_ = os.Remove(notePath(claimed))
	return parseID(strings.TrimSpace(string(b)))
}

// freeName returns the path in dir for a claimed file: its stamped name, numbered when that name
// is taken.
func freeName(dir, base string) string {
	target := filepath.Join(dir, base)
	for i := 2; ; i++ {
		if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
			return target
		}
		ext := filepath.Ext(base)
		target = filepath.Join(dir, strings.TrimSuffix(base, ext)+"-"+strconv.Itoa(i)+ext)
	}
}
