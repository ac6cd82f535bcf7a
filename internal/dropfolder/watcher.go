// Package dropfolder imports the files councils receive by SFTP: each import type with a
// drop_folder has a folder under IMS_IMPORT_DIR, looked at every poll interval. A file that has
// stopped changing is claimed by renaming it into processing/ (on a folder shared by several
// instances, the rename that fails loses), imported as the system, followed until its import is
// finished, then moved to done/ (posted) or failed/ with a report beside it. See
// docs/adr/0026-drop-folders.md.
package dropfolder

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
)

// Importer is what the watcher needs of imports.Service.
type Importer interface {
	Start(ctx context.Context, p ims.Principal, req imports.Request, r io.Reader) (ims.Import, bool, error)
	Get(ctx context.Context, p ims.Principal, id int64) (ims.Import, error)
	List(ctx context.Context, p ims.Principal, f ims.ImportFilter) ([]ims.Import, error)
}

// TypeLister lists the import types (refdata.Service.ImportTypes()).
type TypeLister interface {
	List(ctx context.Context, p ims.Principal) ([]ims.ImportType, error)
}

// A Watcher watches the drop folders of one instance. Several instances may watch one shared
// IMS_IMPORT_DIR: each file is imported once.
type Watcher struct {
	Dir      string        // IMS_IMPORT_DIR
	Interval time.Duration // IMS_IMPORT_POLL_INTERVAL
	Imports  Importer
	Types    TypeLister
	Log      *slog.Logger
	// Stale is how long a file in processing/ may go untouched before it is taken for one left by
	// an instance that stopped (the instance following an import touches its file every
	// interval). Ten intervals, and at least a minute, when zero.
	Stale time.Duration

	mu     sync.Mutex
	seen   map[string]look // the files of the last look, by path, to see which are still written
	active map[string]bool // the files in processing/ this instance follows
	wg     sync.WaitGroup
}

// look is a file's size and modification time at one look.
type look struct {
	size    int64
	modTime time.Time
}

// Run looks at the drop folders every interval until ctx ends, then waits for the files it is
// following to stop being followed (they stay in processing/, for this or another instance to
// follow again).
func (w *Watcher) Run(ctx context.Context) {
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	w.Log.Info("drop folders: watching", "dir", w.Dir, "interval", w.Interval.String())
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		w.Poll(ctx)
		select {
		case <-ctx.Done():
			w.wg.Wait()
			return
		case <-t.C:
		}
	}
}

// Poll looks at every drop folder once: it takes over the files left in processing/ by an instance
// that stopped and claims the files that have stopped changing, each followed in its own goroutine.
func (w *Watcher) Poll(ctx context.Context) {
	types, err := w.Types.List(ctx, ims.System())
	if err != nil {
		w.Log.Warn("drop folders: listing import types", "err", err)
		return
	}
	now := time.Now()
	still := map[string]look{}
	for _, t := range types {
		if t.Disabled || t.DropFolder == "" || ctx.Err() != nil {
			continue
		}
		f, err := w.open(t)
		if err != nil {
			w.Log.Warn("drop folders: preparing folder", "import_type", t.Code, "err", err)
			continue
		}
		for _, c := range w.recoverStale(f, now) {
			w.follow(ctx, c)
		}
		for _, c := range w.claimSettled(f, now, still) {
			w.follow(ctx, c)
		}
	}
	w.mu.Lock()
	w.seen = still
	w.mu.Unlock()
}

// follow imports a claimed file and moves it when its import is finished, in a goroutine.
func (w *Watcher) follow(ctx context.Context, c claim) {
	w.mu.Lock()
	if w.active == nil {
		w.active = map[string]bool{}
	}
	w.active[c.path] = true
	w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		defer func() {
			w.mu.Lock()
			delete(w.active, c.path)
			w.mu.Unlock()
		}()
		w.handle(ctx, c)
	}()
}

// Wait waits for the files being followed (tests, after their context ends).
func (w *Watcher) Wait() { w.wg.Wait() }

func (w *Watcher) isActive(path string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.active[path]
}

func (w *Watcher) lastLook(path string) (look, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	l, ok := w.seen[path]
	return l, ok
}

func (w *Watcher) stale() time.Duration {
	if w.Stale > 0 {
		return w.Stale
	}
	return max(10*w.Interval, time.Minute)
}
