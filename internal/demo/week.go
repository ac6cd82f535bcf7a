package demo

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// A planned posting is one sample transaction: when it happens, who writes it, and what.
type planned struct {
	at      time.Time
	by      ims.Principal
	posting ims.NewPosting
	file    *demoFile // imported instead of posting, when set
}

// week builds the sample transactions. References are computed with the demo's own check digit
// schemes, so every one passes its fund's validator; accounts come from the demo's account holders.
type week struct {
	schemes map[string]checkdigit.Scheme
	users   map[ims.Role]ims.Principal
	tax     []string // council tax accounts
	rents   []string // rent accounts that take payments (not on stop)
	rates   []string // business rates accounts
	london  *time.Location
	n       int   // running count that varies references, amounts and cards
	err     error // the first reference that could not be made
}

// postWeek posts the sample transactions of the seven days before now, oldest first, each at its
// time: moveClock sets the database clock to it, when it can be set.
func postWeek(ctx context.Context, db *sqldb.DB, doc ims.ReferenceData, users map[ims.Role]ims.Principal, now time.Time, moveClock func(time.Time)) error {
	w := &week{schemes: map[string]checkdigit.Scheme{}, users: users, london: db.London}
	for _, s := range doc.CheckDigitSchemes {
		w.schemes[s.Name] = s
	}
	for _, h := range doc.AccountHolders {
		switch {
		case h.Fund == "23":
			w.tax = append(w.tax, h.Reference)
		case h.Fund == "24":
			w.rates = append(w.rates, h.Reference)
		case h.Fund == "5" && h.StopMessage == "":
			w.rents = append(w.rents, h.Reference)
		}
	}
	if len(w.tax) < 3 || len(w.rates) < 1 || len(w.rents) < 2 {
		return fmt.Errorf("demo-council.yaml needs 3 council tax, 1 business rates and 2 open rent accounts for the sample week")
	}
	today := ims.BusinessDate(now, db.London)
	for k := 7; k >= 1; k-- {
		plan := w.day(today.AddDate(0, 0, -k))
		if w.err != nil {
			return w.err
		}
		// Stable, so postings planned for the same minute keep their planned order.
		slices.SortStableFunc(plan, func(a, b planned) int { return a.at.Compare(b.at) })
		for _, p := range plan {
			moveClock(p.at)
			if p.file != nil {
				if err := importFile(ctx, db, p.by, *p.file); err != nil {
					return err
				}
				continue
			}
			for i := range p.posting.Entries {
				p.posting.Entries[i].TransactionTime = p.at
			}
			po, err := ledger.New(db).Post(ctx, p.by, p.posting)
			if err != nil {
				return fmt.Errorf("posting the demo %s of %s: %w", p.posting.Kind, p.at.Format(time.DateTime), err)
			}
			if err := recordCardPayment(ctx, db, po, p.by, p.at); err != nil {
				return err
			}
		}
	}
	return nil
}

// next returns the running count and advances it.
func (w *week) next() int {
	w.n++
	return w.n
}

// ref returns body followed by its check character under the named scheme.
func (w *week) ref(scheme, body string) string {
	s, ok := w.schemes[scheme]
	if !ok {
		w.fail(fmt.Errorf("demo-council.yaml has no check digit scheme %q", scheme))
		return body
	}
	c, err := s.CheckChar(body)
	if err != nil {
		w.fail(err)
	}
	return body + c
}

func (w *week) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// The generated references of each kind, varied by n.
func (w *week) pcn(n int) string { return w.ref("Parking", fmt.Sprintf("BJ%07d", 9960000+n)) }
func (w *week) fpn(n int) string { return w.ref("Fixed penalty", fmt.Sprintf("FP%07d", 2100000+n)) }
func (w *week) card(n int) string {
	return w.ref("Library", fmt.Sprintf("29%011d", 4100000+7*n))
}
func invoice(n int) string { return fmt.Sprintf("SI/26/%05d", 400+n) }

// pick returns one of refs, varied by n.
func pick(refs []string, n int) string { return refs[n%len(refs)] }

// line is one ledger line of amount pence.
func line(kind ims.EntryKind, fund, ref, mop string, pence int64, narrative string) ims.NewLedgerEntry {
	return ims.NewLedgerEntry{Kind: kind, Fund: fund, Reference: ref, MOP: mop, Amount: money.Pence(pence), Narrative: narrative}
}

// cardOn returns line with the card details of one of GOV.UK Pay's test cards that succeed, as
// the simulator reports them, and a payment id in the simulator's style.
func cardOn(l ims.NewLedgerEntry, n int) ims.NewLedgerEntry {
	switch n % 3 {
	case 0:
		l.CardBrand, l.CardFirst6, l.CardLast4 = "visa", "424242", "4242"
	case 1:
		l.CardBrand, l.CardFirst6, l.CardLast4 = "master-card", "555555", "4444"
	default:
		l.CardBrand, l.CardFirst6, l.CardLast4 = "visa", "444433", "1111"
	}
	l.PSPPaymentID = fmt.Sprintf("demo%022d", n)
	return l
}

// importFile imports a file of the sample week as its import type, at once, as finance would.
func importFile(ctx context.Context, db *sqldb.DB, by ims.Principal, f demoFile) error {
	imp, err := imports.New(db).ImportNow(ctx, by, imports.Request{ImportType: f.importType, FileName: f.name,
		Source: ims.ImportSourceUpload}, bytes.NewReader(f.data))
	if err == nil && imp.State != ims.ImportPosted {
		err = fmt.Errorf("%s: %s %v", imp.State, imp.Message, imp.Errors)
	}
	if err != nil {
		return fmt.Errorf("importing the demo file %s: %w", f.name, err)
	}
	return nil
}
