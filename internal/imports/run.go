package imports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/internal/sqldb"
)

// RunImport reads and posts the stored file of import id with the roles and funds of whoever
// started it: the background job's work. An import already finished is left alone. A file that is
// refused (it does not read, its totals disagree) fails the import with every reason and posts
// nothing. Any other error is returned, so the job runs again: the posting is one transaction, so
// a run cut short (a crash, a restart) left nothing behind, and the next run starts afresh.
func (s *Service) RunImport(ctx context.Context, id int64) (err error) {
	defer ims.Wrap(&err, "RunImport(%d)", id)
	si, found, err := s.DB.Import(ctx, id)
	if err != nil {
		return err
	}
	if !found {
		return ims.Errorf(ims.NotFound, "There is no import %d", id)
	}
	if si.Finished() {
		return nil
	}
	var p ims.Principal
	if err := json.Unmarshal([]byte(si.Principal), &p); err != nil {
		return err
	}
	withFile := func(read func(io.Reader) error) error { return s.DB.ReadImportFile(ctx, id, read) }
	_, err = s.run(ctx, p, si.Import, withFile)
	return err
}

// FailImport marks an unfinished import failed with reason: the job gave up after its last try.
func (s *Service) FailImport(ctx context.Context, id int64, reason string) error {
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		imp := ims.Import{ID: id, State: ims.ImportFailed, Message: "The import could not be posted, so nothing was imported: " + reason}
		changed, err := tx.SetImportState(ctx, imp)
		if err != nil || !changed {
			return err
		}
		return tx.Audit(ctx, ims.System(), "fail", "import", fmt.Sprint(id), nil, imp)
	})
}

// run posts the file withFile hands to its function (from the start at each call) as import imp,
// in one transaction, a chunk of lines at a time (ADR 27): a file that is refused (it does not
// read, its totals disagree) posts nothing, the transaction rolled back. A bank statement file is
// read whole first, writing nothing, to find the statements to hold (postInTwoPasses). See
// RunImport.
func (s *Service) run(ctx context.Context, p ims.Principal, imp ims.Import, withFile fileReader) (ims.Import, error) {
	imp.State = ims.ImportRunning
	if err := s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.SetImportState(ctx, imp)
		return err
	}); err != nil {
		return imp, err
	}
	t, err := s.importType(ctx, imp.ImportType)
	if err != nil {
		return s.refuse(ctx, p, imp, err)
	}
	format, err := formatOf(t)
	if err != nil {
		return s.refuse(ctx, p, imp, err)
	}
	all, err := s.DB.ImportRulesInOrder(ctx)
	if err != nil {
		return imp, err
	}
	set, err := rules.Compile(all)
	if err != nil {
		return imp, err
	}
	d := decider{db: s.DB, p: p, t: t, rules: set, bank: isBank(t.Format)}
	var done ims.Import
	if !d.bank {
		done, err = s.post(ctx, p, imp, t, format, d, nil, withFile)
	}
	if d.bank || err == errTwoPasses {
		done, err = s.postInTwoPasses(ctx, p, imp, t, format, d, withFile)
	}
	if refused(err) {
		return s.refuse(ctx, p, imp, err)
	}
	return done, err
}

// postInTwoPasses posts a file whose statements may be held (ADR 27): the first pass reads the
// whole file and finds them, writing nothing; the second posts the others.
func (s *Service) postInTwoPasses(ctx context.Context, p ims.Principal, imp ims.Import, t ims.ImportType,
	format fileformat.Format, d decider, withFile fileReader) (ims.Import, error) {
	var pl plan
	err := withFile(func(r io.Reader) error {
		var err error
		pl, err = s.scan(ctx, t, format, imp.FileName, r)
		return err
	})
	if err != nil {
		return imp, err
	}
	// Progress is for people watching; a failure to record it must not stop the import.
	_ = s.DB.SetImportProgress(ctx, imp.ID, 0, int64(pl.lines))
	return s.post(ctx, p, imp, t, format, d, &pl, withFile)
}

// A fileReader calls its function with an import's file, read from the start.
type fileReader func(read func(io.Reader) error) error

// refused reports whether err is the file's fault (it cannot be read or its figures disagree, the
// import type no longer exists or is disabled), so running again would not help.
func refused(err error) bool {
	return ims.ErrorCode(err) == ims.Invalid
}

// refuse fails an import whose file was refused, recording every reason.
func (s *Service) refuse(ctx context.Context, p ims.Principal, imp ims.Import, cause error) (ims.Import, error) {
	imp.State = ims.ImportFailed
	imp.Message = ims.ErrorMessage(cause)
	var pe ims.ParseErrors
	if errors.As(cause, &pe) {
		imp.Message = fmt.Sprintf("%s cannot be read (%d %s); nothing was imported", imp.FileName, len(pe),
			map[bool]string{true: "error", false: "errors"}[len(pe) == 1])
		for _, e := range pe {
			imp.Errors = append(imp.Errors, e.Error())
		}
	}
	err := s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		changed, err := tx.SetImportState(ctx, imp)
		if err != nil || !changed {
			return err
		}
		return tx.Audit(ctx, p, "refuse", "import", fmt.Sprint(imp.ID), nil, imp)
	})
	return imp, err
}

// ImportNow starts an import of r and posts it at once, in this process (ims import), returning
// the finished import. The job Start enqueues (when the service has a queue) then finds it
// finished; it is there for a process that stops part way.
func (s *Service) ImportNow(ctx context.Context, p ims.Principal, req Request, r io.Reader) (ims.Import, error) {
	imp, _, err := s.Start(ctx, p, req, r)
	if err != nil {
		return imp, err
	}
	if err := s.RunImport(ctx, imp.ID); err != nil {
		return imp, err
	}
	return s.Get(ctx, p, imp.ID)
}
