package imports

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat"
)

// A plan is what the first pass over a bank statement file learns, holding none of its lines:
// that it reads (every parse error otherwise, before anything is written), its statements' counts
// and totals, which statements are held and why (their lines are not posted, and the second pass
// must know before it writes them), and how many lines it has. Other files are posted in one pass
// (poster), since nothing in them is held: a problem refuses the whole file.
type plan struct {
	file     *ims.StatementFile // counts and totals of each statement, no entries
	warnings []string
	held     map[int]string
	lines    int
}

// scan is the first pass: the format's Scan, counting the lines its entries become (a batched bank
// entry is several), deciding none.
func (s *Service) scan(ctx context.Context, t ims.ImportType, format fileformat.Format, name string, r io.Reader) (plan, error) {
	var pl plan
	var stopped error
	file, err := format.Scan(r, func(_ *ims.Statement, e *ims.Entry) error {
		pl.lines += linesOf(e)
		if pl.lines%chunkLines == 0 {
			stopped = ctx.Err()
		}
		return stopped
	})
	switch {
	case stopped != nil:
		return pl, stopped
	case err != nil:
		return pl, readError(name, format.Name, err)
	}
	return pl, pl.judge(name, isBank(t.Format), file)
}

// linesOf is how many import lines entry e becomes (decider.lines).
func linesOf(e *ims.Entry) int {
	if batched(e) {
		return len(e.Details)
	}
	return 1
}

// readError is the refusal of a file the format could not read (every parse error), or err when it
// is not the file's fault.
func readError(name, format string, err error) error {
	var pe ims.ParseErrors
	if errors.As(err, &pe) || ims.ErrorCode(err) == ims.Invalid {
		return parseRefusal(name, format, err)
	}
	return err
}

// judge records the file's statements as read, the problems of their figures as warnings, and
// which statements they hold; a file that is not a bank statement is refused instead, since its
// lines do not stand apart from its totals.
func (pl *plan) judge(name string, bank bool, file *ims.StatementFile) error {
	pl.file = file
	problems := fileformat.Summarize(file).Problems
	for _, pr := range problems {
		pl.warnings = append(pl.warnings, problemText(pr))
	}
	pl.held = heldStatements(len(file.Statements), problems)
	if !bank && len(pl.held) > 0 {
		return ims.Errorf(ims.Invalid, "%s is refused: its own totals disagree with its lines: %s", name,
			strings.Join(pl.warnings, "; "))
	}
	return nil
}

// A statementWalk tells the posting pass which statement (1-based) each entry the format's Scan
// hands over belongs to.
type statementWalk interface {
	next(st *ims.Statement) (int, error)
	end(file *ims.StatementFile) error // the file has been read
}

// statements walks the statements of a planned file in the second pass: each entry belongs to the
// first statement whose entries are not all seen yet.
type statements struct {
	file *ims.StatementFile
	i    int // 0-based statement
	seen int // its entries seen so far
}

func (w *statements) end(*ims.StatementFile) error { return nil }

func (w *statements) next(*ims.Statement) (int, error) {
	for w.i < len(w.file.Statements) && w.seen >= w.file.Statements[w.i].EntryCount {
		w.i++
		w.seen = 0
	}
	if w.i == len(w.file.Statements) {
		return 0, errors.New("the file changed between the two passes of its import")
	}
	w.seen++
	return w.i + 1, nil
}

// statementsAsRead numbers statements in a pass without a plan: a statement's first entry (its
// count is 1 once Tally has counted it) begins the next. That is the statement's number only when
// every statement before it has entries, which end checks (every format read in one pass today
// has one statement).
type statementsAsRead struct{ n int }

func (w *statementsAsRead) next(st *ims.Statement) (int, error) {
	if st.EntryCount == 1 || w.n == 0 {
		w.n++
	}
	return w.n, nil
}

func (w *statementsAsRead) end(file *ims.StatementFile) error {
	if w.n > len(file.Statements) {
		return errTwoPasses
	}
	for _, st := range file.Statements[:w.n] {
		if st.EntryCount == 0 {
			return errTwoPasses
		}
	}
	return nil
}
