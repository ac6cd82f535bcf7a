package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// requestPathRig is a database with the reference data a card payment's creation checks: fund 13
// with a maximum amount and a validator that has a check digit scheme, and the card MOP 90. ref
// is a reference the validator accepts.
type requestPathRig struct {
	ref string
}

const requestPathBody = "1234567"

func loadRequestPathData(t *testing.T, db *sqldb.DB) requestPathRig {
	t.Helper()
	luhn := checkdigit.Scheme{Name: "acct", Type: checkdigit.LuhnType}
	check, err := luhn.CheckChar(requestPathBody)
	if err != nil {
		t.Fatal(err)
	}
	max := money.Pence(5000)
	if _, err := db.LoadReferenceData(context.Background(), ims.System(), ims.ReferenceData{
		VATCodes:          []ims.VATCode{{Code: "M0", Name: "Outside scope"}},
		CheckDigitSchemes: []checkdigit.Scheme{luhn},
		Validators: []ims.ReferenceValidator{{Code: "ACC", Name: "Account", MinLength: 8, MaxLength: 8,
			Regex: "^[0-9]+$", CheckDigitScheme: "acct"}},
		Funds: []ims.Fund{{Code: "13", Name: "Sundry", VATCode: "M0", Validator: "ACC", MaxAmount: &max,
			Metadata: map[string]string{"ledger": "GL1"}}},
		ProviderAccounts: []ims.ProviderAccount{{Name: "govukpay", Provider: "govukpay"}},
		MOPs: []ims.MOP{{Code: "90", Name: "Card self-service", Kind: ims.KindCardSelfService, ProviderAccount: "govukpay",
			Metadata: map[string]string{"channel": "web"}}},
	}); err != nil {
		t.Fatal(err)
	}
	return requestPathRig{ref: requestPathBody + check}
}

// requestPathReads are the reads of a card payment's creation, by one instance.
type requestPathReads struct {
	t   *testing.T
	db  *sqldb.DB
	ref string
}

func (r requestPathReads) check(amount money.Pence) (ims.ReferenceResult, error) {
	return r.db.CheckReference(context.Background(), ims.System(),
		ims.ReferenceCheck{Fund: "13", Reference: r.ref, Amount: &amount, MOP: "90"})
}

// basket returns the facts of a one-line basket, read through one view as payments.Start reads them.
func (r requestPathReads) basket() ims.BasketLineFacts {
	r.t.Helper()
	return r.basketIn(context.Background())
}

// basketIn is basket with the view taken in ctx (an API request's, say).
func (r requestPathReads) basketIn(ctx context.Context) ims.BasketLineFacts {
	r.t.Helper()
	view, err := r.db.ReferenceView(ctx)
	if err != nil {
		r.t.Fatal(err)
	}
	mop, err := view.RoleMOP(ctx, ims.KindCardSelfService)
	if err != nil {
		r.t.Fatal(err)
	}
	facts, err := view.BasketFacts(ctx, ims.System(), ims.PaymentRequest{Source: ims.SourcePortal,
		Lines: []ims.PaymentLine{{Fund: "13", Reference: r.ref, Amount: 1000}}}, mop)
	if err != nil {
		r.t.Fatal(err)
	}
	return facts[0]
}

// allAccepted asserts that the reference check, the basket and the card MOP all pass: the state
// each step below starts from, with the instance's cache holding what they read.
func (r requestPathReads) allAccepted(after string) {
	r.t.Helper()
	for range 2 { // the second from the cache
		if res, err := r.check(1000); err != nil || !res.Valid {
			r.t.Fatalf("after %s: reference check %+v, %v; want it valid", after, res, err)
		}
		if f := r.basket(); f.CheckErr != nil || !f.Check.Valid || f.Fund.MaxAmount == nil || *f.Fund.MaxAmount != 5000 {
			r.t.Fatalf("after %s: basket line %+v; want it valid, fund 13 with its maximum of 5000", after, f)
		}
		if m, err := r.db.RoleMOP(context.Background(), ims.KindCardSelfService); err != nil || m.Code != "90" {
			r.t.Fatalf("after %s: card MOP %+v, %v; want 90", after, m, err)
		}
	}
}

// refused asserts that the reference check of 1000 and the basket's line are refused, saying want.
func (r requestPathReads) refused(after, want string) {
	r.t.Helper()
	res, err := r.check(1000)
	got := strings.Join(res.Errors, "; ")
	if err != nil {
		got = err.Error()
	}
	if !strings.Contains(got, want) {
		r.t.Fatalf("after %s: reference check %+v, %v; want it refused with %q", after, res, err, want)
	}
	f := r.basket()
	if got = lineRefusal(f); !strings.Contains(got, want) {
		r.t.Fatalf("after %s: basket line %+v; want it refused with %q", after, f, want)
	}
}

// lineRefusal is why a basket line is refused, "" when it is not.
func lineRefusal(f ims.BasketLineFacts) string {
	if f.CheckErr != nil {
		return f.CheckErr.Error()
	}
	return strings.Join(f.Check.Errors, "; ")
}

func execSQL(t *testing.T, db *sqldb.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.SQL.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// TestRequestPathSeesReferenceDataChangedElsewhere runs two instances on one database. The first
// keeps the reference data a card payment's creation checks (the fund, the validator and its check
// digit scheme, the card MOP) across requests; a change through the second instance, or by hand
// in SQL, must be seen by the first's very next reference check, basket and card MOP read.
func TestRequestPathSeesReferenceDataChangedElsewhere(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		rig := loadRequestPathData(t, b)
		r := requestPathReads{t: t, db: a, ref: rig.ref}
		r.allAccepted("loading the reference data")

		fund, err := b.Funds().Get(ctx, "13")
		if err != nil {
			t.Fatal(err)
		}
		fund.Disabled = true
		if err := b.Funds().Put(ctx, ims.System(), fund); err != nil {
			t.Fatal(err)
		}
		r.refused("the fund was disabled by the other instance", `Fund "13" does not exist or is disabled`)
		execSQL(t, b, `UPDATE funds SET disabled = $1 WHERE code = '13'`, false)
		r.allAccepted("the fund was enabled by hand in SQL")

		execSQL(t, b, `UPDATE funds SET max_amount = 500 WHERE code = '13'`)
		if res, err := r.check(1000); err != nil || res.Valid || !strings.Contains(strings.Join(res.Errors, ";"), "£5.00 or less") {
			t.Fatalf("after the fund's maximum was lowered by hand in SQL: %+v, %v; want 1000 refused", res, err)
		}
		if f := r.basket(); f.Fund.MaxAmount == nil || *f.Fund.MaxAmount != 500 {
			t.Fatalf("after the fund's maximum was lowered by hand in SQL: the basket's fund has maximum %v; want 500", f.Fund.MaxAmount)
		}
		execSQL(t, b, `UPDATE funds SET max_amount = 5000 WHERE code = '13'`)
		r.allAccepted("the fund's maximum was put back by hand in SQL")

		execSQL(t, b, `UPDATE reference_validators SET regex = '^9' WHERE code = 'ACC'`)
		r.refused("the validator's regex was changed by hand in SQL", "Reference is not in the right format")
		execSQL(t, b, `UPDATE reference_validators SET regex = '^[0-9]+$', min_length = 9, max_length = 9 WHERE code = 'ACC'`)
		r.refused("the validator's length was changed by hand in SQL", "9")
		execSQL(t, b, `UPDATE reference_validators SET min_length = 8, max_length = 8 WHERE code = 'ACC'`)
		r.allAccepted("the validator was put back by hand in SQL")

		mod11 := checkdigit.Scheme{Name: "acct", Type: checkdigit.Mod11Type}
		if ok, _ := mod11.Check(rig.ref); ok {
			t.Fatalf("%s passes modulus 11 too: pick another reference", rig.ref)
		}
		execSQL(t, b, `UPDATE check_digit_schemes SET type = 'mod11' WHERE name = 'acct'`)
		r.refused("the check digit scheme was changed by hand in SQL", "Reference check digit is wrong")
		execSQL(t, b, `UPDATE check_digit_schemes SET type = 'luhn' WHERE name = 'acct'`)
		r.allAccepted("the check digit scheme was put back by hand in SQL")

		execSQL(t, b, `UPDATE mops SET disabled = $1 WHERE code = '90'`, true)
		if _, err := a.RoleMOP(ctx, ims.KindCardSelfService); ims.ErrorCode(err) != ims.Unavailable {
			t.Fatalf("after the card MOP was disabled by hand in SQL: RoleMOP %v; want Unavailable", err)
		}
		if res, err := r.check(1000); ims.ErrorCode(err) != ims.Invalid || !strings.Contains(err.Error(), "Method of payment") {
			t.Fatalf("after the card MOP was disabled by hand in SQL: reference check %+v, %v; want the MOP refused", res, err)
		}
		if err := a.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.RoleMOP(ctx, ims.KindCardSelfService)
			return err
		}); ims.ErrorCode(err) != ims.Unavailable {
			t.Fatalf("after the card MOP was disabled by hand in SQL: Tx.RoleMOP %v; want Unavailable", err)
		}
		execSQL(t, b, `UPDATE mops SET disabled = $1 WHERE code = '90'`, false)
		r.allAccepted("the card MOP was enabled by hand in SQL")
	})
}

// TestRequestPathServesReferenceDataFromItsCache shows that the request path keeps what it read
// while the reference data version stays the same: a change made without advancing the version
// (which no real change can do: triggers advance it) is not seen until the version moves on. A
// code that was not found is not kept: a fund created since is found at once.
func TestRequestPathServesReferenceDataFromItsCache(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		rig := loadRequestPathData(t, b)
		r := requestPathReads{t: t, db: a, ref: rig.ref}
		r.allAccepted("loading the reference data")

		// Changes by hand whose version advance is undone in the same transaction.
		unversioned := func(stmts ...string) {
			t.Helper()
			tx, err := b.SQL.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			var version int64
			if err := tx.QueryRowContext(ctx, `SELECT seq FROM chain_heads WHERE name = 'reference_data'`).Scan(&version); err != nil {
				t.Fatal(err)
			}
			for _, s := range stmts {
				if _, err := tx.ExecContext(ctx, s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE chain_heads SET seq = $1 WHERE name = 'reference_data'`, version); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		unversioned(`UPDATE funds SET max_amount = 500 WHERE code = '13'`,
			`UPDATE reference_validators SET regex = '^9' WHERE code = 'ACC'`,
			`UPDATE mops SET disabled = TRUE WHERE code = '90'`)
		r.allAccepted("changes that left the version as it was") // served from the cache

		if res, err := a.CheckReference(ctx, ims.System(), ims.ReferenceCheck{Fund: "14", Reference: rig.ref}); ims.ErrorCode(err) != ims.Invalid {
			t.Fatalf("fund 14 before it exists: %+v, %v; want Invalid", res, err)
		}
		var version int64
		if err := b.SQL.QueryRowContext(ctx, `SELECT seq FROM chain_heads WHERE name = 'reference_data'`).Scan(&version); err != nil {
			t.Fatal(err)
		}
		if err := b.Funds().Put(ctx, ims.System(), ims.Fund{Code: "14", Name: "Rents", VATCode: "M0"}); err != nil {
			t.Fatal(err)
		}
		execSQL(t, b, `UPDATE chain_heads SET seq = $1 WHERE name = 'reference_data'`, version)
		if res, err := a.CheckReference(ctx, ims.System(), ims.ReferenceCheck{Fund: "14", Reference: rig.ref}); err != nil || !res.Valid {
			t.Fatalf("fund 14 once it exists: %+v, %v; want it valid (a code not found must not be kept)", res, err)
		}

		execSQL(t, b, `UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data'`)
		if _, err := a.RoleMOP(ctx, ims.KindCardSelfService); ims.ErrorCode(err) != ims.Unavailable {
			t.Fatalf("after the version moved on: RoleMOP %v; want Unavailable (the card MOP was disabled)", err)
		}
		amount := money.Pence(1000)
		if res, err := a.CheckReference(ctx, ims.System(), ims.ReferenceCheck{Fund: "13", Reference: rig.ref, Amount: &amount}); err != nil ||
			!strings.Contains(strings.Join(res.Errors, ";"), "£5.00 or less") {
			t.Fatalf("after the version moved on: %+v, %v; want 1000 refused (the fund's maximum was lowered)", res, err)
		}
		if res, err := a.CheckReference(ctx, ims.System(), ims.ReferenceCheck{Fund: "13", Reference: rig.ref}); err != nil ||
			!strings.Contains(strings.Join(res.Errors, ";"), "not in the right format") {
			t.Fatalf("after the version moved on: %+v, %v; want the reference refused (the validator's regex changed)", res, err)
		}
	})
}

// What the request path hands out is a copy: a caller changing its fund or MOP changes nothing
// for the next request.
func TestRequestPathHandsOutCopies(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, _ *sqldb.DB) {
		rig := loadRequestPathData(t, a)
		r := requestPathReads{t: t, db: a, ref: rig.ref}
		for range 2 {
			f := r.basket()
			if *f.Fund.MaxAmount != 5000 || f.Fund.Metadata["ledger"] != "GL1" {
				t.Fatalf("fund 13 as the basket read it: %+v; want its maximum 5000 and ledger GL1", f.Fund)
			}
			*f.Fund.MaxAmount = 1
			f.Fund.Metadata["ledger"] = "changed by a caller"
			m, err := a.RoleMOP(context.Background(), ims.KindCardSelfService)
			if err != nil || m.Metadata["channel"] != "web" {
				t.Fatalf("card MOP %+v, %v; want its channel web", m, err)
			}
			m.Metadata["channel"] = "changed by a caller"
		}
	})
}
