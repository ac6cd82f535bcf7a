package imports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat"
	"github.com/ims-council/ims/internal/fileformat/bankcsv"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service reads files into imports. It checks the caller's role; a line's fund is validated with
// the caller's fund groups, so a member of staff cannot post to a fund they do not see.
type Service struct {
	DB     *sqldb.DB
	Ledger *ledger.Service
	// Queue enqueues the background job that posts an import started with Start; nil leaves it
	// queued (the command line posts at once with ImportFile instead).
	Queue sqldb.PaymentImportQueue
	// ChunkLines is how many lines a posting decides and writes at a time (0: chunkLines; tests
	// set fewer).
	ChunkLines int
}

// New returns the imports service over db.
func New(db *sqldb.DB) *Service { return &Service{DB: db, Ledger: ledger.New(db)} }

// isBank reports whether format reads bank statements, whose debits are money out of the account,
// not income; every line of the other formats (allpay, DWP, IMS CSV) is a payment to the council.
func isBank(format string) bool {
	switch format {
	case "camt053", "mt940", "bai2", ims.FormatBankCSV:
		return true
	}
	return false
}

// DryRun reads the file name (r) as an import of type importType and reports what each line would
// do, writing nothing. An unknown or disabled import type, or a file that cannot be read, is an
// Invalid error saying why (every parse error, up to ims.MaxParseErrors); a payment file whose
// trailer totals disagree with its lines is refused too, since posting it would post the wrong sum.
func (s *Service) DryRun(ctx context.Context, p ims.Principal, importType, name string, r io.Reader) (rep Report, err error) {
	defer ims.Wrap(&err, "DryRun(%q, %q)", importType, name)
	if err := p.Require(ims.Finance); err != nil {
		return Report{}, err
	}
	rep, err = s.read(ctx, p, importType, name, r, nil)
	rep.Status = "dry-run"
	return rep, err
}

// maxReportLines is how many lines a dry run keeps to show; its totals count them all. A payment
// file of a million lines is read a line at a time and its lines after these are only counted.
const maxReportLines = 10_000

// read decides every line of the file as the posting of an import decides them (stream.go),
// writing nothing; a dry run reports them, the first maxReportLines of them with the totals of all.
// A payment file is read a line at a time; a bank statement file, which is small, whole, since
// which of its statements are held is known only once all are read. ruleList, when not nil, runs
// instead of the saved rules (the rule tester's).
func (s *Service) read(ctx context.Context, p ims.Principal, code, name string, r io.Reader, ruleList []ims.ImportRule) (Report, error) {
	t, err := s.importType(ctx, code)
	if err != nil {
		return Report{}, err
	}
	format, err := formatOf(t)
	if err != nil {
		return Report{}, err
	}
	all := ruleList
	if all == nil {
		if all, err = s.DB.ImportRulesInOrder(ctx); err != nil {
			return Report{}, err
		}
	}
	set, err := rules.Compile(all)
	if err != nil {
		return Report{}, err
	}
	d := decider{db: s.DB, refs: s.DB.NewReferenceChecker(), p: p, t: t, rules: set, bank: isBank(t.Format)}
	rep := Report{ImportType: t.Code, File: name, Lines: []Line{}}
	keep := func(l Line) error {
		if err := d.decide(ctx, &l); err != nil {
			return err
		}
		addLine(&rep.Totals, &l)
		if len(rep.Lines) < maxReportLines {
			rep.Lines = append(rep.Lines, l)
		} else {
			rep.LinesLeftOut++
		}
		return nil
	}
	var pl plan
	if d.bank {
		pl, err = readWhole(&d, format, name, r, keep)
	} else {
		pl, err = readLineByLine(d, format, name, r, keep)
	}
	if err != nil {
		return Report{}, err
	}
	rep.Format, rep.Profile, rep.Warnings = pl.file.Format, pl.file.Profile, pl.warnings
	return rep, nil
}

// readWhole parses a bank statement file whole, finds the statements to hold, then hands each line
// to keep.
func readWhole(d *decider, format fileformat.Format, name string, r io.Reader, keep func(Line) error) (plan, error) {
	var pl plan
	file, err := format.Parse(r)
	if err != nil {
		return pl, parseRefusal(name, format.Name, err)
	}
	if err := pl.judge(name, true, file); err != nil {
		return pl, err
	}
	d.held = pl.held
	n := 0
	for i := range file.Statements {
		st := &file.Statements[i]
		for j := range st.Entries {
			for _, l := range d.lines(st, &st.Entries[j]) {
				n++
				l.N, l.Statement = n, i+1
				if err := keep(l); err != nil {
					return pl, err
				}
			}
		}
	}
	return pl, nil
}

// readLineByLine scans a payment file, handing each line to keep as it is read, then judges the
// file's totals. Its statements are numbered as read (a payment file has one).
func readLineByLine(d decider, format fileformat.Format, name string, r io.Reader, keep func(Line) error) (plan, error) {
	var pl plan
	walk := &statementsAsRead{}
	n := 0
	var stopped error
	file, err := format.Scan(r, func(st *ims.Statement, e *ims.Entry) error {
		stmt, _ := walk.next(st)
		for _, l := range d.lines(st, e) {
			n++
			l.N, l.Statement = n, stmt
			if stopped = keep(l); stopped != nil {
				return stopped
			}
		}
		return nil
	})
	switch {
	case stopped != nil:
		return pl, stopped
	case err != nil:
		return pl, parseRefusal(name, format.Name, err)
	}
	return pl, pl.judge(name, false, file)
}

// importType reads an enabled import type, or says it cannot be used.
func (s *Service) importType(ctx context.Context, code string) (ims.ImportType, error) {
	t, err := s.DB.ImportTypes().Get(ctx, code)
	switch {
	case ims.ErrorCode(err) == ims.NotFound:
		return t, ims.FieldError("type", "Import type %q does not exist", code)
	case err != nil:
		return t, err
	case t.Disabled:
		return t, ims.FieldError("type", "Import type %s is disabled", code)
	}
	return t, nil
}

// formatOf returns the parser of an import type's files: its format, read with its bank CSV
// profile when it names one.
func formatOf(t ims.ImportType) (fileformat.Format, error) {
	f, err := fileformat.Lookup(t.Format)
	if err != nil || t.BankCSVProfile == "" {
		return f, err
	}
	for _, pr := range bankcsv.Builtin() {
		if pr.Name == t.BankCSVProfile {
			f.Parse = func(r io.Reader) (*ims.StatementFile, error) { return bankcsv.ParseProfile(r, pr) }
			f.Scan = func(r io.Reader, each ims.EntryFunc) (*ims.StatementFile, error) {
				return bankcsv.ScanProfile(r, pr, each)
			}
			return f, nil
		}
	}
	return f, ims.Errorf(ims.Invalid, "Import type %s names bank CSV profile %q, which does not exist", t.Code, t.BankCSVProfile)
}

// parseRefusal turns a parser's refusal into an Invalid error listing every reason, one a line,
// keeping the ims.ParseErrors inside for callers that show them their own way.
func parseRefusal(name, format string, err error) error {
	var pe ims.ParseErrors
	if !errors.As(err, &pe) {
		return ims.Errorf(ims.Invalid, "%s cannot be read as %s: %s", name, format, ims.ErrorMessage(err))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s cannot be read as %s (%d %s); nothing was imported:", name, format, len(pe),
		map[bool]string{true: "error", false: "errors"}[len(pe) == 1])
	for _, e := range pe {
		b.WriteString("\n  " + e.Error())
	}
	return &ims.Error{Code: ims.Invalid, Message: b.String(), Err: pe}
}

// heldStatements returns, for each statement of the file whose own figures disagree, why: its
// credits are held for review rather than posted, while the file's other statements import (SPEC
// §7.3). A problem of the file as a whole (a file trailer) holds every statement; a warning (a tag
// the format does not know) holds none.
func heldStatements(statements int, problems []fileformat.Problem) map[int]string {
	held := map[int]string{}
	for _, pr := range problems {
		if pr.Warning {
			continue
		}
		hold := []int{pr.Statement}
		if pr.Statement == 0 {
			hold = hold[:0]
			for i := range statements {
				hold = append(hold, i+1)
			}
		}
		for _, st := range hold {
			if held[st] == "" {
				held[st] = pr.Message
			} else {
				held[st] += "; " + pr.Message
			}
		}
	}
	return held
}

func problemText(p fileformat.Problem) string {
	if p.Where == "" {
		return p.Message
	}
	return p.Where + ": " + p.Message
}
