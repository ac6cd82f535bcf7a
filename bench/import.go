package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/fileformat/allpay"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
)

// importFile measures an import of a generated file of cfg.rows lines end to end through
// imports.Service.ImportNow against the demo council's reference data: storing the file, reading
// it (once: ADR 27), the import type's defaults and rules, validation of every reference (check
// digits), the ledger and suspense entries of one posting, suspense items, kept lines, the hash
// chain and the import's record. One line in twenty has a wrong check digit
// and goes to suspense. Writing the file is not timed.
//
// While the import runs, a single-entry card payment is posted every 100 ms, as the portal would,
// and the longest wait for one is reported (PaymentWaitMaxMS): on SQLite, which has one writer, the
// import's transaction holds it for its whole posting pass; on PostgreSQL the import takes the
// ledger's chain only as it finishes (ADR 36).
func importFile(typ string, write func(w *bufio.Writer, rows int, scheme checkdigit.Scheme) error) func(context.Context, config) (Result, error) {
	return func(ctx context.Context, cfg config) (Result, error) {
		d, err := freshDatabase(ctx, cfg)
		if err != nil {
			return Result{}, err
		}
		defer d.remove()
		db, err := openLedger(ctx, d)
		if err != nil {
			return Result{}, err
		}
		defer db.Close()
		if err := demoCouncil(ctx, db); err != nil {
			return Result{}, err
		}
		scheme, err := db.CheckDigitSchemes().Get(ctx, "Council tax")
		if err != nil {
			return Result{}, err
		}
		path := filepath.Join(cfg.workdir, fmt.Sprintf("import-%s-%d-%s", typ, cfg.rows, d.engine))
		if err := writeFile(path, func(w *bufio.Writer) error { return write(w, cfg.rows, scheme.Scheme) }); err != nil {
			return Result{}, err
		}
		defer os.Remove(path)
		f, err := os.Open(path)
		if err != nil {
			return Result{}, err
		}
		defer f.Close()
		res := Result{Rows: int64(cfg.rows), Method: "imports.Service.ImportNow of a " + typ + " file, one posting"}
		if err := d.describe(ctx, db.SQL, &res); err != nil {
			return Result{}, err
		}
		payments := startPayments(ctx, db)
		server := startServerUsage(ctx, db.SQL, d.engine)
		sw := startStopwatch()
		imp, err := imports.New(db).ImportNow(ctx, ims.System(), imports.Request{ImportType: typ, FileName: filepath.Base(path),
			Source: ims.ImportSourceCLI}, f)
		sw.stop(&res)
		server.stop(ctx, &res)
		res.PaymentsDuring, res.PaymentWaitMaxMS = payments()
		if err != nil {
			return Result{}, err
		}
		t := imp.Totals
		if imp.State != ims.ImportPosted || t.Lines != cfg.rows || t.Ledger.Count+t.Suspense.Count != cfg.rows || t.Suspense.Count == 0 {
			return Result{}, fmt.Errorf("import %d is %s with %+v; want posted, %d lines to the ledger and suspense", imp.ID,
				imp.State, t, cfg.rows)
		}
		return res, nil
	}
}

// demoCouncil loads the demo council's reference data: its funds, validators, import types and
// rules.
func demoCouncil(ctx context.Context, db *sqldb.DB) error {
	doc, err := demo.ReferenceData()
	if err != nil {
		return err
	}
	_, err = refdata.New(db).LoadReferenceData(ctx, ims.System(), doc)
	return err
}

// startPayments posts a single-entry card payment every 100 ms until the returned function is
// called, which returns how many were posted and the longest any took, in milliseconds.
func startPayments(ctx context.Context, db *sqldb.DB) func() (int, float64) {
	// The payment waiting when the import commits must finish and count: stop ends the loop after
	// it, rather than cancelling it.
	stop := make(chan struct{})
	var (
		wg    sync.WaitGroup
		waits []time.Duration
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		svc := ledger.New(db)
		for {
			start := time.Now()
			e := ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: "23", Reference: "400000001", MOP: "15", Amount: 100,
				Narrative: "Card payment during an import"}
			if _, err := svc.Post(ctx, ims.System(), ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourcePortal,
				Entries: []ims.NewLedgerEntry{e}}); err == nil {
				waits = append(waits, time.Since(start))
			} else {
				fmt.Fprintln(os.Stderr, "bench: a card payment during the import failed:", err)
			}
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return func() (int, float64) {
		close(stop)
		wg.Wait()
		if len(waits) == 0 {
			return 0, 0
		}
		return len(waits), round(float64(slices.Max(waits))/float64(time.Millisecond), 1)
	}
}

// writeFile writes a generated file through a buffer.
func writeFile(path string, write func(w *bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// councilTaxReference is the i-th generated council tax account number (fund 23's validator:
// 9 digits, the last a check digit), with a wrong check digit when wrong is true.
func councilTaxReference(i int, scheme checkdigit.Scheme, wrong bool) (string, error) {
	body := fmt.Sprintf("%08d", 10_000_000+(uint64(i)*2_654_435_761)%90_000_000)
	check, err := scheme.CheckChar(body)
	if err != nil {
		return "", err
	}
	if wrong {
		check = fmt.Sprint((int(check[0]-'0') + 1) % 10)
	}
	return body + check, nil
}

// writeAllpayImport writes an allpay file of rows payments to council tax, by Post Office (P) and
// PayPoint (T), one in twenty with a wrong check digit.
func writeAllpayImport(w *bufio.Writer, rows int, scheme checkdigit.Scheme) error {
	var total int64
	for i := range rows {
		ref, err := councilTaxReference(i, scheme, i%20 == 19)
		if err != nil {
			return err
		}
		minor := int64(100 + (i*7919)%50_000)
		if err := allpay.WriteDetail(w, fmt.Sprintf("PO%05d", i%90_000), ref, minor, "PT"[i%2], benchDay().AddDate(0, 0, -(i%5))); err != nil {
			return err
		}
		total += minor
	}
	return allpay.WriteTrailer(w, total, rows)
}

// writeIMSCSVImport writes an IMS CSV file of rows payments to council tax and business rates by
// bank transfer, one in twenty with a wrong check digit.
func writeIMSCSVImport(w *bufio.Writer, rows int, scheme checkdigit.Scheme) error {
	if _, err := w.WriteString("transaction_date,fund,reference,amount,mop,narrative,source_reference\n"); err != nil {
		return err
	}
	for i := range rows {
		ref, err := councilTaxReference(i, scheme, i%20 == 19)
		if err != nil {
			return err
		}
		minor := 100 + (i*7919)%50_000
		fmt.Fprintf(w, "%s,%s,%s,%d.%02d,BK,Payment %d,SRC%d\n", benchDay().AddDate(0, 0, -(i%5)).Format("2006-01-02"),
			[...]string{"23", "24"}[i%2], ref, minor/100, minor%100, i, i)
	}
	return nil
}
