package exports

import (
	"os"
	"path/filepath"

	"github.com/ims-council/ims"
)

// write puts a batch's file in the export folder atomically: written to a temporary file in the
// same folder, synced, then renamed over the name, so whatever collects the folder (SFTP) never
// reads half a file. Temporary names start with a dot, which collectors are told to skip. A file
// written again has the same bytes.
func (s *Service) write(b ims.ExportBatch, content []byte) (err error) {
	if s.Dir == "" {
		return nil
	}
	defer ims.Wrap(&err, "writing export batch %s to %s", b.ID, s.Dir)
	f, err := os.CreateTemp(s.Dir, "."+b.FileName+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if _, err := f.Write(content); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o640); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), filepath.Join(s.Dir, b.FileName)); err != nil {
		return err
	}
	// The rename is durable only once the folder itself is synced.
	if d, err := os.Open(s.Dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
