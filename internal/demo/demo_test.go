package demo_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/money"
)

// now is a Tuesday: the demo week runs from Tuesday 3 to Monday 9 March 2026.
var now = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// cheap hashes the demo users' passwords in tests: production's cost, twenty times per load, would
// take seconds.
var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// load loads the demo into db with its clock at now.
func load(t *testing.T, db *sqldb.DB) demo.Credentials {
	t.Helper()
	db.Clock.(*sqldbtest.Clock).Set(now)
	creds, err := demo.Load(context.Background(), db, rand.Reader, cheap)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return creds
}

func TestLoadGivesAUsableCouncil(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		creds := load(t, db)
		if len(creds) != len(ims.AllRoles())+1 {
			t.Errorf("%d users; want one per role and one with every role", len(creds))
		}
		problems, err := db.CheckConfiguration(ctx)
		if err != nil || len(problems) != 0 {
			t.Errorf("CheckConfiguration = %q, %v; want no problems", problems, err)
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil || rep.BrokenAt != 0 || rep.Postings != 58 {
			t.Errorf("VerifyLedger = %+v, %v; want an intact chain of 58 postings (the week's 57 and an authorised cash return)", rep, err)
		}
		if got := db.Clock.Now(); !got.Equal(now) {
			t.Errorf("clock left at %v; want it put back to %v", got, now)
		}
		if _, err := demo.Load(ctx, db, rand.Reader, cheap); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("second Load: %v; want a Conflict error", err)
		}
		if made, err := db.MadeByDemo(ctx); err != nil || !made {
			t.Errorf("MadeByDemo after Load = %v, %v; want true", made, err)
		}
	})
}

func TestLoadRefusesADatabaseInUse(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if err := refdata.Put(ctx, ims.System(), db.VATCodes(), ims.VATCode{Code: "W0", Name: "Standard", Rate: 2000}); err != nil {
			t.Fatal(err)
		}
		if err := refdata.Put(ctx, ims.System(), db.Funds(), ims.Fund{Code: "99", Name: "Real fund", VATCode: "W0"}); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Load(ctx, db, rand.Reader, cheap); ims.ErrorCode(err) != ims.Conflict {
			t.Fatalf("Load into a council's database: %v; want a Conflict error", err)
		}
		if _, err := db.Offices().Get(ctx, "CO"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("refused Load still wrote demo data: %v", err)
		}
		if made, err := db.MadeByDemo(ctx); err != nil || made {
			t.Errorf("MadeByDemo after a refused Load = %v, %v; want false: it is the council's database", made, err)
		}
	})
}

// entry is what the tests read back of a ledger entry.
type entry struct {
	fund, ref, mop string
	amount         money.Pence
	date           time.Time
}

func entries(t *testing.T, db *sqldb.DB) []entry {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT fund, reference, mop, amount, business_date FROM ledger_entries ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.fund, &e.ref, &e.mop, &e.amount, &e.date); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSampleWeek(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		load(t, db)
		dates := map[string]int{}
		suspense := 0
		for _, e := range entries(t, db) {
			dates[e.date.Format(time.DateOnly)]++
			if e.fund == "1" {
				suspense++
				continue
			}
			// Every allocated line must be one the council could have accepted.
			check := ims.ReferenceCheck{Fund: e.fund, Reference: e.ref, MOP: e.mop}
			if e.amount > 0 {
				check.Amount = &e.amount
			}
			res, err := db.CheckReference(ctx, ims.System(), check)
			if err != nil || !res.Valid {
				t.Errorf("entry %+v: CheckReference = %+v, %v", e, res, err)
			}
		}
		var days []string
		for d := range dates {
			days = append(days, d)
		}
		slices.Sort(days)
		want := []string{"2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"}
		if !slices.Equal(days, want) {
			t.Errorf("entries on %v; want the seven days before 10 March", days)
		}
		if suspense != 4 {
			t.Errorf("%d suspense entries; want 4", suspense)
		}
		// The week's files were imported: each is an import, posted, and its suspense lines are items.
		var imported, items int
		db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM imports WHERE state = 'posted'`).Scan(&imported)
		db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM suspense_items WHERE import_id IS NOT NULL`).Scan(&items)
		if imported != 8 || items != 4 {
			t.Errorf("%d posted imports and %d suspense items from them; want 8 (5 allpay, 2 bank, 1 CSV) and 4", imported, items)
		}
	})
}

func TestDemoReferences(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		load(t, db)
		tests := []struct {
			fund, ref string
			wantError string // "" for valid
		}{
			{"2R", "AB12345678", "Reference does not match the format FP#######@"},
			{"2R", "FP20000051", "Reference check digit is wrong"},
			{"11", "BJ99518408", "Reference check digit is wrong"},
			{"5", "51000123017", ""},
			{"5", "51000678330", "There is no Rent account with reference 51000678330"},
			{"5", "51000567209", "Do not accept payment – account with enforcement agent"},
			{"23", "400123451", ""},
			{"23", "400123452", "Reference check digit is wrong"},
			{"5M", "29000041000008", ""},
			{"5M", "29000041000007", "Reference check digit is wrong"},
		}
		for _, ref := range []string{"FP20000050", "FP20000061", "FP20000083", "FP20000108", "FP20000119",
			"FP2000012A", "FP20000607", "FP2000101A", "FP20352091"} {
			tests = append(tests, struct{ fund, ref, wantError string }{"2R", ref, ""})
		}
		for _, ref := range []string{"BJ99518409", "BJ99514805", "BJ9951434A"} {
			tests = append(tests, struct{ fund, ref, wantError string }{"11", ref, ""})
		}
		for _, tt := range tests {
			res, err := db.CheckReference(ctx, ims.System(), ims.ReferenceCheck{Fund: tt.fund, Reference: tt.ref})
			if err != nil {
				t.Errorf("CheckReference(%s, %s): %v", tt.fund, tt.ref, err)
				continue
			}
			got := strings.Join(res.Errors, "; ")
			if res.Valid != (tt.wantError == "") || got != tt.wantError {
				t.Errorf("CheckReference(%s, %s) = valid %v, errors %q; want %q", tt.fund, tt.ref, res.Valid, got, tt.wantError)
			}
		}
	})
}

func TestDemoUsersSignIn(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		creds := load(t, db)
		var printed bytes.Buffer
		if err := creds.Print(&printed); err != nil {
			t.Fatal(err)
		}
		for _, c := range creds {
			p, err := users.New(db).Authenticate(ctx, c.Email, c.Password, auth.DefaultLockoutPolicy())
			if err != nil {
				t.Errorf("%s cannot sign in: %v", c.Email, err)
				continue
			}
			got, want := slices.Sorted(slices.Values(p.Roles)), slices.Sorted(slices.Values(c.Roles))
			if !slices.Equal(got, want) {
				t.Errorf("%s signed in with roles %v; want %v", c.Email, got, want)
			}
			if !strings.Contains(printed.String(), c.Email+"  ") || !strings.Contains(printed.String(), c.Password) {
				t.Errorf("printed credentials lack %s or its password:\n%s", c.Email, printed.String())
			}
		}
		if _, err := users.New(db).Authenticate(ctx, "finance@demo.example", "not-the-password-at-all", auth.DefaultLockoutPolicy()); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("wrong password: %v; want Unauthorized", err)
		}
	})
}
