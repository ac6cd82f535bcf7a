package dropfolder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
)

// searchPages is how many pages of 100 of an import type's newest imports are searched for the
// import of a file taken over: it was started moments before its instance stopped.
const searchPages = 5

// handle imports a claimed file (or finds the import of a file taken over), follows the import
// until it is finished, and moves the file to done/ or failed/ with its report. When ctx ends, or
// the database cannot be reached, the file stays in processing/: once stale, it is taken over and
// its import found again.
func (w *Watcher) handle(ctx context.Context, c claim) {
	defer w.heartbeat(c.path)()
	imp, found, err := w.importOf(ctx, c)
	if err != nil {
		w.Log.Warn("drop folders: looking for the import of a file taken over", "file", c.path, "err", err)
		return
	}
	if !found {
		var err error
		imp, err = w.start(ctx, c)
		if err != nil {
			if ctx.Err() != nil || !refusal(err) {
				w.Log.Warn("drop folders: starting import, will try again", "file", c.path, "err", err)
				return
			}
			w.finish(c, w.refused(ctx, c, imp, err))
			return
		}
		c.importID = imp.ID
		w.noteImport(c)
		w.Log.Info("drop folders: importing", "file", c.path, "import_type", c.t.Code, "import", imp.ID)
	}
	for !imp.Finished() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.Interval):
		}
		next, err := w.Imports.Get(ctx, ims.System(), imp.ID)
		if err != nil {
			w.Log.Warn("drop folders: following import", "import", imp.ID, "err", err)
			continue
		}
		imp = next
	}
	w.finish(c, imp)
}

// heartbeat touches the file at path every interval until the function it returns is called, so
// the other instances see it is followed, however long its import takes to store and post.
func (w *Watcher) heartbeat(path string) (stop func()) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(w.Interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				touch(path, now)
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// start imports a claimed file as the system: nobody is signed in; the import's source (folder)
// and file name say where it came from.
func (w *Watcher) start(ctx context.Context, c claim) (ims.Import, error) {
	f, err := os.Open(c.path)
	if err != nil {
		// Most likely the sender's umask left it unreadable to IMS: a person must see to it.
		return ims.Import{}, ims.Errorf(ims.Invalid, "%s could not be opened, so nothing was imported: %v", c.name, err)
	}
	defer f.Close()
	imp, _, err := w.Imports.Start(ctx, ims.System(), imports.Request{ImportType: c.t.Code, FileName: c.name,
		Source: ims.ImportSourceFolder}, f)
	return imp, err
}

// refusal reports whether Start refused the file itself (a duplicate, an empty file, a type now
// disabled), so trying again would not help: the file goes to failed/.
func refusal(err error) bool {
	switch ims.ErrorCode(err) {
	case ims.Invalid, ims.Conflict, ims.NotFound, ims.Forbidden:
		return true
	}
	return false
}

// refused returns the import of a file Start refused, for its report: the failed import Start
// recorded when it got that far, and the reason in any case.
func (w *Watcher) refused(ctx context.Context, c claim, imp ims.Import, cause error) ims.Import {
	if imp.ID != 0 {
		if stored, err := w.Imports.Get(ctx, ims.System(), imp.ID); err == nil {
			imp = stored
		}
	}
	if imp.ImportType == "" {
		imp = ims.Import{ImportType: c.t.Code, Source: ims.ImportSourceFolder, FileName: c.name}
	}
	imp.State, imp.Message = ims.ImportFailed, ims.ErrorMessage(cause)
	for field, msg := range ims.ErrorFields(cause) {
		if field == "duplicate_of" {
			imp.DuplicateOf = parseID(msg)
		} else if msg != imp.Message {
			imp.Errors = append(imp.Errors, msg)
		}
	}
	return imp
}

// importOf returns the import of a file taken over from an instance that stopped: the one noted
// beside it, or, when the instance stopped before noting it, the newest import of its type from the
// drop folder with the file's name and SHA-256. (Should that instance have stopped within moments
// of starting the import of a file dropped a second time, the import found is the first one's, and
// the file goes to done/ with its report rather than to failed/ as a duplicate: nothing is posted
// twice either way.)
func (w *Watcher) importOf(ctx context.Context, c claim) (ims.Import, bool, error) {
	if c.importID != 0 {
		imp, err := w.Imports.Get(ctx, ims.System(), c.importID)
		if ims.ErrorCode(err) == ims.NotFound {
			return imp, false, nil
		}
		return imp, err == nil, err
	}
	if !c.recovered {
		return ims.Import{}, false, nil
	}
	sum, err := sha256File(c.path)
	if err != nil {
		return ims.Import{}, false, err
	}
	f := ims.ImportFilter{ImportType: c.t.Code, Limit: 100}
	for range searchPages {
		list, err := w.Imports.List(ctx, ims.System(), f)
		if err != nil {
			return ims.Import{}, false, err
		}
		for _, imp := range list {
			if imp.Source == ims.ImportSourceFolder && imp.FileName == c.name && imp.SHA256 == sum {
				return imp, true, nil
			}
		}
		if len(list) < f.Limit {
			break
		}
		f.Before = list[len(list)-1].ID
	}
	return ims.Import{}, false, nil
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
