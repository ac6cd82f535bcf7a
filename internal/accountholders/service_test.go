package accountholders_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/accountholders"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The demo council's users as these tests need them: a Finance officer and a clerk of the housing
// fund group (fund 5), and a Finance officer of the sundry group (funds 19 and 13).
var (
	housingFinance = ims.Principal{UserID: 1, Name: "Hana Housing", Roles: []ims.Role{ims.Finance}, Funds: []string{"5"}}
	housingClerk   = ims.Principal{UserID: 2, Name: "Carl Clerk", Roles: []ims.Role{ims.TransactionList}, Funds: []string{"5"}}
	sundryFinance  = ims.Principal{UserID: 3, Name: "Sam Sundry", Roles: []ims.Role{ims.Finance}, Funds: []string{"19", "13"}}
)

// demoDB returns a database on the engine holding the demo council's reference data and its
// account holders (five in fund 5, Mr E Smith's with stop message EA).
func demoDB(t *testing.T, db *sqldb.DB) *accountholders.Service {
	t.Helper()
	demotest.Council(t, db)
	return accountholders.New(db)
}

// importCSV applies a file in the default layout as p, in this process.
func importCSV(t *testing.T, s *accountholders.Service, p ims.Principal, file string) ims.AccountHolderImport {
	t.Helper()
	imp, err := s.ImportFile(context.Background(), p, "holders.csv", func() (io.Reader, error) { return strings.NewReader(file), nil })
	if err != nil {
		t.Fatalf("ImportFile: %v", err)
	}
	return imp
}

const header = "reference,fund,name,address1,address2,address3,address4,postcode,balance,stop_message\n"

func refs(holders []ims.AccountHolder) []string {
	var out []string
	for _, h := range holders {
		out = append(out, h.Fund+"/"+h.Reference)
	}
	return out
}

// A user of one fund group finds and opens only that group's holders: another group's holder with
// the same name is neither found nor opened (not found, as if it did not exist).
func TestSearchAndOpenAreLimitedToTheUsersFunds(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		importCSV(t, s, ims.System(), header+"INV-SMITH-1,19,Mr E Smithson,1 Sundry Way,,,,DM9 9ZZ,10.00,\n")

		page, err := s.Search(ctx, housingClerk, ims.AccountHolderSearch{Name: "SMITH"})
		if err != nil {
			t.Fatal(err)
		}
		if got := refs(page.Holders); strings.Join(got, " ") != "5/51000567209" {
			t.Errorf("housing clerk searching smith found %v; want only 5/51000567209", got)
		}
		page, err = s.Search(ctx, sundryFinance, ims.AccountHolderSearch{Name: "smith"})
		if err != nil {
			t.Fatal(err)
		}
		if got := refs(page.Holders); strings.Join(got, " ") != "19/INV-SMITH-1" {
			t.Errorf("sundry user searching smith found %v; want only 19/INV-SMITH-1", got)
		}
		if _, err := s.Get(ctx, housingClerk, "19", "INV-SMITH-1"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("housing clerk opening a sundry holder: %v; want not found", err)
		}
		d, err := s.Get(ctx, housingClerk, "5", "51000567209")
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != "Mr E Smith" || d.Balance != 254075 || d.StopMessage != "EA" || !strings.Contains(d.StopMessageText, "enforcement agent") {
			t.Errorf("holder = %+v", d)
		}
		if _, err := s.Search(ctx, ims.Principal{UserID: 9, Roles: []ims.Role{ims.Auditor}}, ims.AccountHolderSearch{}); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("an Auditor searching: %v; want forbidden", err)
		}
	})
}

// Search by postcode ignores case and spaces, by reference takes a prefix, by address takes text
// anywhere; pages follow each other without repeating or missing a holder.
func TestSearchFieldsAndPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		cases := []struct {
			q    ims.AccountHolderSearch
			want string
		}{
			{ims.AccountHolderSearch{Postcode: "dm12ab"}, "5/51000123017 5/51000123029"},
			{ims.AccountHolderSearch{Postcode: "DM1 2"}, "5/51000123017 5/51000123029"},
			{ims.AccountHolderSearch{Reference: "510003"}, "5/51000345073"},
			{ims.AccountHolderSearch{Reference: "51000345073"}, "5/51000345073"},
			{ims.AccountHolderSearch{Address: "acacia COURT"}, "5/51000123017 5/51000123029"},
			{ims.AccountHolderSearch{Name: "mr", Address: "demoton", Fund: "5"}, "5/51000123029 5/51000345073 5/51000567209"},
			{ims.AccountHolderSearch{Name: "100%"}, ""},
		}
		for _, c := range cases {
			page, err := s.Search(ctx, housingClerk, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(refs(page.Holders), " "); got != c.want {
				t.Errorf("Search(%+v) = %q; want %q", c.q, got, c.want)
			}
		}
		var all []string
		q := ims.AccountHolderSearch{Fund: "5", Limit: 2}
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("pages do not end")
			}
			page, err := s.Search(ctx, housingClerk, q)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, refs(page.Holders)...)
			if page.Next == nil {
				break
			}
			q.After = page.Next
		}
		if got := strings.Join(all, " "); got != "5/51000123017 5/51000123029 5/51000345073 5/51000456116 5/51000567209" {
			t.Errorf("pages of 2 gave %q", got)
		}
	})
}

// A Finance user sets, changes and removes a stop message chosen from the fund's messages, audited
// before → after; a clerk may not, a message of no such code is refused, another group's holder is
// not found.
func TestStopMessages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		if err := s.SetStopMessage(ctx, housingClerk, "5", "51000123017", "EA"); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a clerk setting a stop message: %v; want forbidden", err)
		}
		if err := s.SetStopMessage(ctx, housingFinance, "5", "51000123017", "NOPE"); ims.ErrorFields(err)["stop_message"] == "" {
			t.Errorf("an unknown message: %v; want a field error on stop_message", err)
		}
		if err := s.SetStopMessage(ctx, sundryFinance, "5", "51000123017", "EA"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("another group's Finance user: %v; want not found", err)
		}
		if err := s.SetStopMessage(ctx, housingFinance, "5", "51000123017", "EA"); err != nil {
			t.Fatal(err)
		}
		d, err := s.Get(ctx, housingFinance, "5", "51000123017")
		if err != nil || d.StopMessage != "EA" {
			t.Fatalf("after setting: %+v, %v", d, err)
		}
		if err := s.SetStopMessage(ctx, housingFinance, "5", "51000123017", ""); err != nil {
			t.Fatal(err)
		}
		if d, _ := s.Get(ctx, housingFinance, "5", "51000123017"); d.StopMessage != "" {
			t.Errorf("after removing, stop message %q", d.StopMessage)
		}
		events, err := db.AuditEvents(ctx, sqldb.AuditFilter{Entity: "account holder", EntityID: "5/51000123017", Actor: "user:1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 || !strings.Contains(events[0].After, `"EA"`) || strings.Contains(events[0].Before, `"EA"`) ||
			events[0].Actor != "user:1" || !strings.Contains(events[1].Before, `"EA"`) {
			t.Errorf("audit events = %+v; want set then removed, by user:1", events)
		}
	})
}
