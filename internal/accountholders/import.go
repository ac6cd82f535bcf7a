package accountholders

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/accountholdercsv"
	"github.com/ims-council/ims/internal/sqldb"
)

// StartImport records an uploaded account holder file (in the default layout of
// accountholdercsv.DefaultColumns), stores it in the database and enqueues its background job, and
// returns the queued import. p needs Finance or SystemAdmin; the job applies the file with p's
// roles and funds as they are now.
//
// The file is read from r a piece at a time, each piece stored in a short transaction of its own
// that takes neither chain: an upload over a slow connection must not hold the ledger and the
// audit trail (nor, on SQLite, the database's one writer) for as long as it lasts. Only when the
// whole file is stored is the import audited and its job enqueued; an upload that breaks off
// leaves the import failed, saying so.
func (s *Service) StartImport(ctx context.Context, p ims.Principal, fileName string, r io.Reader) (imp ims.AccountHolderImport, err error) {
	defer ims.Wrap(&err, "StartImport(%q)", fileName)
	if err := ims.CanChangeAccountHolders(p); err != nil {
		return imp, err
	}
	si, err := newImport(p, ims.ImportSourceUpload, fileName)
	if err != nil {
		return imp, err
	}
	err = s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		id, err := tx.InsertAccountHolderImport(ctx, si, p.APIClientID, "")
		si.ID = id
		return err
	})
	if err != nil {
		return imp, err
	}
	imp = si.AccountHolderImport
	h := sha256.New()
	buf := make([]byte, chunkSize)
	for seq := int64(0); ; seq++ {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			h.Write(buf[:n])
			imp.Size += int64(n)
			err := s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
				return tx.InsertAccountHolderImportChunk(ctx, imp.ID, seq, buf[:n])
			})
			if err != nil {
				return imp, s.abandon(imp, err)
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			return imp, s.abandon(imp, rerr)
		}
	}
	imp.SHA256 = hex.EncodeToString(h.Sum(nil))
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.SetAccountHolderImportFile(ctx, imp.ID, imp.SHA256, imp.Size); err != nil {
			return err
		}
		if s.Queue != nil {
			if err := tx.EnqueueAccountHolderImport(ctx, s.Queue, imp.ID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, p, "create", "account holder import", fmt.Sprint(imp.ID), nil, imp)
	})
	if err != nil {
		return imp, s.abandon(imp, err)
	}
	return imp, nil
}

// chunkSize is how much of an uploaded file one stored piece holds.
const chunkSize = 1 << 20

// abandon fails an import whose upload did not finish and drops what was stored of its file, and
// returns err, the reason.
func (s *Service) abandon(imp ims.AccountHolderImport, cause error) error {
	// The request's context may be what ended: the record is put right whatever it says.
	ctx := context.Background()
	imp.State, imp.Message = ims.ImportFailed, "The upload did not finish, so nothing was imported: "+ims.ErrorMessage(cause)
	err := s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		if err := tx.DeleteAccountHolderImportFile(ctx, imp.ID); err != nil {
			return err
		}
		return tx.SetAccountHolderImportState(ctx, imp)
	})
	if err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

// counter counts the bytes written to it.
type counter struct{ n int64 }

func (c *counter) Write(b []byte) (int, error) { c.n += int64(len(b)); return len(b), nil }

// newImport is a new import record of p's.
func newImport(p ims.Principal, source, fileName string) (sqldb.StoredImport, error) {
	who, err := json.Marshal(p)
	if err != nil {
		return sqldb.StoredImport{}, err
	}
	return sqldb.StoredImport{AccountHolderImport: ims.AccountHolderImport{Source: source, FileName: fileName,
		State: ims.ImportQueued, Actor: p.Actor(), ActorName: p.Name}, Principal: string(who)}, nil
}

// RunImport applies the stored file of import id with the roles and funds of whoever started it:
// the background job's work. An import already finished is left alone; one that stopped part way
// (the job was interrupted) goes on after the lines it had applied.
func (s *Service) RunImport(ctx context.Context, id int64) (err error) {
	defer ims.Wrap(&err, "RunImport(%d)", id)
	si, found, err := s.DB.AccountHolderImport(ctx, id)
	if err != nil {
		return err
	}
	if !found {
		return ims.Errorf(ims.NotFound, "There is no account holder import %d", id)
	}
	if si.Finished() {
		return nil
	}
	var p ims.Principal
	if err := json.Unmarshal([]byte(si.Principal), &p); err != nil {
		return err
	}
	open := func() (io.Reader, error) { return s.DB.AccountHolderImportFile(ctx, id), nil }
	_, err = s.applyFile(ctx, p, si.AccountHolderImport, open)
	return err
}

// ImportFile applies an account holder file at once, in this process (ims accountholders import),
// and returns the finished import. open is called twice: the file is read through once to check it
// and count its lines, then again to apply them. p needs Finance or SystemAdmin.
func (s *Service) ImportFile(ctx context.Context, p ims.Principal, fileName string, open func() (io.Reader, error)) (imp ims.AccountHolderImport, err error) {
	defer ims.Wrap(&err, "ImportFile(%q)", fileName)
	if err := ims.CanChangeAccountHolders(p); err != nil {
		return imp, err
	}
	si, err := newImport(p, ims.ImportSourceCLI, fileName)
	if err != nil {
		return imp, err
	}
	r, err := open()
	if err != nil {
		return imp, err
	}
	h, n := sha256.New(), &counter{}
	if _, err := io.Copy(io.MultiWriter(h, n), r); err != nil {
		return imp, err
	}
	si.SHA256, si.Size = hex.EncodeToString(h.Sum(nil)), n.n
	err = s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		id, err := tx.InsertAccountHolderImport(ctx, si, p.APIClientID, "")
		si.ID = id
		return err
	})
	if err != nil {
		return imp, err
	}
	if _, err := s.applyFile(ctx, p, si.AccountHolderImport, open); err != nil {
		return imp, err
	}
	return s.Import(ctx, ims.System(), si.ID)
}

// applyFile checks the whole file first (a file that does not read as an account holder file fails
// the import with its errors, and nothing is applied), then applies its lines in batches.
func (s *Service) applyFile(ctx context.Context, p ims.Principal, imp ims.AccountHolderImport, open func() (io.Reader, error)) (ims.AccountHolderImport, error) {
	imp.State = ims.ImportRunning
	if err := s.setState(ctx, imp); err != nil {
		return imp, err
	}
	cols := accountholdercsv.DefaultColumns()
	r, err := open()
	if err != nil {
		return imp, err
	}
	var total int64
	err = accountholdercsv.Parse(r, cols, func(accountholdercsv.Holder) error { total++; return nil })
	var bad ims.ParseErrors
	if errors.As(err, &bad) {
		return imp, s.failParse(ctx, p, imp, bad)
	}
	if err != nil {
		imp.State, imp.Message = ims.ImportFailed, ims.ErrorMessage(err)
		return imp, s.setState(ctx, imp)
	}
	imp.RowsTotal = total
	a, err := s.newApplier(ctx, p, imp)
	if err != nil {
		return imp, err
	}
	if r, err = open(); err != nil {
		return imp, err
	}
	skip := imp.RowsDone // lines applied before an interruption
	var seen int64
	err = accountholdercsv.Parse(r, cols, func(h accountholdercsv.Holder) error {
		if seen++; seen <= skip {
			return nil
		}
		return a.add(ctx, ims.AccountHolderLine{Line: int64(h.Line), HasBalance: h.HasBalance, AccountHolder: ims.AccountHolder{Fund: h.Fund,
			Reference: h.Reference, Name: h.Name, Address: h.Address, Postcode: h.Postcode, Balance: h.Balance, StopMessage: h.StopMessage}})
	})
	if err == nil {
		err = a.flush(ctx)
	}
	if err != nil {
		return a.imp, err
	}
	return a.finish(ctx)
}

// failParse fails an import whose file does not read, recording each error as a refused line.
func (s *Service) failParse(ctx context.Context, p ims.Principal, imp ims.AccountHolderImport, bad ims.ParseErrors) error {
	// One outcome per line: errors about the same line (or, at line 0, the file as a whole) are joined.
	var lines []ims.AccountHolderImportLine
	for _, e := range bad {
		reason := e.Message
		if e.Column != "" {
			reason = e.Column + ": " + reason
		}
		if n := len(lines); n > 0 && lines[n-1].Line == int64(e.Line) {
			lines[n-1].Reason += "; " + reason
			continue
		}
		lines = append(lines, ims.AccountHolderImportLine{Line: int64(e.Line), Outcome: ims.LineRefused, Reason: reason})
	}
	imp.State = ims.ImportFailed
	imp.Message = fmt.Sprintf("The file is not an account holder file IMS can read (%d problems); nothing was imported", len(bad))
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertAccountHolderImportLines(ctx, imp.ID, lines); err != nil {
			return err
		}
		if err := tx.DeleteAccountHolderImportFile(ctx, imp.ID); err != nil {
			return err
		}
		if err := tx.SetAccountHolderImportState(ctx, imp); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "fail", "account holder import", fmt.Sprint(imp.ID), nil, imp)
	})
}

func (s *Service) setState(ctx context.Context, imp ims.AccountHolderImport) error {
	return s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error { return tx.SetAccountHolderImportState(ctx, imp) })
}
