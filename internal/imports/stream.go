package imports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/webhooks"
	"github.com/ims-council/ims/money"
)

// chunkLines is how many lines the posting pass decides, builds and writes at a time, unless the
// service says otherwise: an import holds three chunks (lines and their entries) in memory at most
// (pipeline), whatever the size of its file. 5,000 took a million-line import on SQLite, with its
// 64 MiB page cache, to 200 MB; 2,500 to 182 MB. 50,000 wrote no faster than 5,000 on PostgreSQL.
const chunkLines = 2500

// afterChunk, when set (by tests), is called after each chunk the posting pass writes.
var afterChunk func(ctx context.Context, chunks int)

// errTwoPasses is a file read in one pass whose statements cannot be told apart as it is read (a
// statement without entries before another): it is posted again in two passes.
var errTwoPasses = errors.New("the file's statements need a first pass")

// poster is the posting pass over a file: in one transaction it decides each line, builds and
// writes the entries of each chunk of lines into the import's posting as it goes, with the chunk's
// suspense items and kept lines, then the posting's row and the import's record. Lines are decided
// and entries built by the goroutine reading the file, against reference data read once at the
// start, while another writes the chunk before (pipeline). With a plan (a bank statement file,
// whose statements may be held) it is the second pass; without, the only one: it reads and checks
// the file as it goes, and a file that turns out not to read, or to disagree with its own totals,
// rolls the transaction back (ADR 27).
type poster struct {
	s      *Service
	imp    ims.Import
	tx     *sqldb.Tx
	p      ims.Principal
	t      ims.ImportType
	d      decider
	pl     *plan          // the first pass's findings; nil when there is none
	np     ims.NewPosting // the posting's header: its entries are built a chunk at a time
	head   ims.Posting    // the posting its entries are built for (no id until stream starts)
	stream *sqldb.PostingStream
	kept   keptLines // written by writeKept

	size         int // lines a chunk
	refs         ims.PostingRefs
	suspenseFund string // "" when no fund is marked as the suspense fund
	entries      int    // entries written so far
	chunks       int
	totals       Totals
	progress     *progress // what this process shows while the import runs (withProgress)
	reported     time.Time
}

// progressInterval is how often the posting pass records its progress.
const progressInterval = time.Second

// post is the posting pass (see poster) over imp's file, the second with the plan of a first pass
// (pl), the only one without (pl nil).
func (s *Service) post(ctx context.Context, p ims.Principal, imp ims.Import, t ims.ImportType, format fileformat.Format,
	d decider, pl *plan, withFile fileReader) (ims.Import, error) {
	imp.State = ims.ImportPosted
	if pl != nil {
		imp.RowsTotal = int64(pl.lines)
		imp.Warnings = pl.warnings
	}
	var done ims.Import
	pr, untrack := track(s.DB, imp.ID)
	defer untrack()
	err := s.DB.InBulkTx(ctx, func(tx *sqldb.Tx) error {
		pp := &poster{s: s, imp: imp, tx: tx, p: p, t: t, d: d, pl: pl, size: cmp.Or(s.ChunkLines, chunkLines), progress: pr}
		pp.d.refs = s.DB.NewReferenceChecker()
		return withFile(func(r io.Reader) error {
			var err error
			done, err = pp.run(ctx, imp, format, r)
			return err
		})
	})
	if err == errAlreadyFinished {
		si, _, err := s.DB.Import(ctx, imp.ID)
		return si.Import, err
	}
	return done, err
}

func (pp *poster) run(ctx context.Context, imp ims.Import, format fileformat.Format, r io.Reader) (ims.Import, error) {
	tx := pp.tx
	pp.np = ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: fmt.Sprint(imp.ID),
		Narrative: fmt.Sprintf("Import %d: %s", imp.ID, imp.FileName), Office: pp.t.DefaultOffice}
	pp.head = pp.np.Posting(pp.p.Actor(), tx.Now(), tx.Zone())
	var err error
	if pp.refs, err = tx.AllPostingRefs(ctx); err != nil {
		return imp, err
	}
	if f, found, err := tx.SuspenseFund(ctx); err != nil {
		return imp, err
	} else if found {
		pp.suspenseFund = f.Code
	}
	lines := imp.RowsTotal // the first pass's count, or the file's lines (Start)
	if pp.pl != nil {
		pp.d.held = pp.pl.held
	}
	w := pp.startPipeline(ctx, int(lines))
	file, err := pp.scan(ctx, w, format, r)
	if werr := w.close(); err == nil {
		err = werr
	}
	if err == nil {
		err = pp.writeKept(ctx)
	}
	if err != nil {
		return imp, err
	}
	if pp.pl == nil {
		var pl plan
		if err := pl.judge(imp.FileName, pp.d.bank, file); err != nil {
			return imp, err
		}
		imp.RowsTotal, imp.Warnings = int64(pp.totals.Lines), pl.warnings
	}
	if pp.stream != nil {
		po, err := pp.stream.Finish(ctx, pp.p)
		if err != nil {
			return imp, err
		}
		imp.PostingID, imp.Receipt = po.ID, po.ReceiptNumber
	}
	imp.Totals = pp.totals
	imp.Message = summary(imp.Totals)
	changed, err := tx.FinishImport(ctx, imp)
	if err != nil {
		return imp, err
	}
	if !changed {
		return imp, errAlreadyFinished
	}
	if err := webhooks.Enqueue(ctx, tx, webhooks.ImportEvent(imp)); err != nil {
		return imp, err
	}
	return imp, tx.Audit(ctx, pp.p, "post", "import", fmt.Sprint(imp.ID), nil, imp)
}

// startStream starts the import's posting, at its first entries: an import whose lines all go
// elsewhere (skipped, held, debits) posts nothing.
func (pp *poster) startStream(ctx context.Context) error {
	facts, err := pp.tx.PostingFacts(ctx, pp.np)
	if err != nil {
		return err
	}
	// The lines are checked a chunk at a time (BuildEntries); the posting as a whole here, with
	// one stand-in line since CheckPosting refuses a posting without any.
	whole := pp.np
	whole.Entries = make([]ims.NewLedgerEntry, 1)
	if err := ims.CheckPosting(whole, facts); err != nil {
		return err
	}
	pp.stream, err = pp.tx.StreamPosting(ctx, pp.head)
	return err
}

// scan reads the file, decides its lines a chunk at a time and hands each chunk to the pipeline
// to be written. It returns the file's statements (counts and totals) as the format read them.
func (pp *poster) scan(ctx context.Context, w *pipeline, format fileformat.Format, r io.Reader) (*ims.StatementFile, error) {
	var walk statementWalk = &statementsAsRead{}
	if pp.pl != nil {
		walk = &statements{file: pp.pl.file}
	}
	n := 0
	chunk := w.take()
	var stopped error
	file, err := format.Scan(r, func(st *ims.Statement, e *ims.Entry) error {
		stmt, err := walk.next(st)
		if err != nil {
			stopped = err
			return err
		}
		for _, l := range pp.d.lines(st, e) {
			n++
			l.N, l.Statement = n, stmt
			chunk = append(chunk, l)
			if len(chunk) == pp.size {
				if stopped = w.send(ctx, pp.d, chunk); stopped != nil {
					return stopped
				}
				chunk = w.take()
			}
		}
		return nil
	})
	switch {
	case stopped != nil:
		return nil, stopped
	case err != nil && pp.pl != nil:
		return nil, err // the first pass read it: the stored file cannot be read now
	case err != nil:
		return nil, readError(pp.imp.FileName, format.Name, err)
	}
	if err := walk.end(file); err != nil {
		return nil, err
	}
	return file, w.send(ctx, pp.d, chunk)
}

// A chunk is lines decided and the entries built of those bound for the ledger or suspense, rows[i]
// being the index in lines of built[i]'s line.
type chunk struct {
	lines []Line
	built []ims.LedgerEntry
	rows  []int
}

// flush writes the entries of a chunk, then their suspense items and the lines worth keeping.
func (pp *poster) flush(ctx context.Context, c chunk, lines int) error {
	if len(c.lines) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	chunk, built, rows := c.lines, c.built, c.rows
	if len(built) > 0 && pp.stream == nil {
		if err := pp.startStream(ctx); err != nil {
			return err
		}
	}
	for i := range built {
		built[i].Line = pp.entries + i + 1
	}
	pp.entries += len(built)
	if len(built) > 0 {
		if err := pp.stream.Write(ctx, built); err != nil {
			return err
		}
	}
	if err := pp.record(ctx, chunk, built, rows); err != nil {
		return err
	}
	for i := range chunk {
		addLine(&pp.totals, &chunk[i])
	}
	pp.progress.total.Store(int64(lines))
	pp.progress.done.Store(int64(pp.totals.Lines))
	pp.chunks++
	if pp.s.DB.Engine == sqldb.Postgres && time.Since(pp.reported) >= progressInterval {
		// Progress is for people watching, written by a transaction of its own (on SQLite it would
		// wait for this one), each a commit: now and then, not at every chunk. A failure to record
		// it must not stop the import.
		_ = pp.s.DB.SetImportProgress(ctx, pp.imp.ID, int64(pp.totals.Lines), int64(lines))
		pp.reported = time.Now()
	}
	if afterChunk != nil {
		afterChunk(ctx, pp.chunks)
	}
	return nil
}

// build returns the entries of the chunk's lines bound for the ledger or suspense, and for each
// the index of its line in the chunk. A line the ledger itself refuses (a fund or MOP disabled
// since the line was decided, a VAT code its fund does not allow) goes to suspense with the
// ledger's reason rather than failing the import. It reads nothing from the database.
func (pp *poster) build(chunk []Line) ([]ims.LedgerEntry, []int, error) {
	for attempt := 0; ; attempt++ {
		np := pp.np
		var rows []int
		for i := range chunk {
			l := &chunk[i]
			if l.Outcome != ToLedger && l.Outcome != ToSuspense {
				continue
			}
			e, err := pp.entryOf(l)
			if err != nil {
				return nil, nil, err
			}
			np.Entries = append(np.Entries, e)
			rows = append(rows, i)
		}
		if len(np.Entries) == 0 {
			return nil, nil, nil
		}
		built, err := ims.BuildEntries(np, pp.head, pp.refs, pp.tx.Rounding())
		if err == nil {
			return built, rows, nil
		}
		if attempt == 2 || !toSuspense(err, chunk, rows, pp.t) {
			return nil, nil, err
		}
	}
}

// entryOf is the posting's line of an import line bound for the ledger or suspense.
func (pp *poster) entryOf(l *Line) (ims.NewLedgerEntry, error) {
	e := ims.NewLedgerEntry{Fund: l.Fund, Reference: l.Reference, MOP: l.MOP, Amount: money.Pence(l.Pence),
		VATCode: l.VATCode, Narrative: l.Narrative, TransactionTime: dayOf(l.Date, pp.tx.Zone()), Kind: ims.EntryImport}
	if l.Outcome == ToLedger {
		return e, nil
	}
	if pp.suspenseFund == "" {
		return e, ims.Errorf(ims.Invalid, "Line %d must go to suspense but no fund is marked as the suspense fund; "+
			"a system administrator must mark one, then import the file again", l.N)
	}
	e.Kind, e.Fund, e.VATCode = ims.EntrySuspenseIn, pp.suspenseFund, ""
	if e.Reference == "" {
		e.Reference = "UNIDENTIFIED" // the ledger needs a reference on every line
	}
	return e, nil
}

// record keeps the suspense items of the chunk's suspense lines, and the lines that did not simply
// go to the ledger, to be written by writeKept.
func (pp *poster) record(ctx context.Context, chunk []Line, built []ims.LedgerEntry, rows []int) error {
	tx := pp.tx
	now := tx.Now()
	entry := 0
	for i := range chunk {
		l := &chunk[i]
		row := lineRow(l)
		if entry < len(rows) && rows[entry] == i {
			e := built[entry]
			entry++
			row.EntryLine = int64(e.Line)
			if l.Outcome == ToSuspense {
				received := e.TransactionTime.In(tx.Zone())
				pp.kept.items = append(pp.kept.items, ims.SuspenseItem{Amount: e.Amount, Version: 1, Reference: l.Reference,
					Narrative: l.Narrative, Received: time.Date(received.Year(), received.Month(), received.Day(), 0, 0, 0, 0, time.UTC),
					MOP: e.MOP, Source: ims.SuspenseFromImport, ImportID: pp.imp.ID, Reason: l.Reason,
					PostingID: e.PostingID, PostingLine: e.Line, CreatedBy: pp.imp.Actor, CreatedAt: now})
				pp.kept.refer = append(pp.kept.refer, len(pp.kept.lines))
			}
		}
		if l.Outcome != ToLedger || len(l.Changes) > 0 || len(l.Notes) > 0 {
			pp.kept.lines = append(pp.kept.lines, row)
		}
	}
	if pp.s.DB.Engine == sqldb.Postgres && len(pp.kept.lines) < keptRows {
		return nil
	}
	return pp.writeKept(ctx)
}

// keptRows is how many kept lines (with their suspense items) record holds on PostgreSQL before
// writing them. Writing them ends the COPY the entries stream through (sqldb's copyFeed): held for
// many chunks, a million-line file with a line in twenty kept streams its entries in a score of
// COPYs rather than one a chunk, for a few megabytes held. SQLite has no COPY to keep open: it
// writes them a chunk at a time.
const keptRows = 5_000

// keptLines are the suspense items and kept lines record holds until writeKept.
type keptLines struct {
	items []ims.SuspenseItem
	refer []int // for each item, its line's index in lines
	lines []sqldb.ImportLineRow
}

// writeKept writes the suspense items and kept lines record holds.
func (pp *poster) writeKept(ctx context.Context) error {
	k := &pp.kept
	ids, err := pp.tx.InsertSuspenseItems(ctx, k.items)
	if err != nil {
		return err
	}
	for i, id := range ids {
		k.lines[k.refer[i]].SuspenseItemID = id
	}
	if err := pp.tx.InsertImportLines(ctx, pp.imp.ID, k.lines); err != nil {
		return err
	}
	*k = keptLines{items: k.items[:0], refer: k.refer[:0], lines: k.lines[:0]}
	return nil
}

// A pipeline writes the chunks of the posting pass in a goroutine of its own, the only one using
// the transaction, while the file is read and the next chunk decided: the database's work and
// IMS's overlap. At most three chunks are held: one being decided, one waiting, one being written.
type pipeline struct {
	pp    *poster
	lines int // the file's lines, for progress
	work  chan chunk
	free  chan []Line
	done  chan struct{}
	mu    sync.Mutex
	err   error
}

// startPipeline starts the writing goroutine, which runs until close.
func (pp *poster) startPipeline(ctx context.Context, lines int) *pipeline {
	w := &pipeline{pp: pp, lines: lines, work: make(chan chunk), free: make(chan []Line, 2), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for c := range w.work {
			if w.failed() == nil {
				if err := pp.flush(ctx, c, w.lines); err != nil {
					w.mu.Lock()
					w.err = err
					w.mu.Unlock()
				}
			}
			select {
			case w.free <- c.lines[:0]:
			default:
			}
		}
	}()
	return w
}

// take returns an empty chunk, one written before when there is one.
func (w *pipeline) take() []Line {
	select {
	case c := <-w.free:
		return c
	default:
		return make([]Line, 0, w.pp.size)
	}
}

// send decides the lines of chunk, builds their entries and hands them to the writing goroutine;
// it returns the error that stopped the writing, if one has.
func (w *pipeline) send(ctx context.Context, d decider, lines []Line) error {
	if err := w.failed(); err != nil {
		return err
	}
	for i := range lines {
		if err := d.decide(ctx, &lines[i]); err != nil {
			return err
		}
	}
	built, rows, err := w.pp.build(lines)
	if err != nil {
		return err
	}
	w.work <- chunk{lines: lines, built: built, rows: rows}
	return nil
}

func (w *pipeline) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// close waits for the chunks sent to be written and returns the error that stopped the writing.
func (w *pipeline) close() error {
	close(w.work)
	<-w.done
	return w.failed()
}
