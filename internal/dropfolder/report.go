package dropfolder

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ims-council/ims"
)

// A Report is what NAME.report.json beside a file in done/ or failed/ holds: the file's import (its
// id, status, message, errors, warnings and totals; id 0 when the file was refused before an import
// was recorded, such as when its import type had been disabled), and where the file is now.
type Report struct {
	ims.Import
	DropFolder string `json:"drop_folder"`
	MovedTo    string `json:"moved_to"` // done/STAMP-NAME or failed/STAMP-NAME, in the drop folder
}

// finish moves a claimed file whose import is finished to done/ (posted, or since reversed) or
// failed/ (refused or failed: nothing posted), writing its report first, so a report is never
// missing beside a file. A failure leaves the file in processing/, to be taken over and finished
// again once stale.
func (w *Watcher) finish(c claim, imp ims.Import) {
	dir := failedDir
	if imp.State == ims.ImportPosted || imp.State == ims.ImportReversed {
		dir = doneDir
	}
	target := freeName(filepath.Join(c.folder.path, dir), filepath.Base(c.path))
	rep := Report{Import: imp, DropFolder: c.t.DropFolder, MovedTo: dir + "/" + filepath.Base(target)}
	if err := writeReport(target+".report.json", rep); err != nil {
		w.Log.Error("drop folders: writing report", "file", c.path, "import", imp.ID, "err", err)
		return
	}
	if err := os.Rename(c.path, target); err != nil {
		w.Log.Error("drop folders: moving file", "file", c.path, "to", target, "err", err)
		return
	}
	_ = os.Remove(notePath(c.path)) // a note left behind names a file no longer there: harmless
	w.Log.Info("drop folders: imported", "file", target, "import", imp.ID, "status", imp.State)
}

// writeReport writes a report under a temporary name and renames it, so whoever collects reports
// never reads half of one.
func writeReport(path string, rep Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func parseID(s string) int64 {
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}
