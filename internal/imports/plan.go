package imports

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat"
	"github.com/ims-council/ims/internal/rules"
)

// A plan is what the first pass over a file to post learns, holding none of its lines: that it
// reads (every parse error otherwise, before anything is written), its statements' counts and
// totals, which statements are held and why, how many lines it has, and how many of them become
// entries of the import's posting, which the posting's hash needs before its first entry.
type plan struct {
	file     *ims.StatementFile // counts and totals of each statement, no entries
	warnings []string
	held     map[int]string
	lines    int
	entries  int
}

// scan is the first pass: the format's Scan, deciding each line as the second pass will, but
// without reading the database for a line whose outcome cannot change whether it becomes an entry
// (every line the ledger or suspense takes is an entry, and which one it is needs the second pass
// only). Money taken back is the exception: when its reference does not validate it is held, not
// posted (decide), so its reference is checked here too.
func (s *Service) scan(ctx context.Context, p ims.Principal, t ims.ImportType, format fileformat.Format, set *rules.Set,
	name string, r io.Reader) (plan, error) {
	d := decider{db: s.DB, refs: takenBackChecker{s.DB.NewReferenceChecker()}, p: p, t: t, rules: set, bank: isBank(t.Format)}
	var pl plan
	// The statement an entry belongs to is told apart by its count so far: 1 at its first entry.
	// Statements without entries are matched up at the end (plan.statementOf).
	var perStatement []int // lines becoming entries of each statement that has entries, in order
	var stopped error
	file, err := format.Scan(r, func(st *ims.Statement, e *ims.Entry) error {
		if st.EntryCount == 1 || len(perStatement) == 0 {
			perStatement = append(perStatement, 0)
		}
		for _, l := range d.lines(st, e) {
			pl.lines++
			if err := d.decide(ctx, &l); err != nil {
				stopped = err
				return err
			}
			if l.Outcome == ToLedger || l.Outcome == ToSuspense {
				perStatement[len(perStatement)-1]++
			}
		}
		if pl.lines%chunkLines == 0 {
			stopped = ctx.Err()
		}
		return stopped
	})
	switch {
	case stopped != nil:
		return pl, stopped
	case err != nil:
		var pe ims.ParseErrors
		if errors.As(err, &pe) || ims.ErrorCode(err) == ims.Invalid {
			return pl, parseRefusal(name, format.Name, err)
		}
		return pl, err
	}
	pl.file = file
	problems := fileformat.Summarize(file).Problems
	for _, pr := range problems {
		pl.warnings = append(pl.warnings, problemText(pr))
	}
	pl.held = heldStatements(len(file.Statements), problems)
	if !d.bank && len(pl.held) > 0 {
		return pl, ims.Errorf(ims.Invalid, "%s is refused: its own totals disagree with its lines: %s", name,
			strings.Join(pl.warnings, "; "))
	}
	k := 0
	for i, st := range file.Statements {
		if st.EntryCount == 0 {
			continue
		}
		if k < len(perStatement) && pl.held[i+1] == "" {
			pl.entries += perStatement[k]
		}
		k++
	}
	return pl, nil
}

// takenBackChecker checks the reference of money taken back (a negative line), which is held when
// it does not validate, and passes every other line unread: whether it goes to the ledger or to
// suspense it becomes an entry.
type takenBackChecker struct{ refs referenceChecker }

func (c takenBackChecker) Check(ctx context.Context, p ims.Principal, rc ims.ReferenceCheck) (ims.ReferenceResult, error) {
	if rc.Amount != nil && *rc.Amount < 0 {
		return c.refs.Check(ctx, p, rc)
	}
	return ims.ReferenceResult{Valid: true, Reference: rc.Reference, Errors: []string{}}, nil
}

// statements walks the statements of a planned file in the second pass: each entry the format's
// Scan hands over belongs to the first statement whose entries are not all seen yet.
type statements struct {
	file *ims.StatementFile
	i    int // 0-based statement
	seen int // its entries seen so far
}

// next returns the 1-based statement of the next entry.
func (w *statements) next() (int, error) {
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
