package demo

import (
	"context"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/cashreturns"
	"github.com/ims-council/ims/internal/sqldb"
)

// demoTemplates are the demo council's cash-up sheets: a library, a car park and the town hall's
// cash office, all paid into the sundry funds the demo's site staff see.
func demoTemplates() []ims.CashReturnTemplate {
	return []ims.CashReturnTemplate{
		{Code: "LIBRARY", Name: "Central Library", Office: "CO", Cash: true, Cheque: true, Lines: []ims.CashReturnTemplateLine{
			{Reference: "LIB-FINES", Description: "Overdue fines", VATCode: "N0"},
			{Reference: "LIB-PRINT", Description: "Printing and photocopying", VATCode: "W0"},
			{Reference: "LIB-SALES", Description: "Book sales", VATCode: "N0", OverrideVAT: true},
		}},
		{Code: "CARPARK", Name: "Market Street car park", Office: "CO", Cash: true, CardTerminal: true, Lines: []ims.CashReturnTemplateLine{
			{Reference: "CP-MARKET-PD", Description: "Pay and display machines", VATCode: "W0"},
			{Reference: "CP-MARKET-PERMIT", Description: "Permits sold at the kiosk", VATCode: "W0"},
		}},
		{Code: "CASHOFFICE", Name: "Town Hall cash office", Office: "CO", Cash: true, Cheque: true, Lines: []ims.CashReturnTemplateLine{
			{Reference: "CO-SUNDRY", Description: "Sundry cash", OverrideReference: true, OverrideDescription: true, OverrideVAT: true},
			{Fund: "19", Description: "Invoice paid at the counter", OverrideReference: true},
		}},
	}
}

// loadCashReturns sets the demo's cash return settings and templates, gives the templates to every
// user with the CashReturns role, and leaves three returns from the library: one authorised and
// posted yesterday, one submitted and waiting for an authoriser, one draft.
func loadCashReturns(ctx context.Context, db *sqldb.DB, users map[ims.Role]ims.Principal, now time.Time, at func(time.Time)) error {
	s, sys := cashreturns.New(db), ims.System()
	if err := s.SetSettings(ctx, sys, ims.CashReturnSettings{CashMOP: "1", ChequeMOP: "2", NotifyEmail: "income@demo.example"}); err != nil {
		return err
	}
	staff, err := s.StaffForTemplates(ctx, sys)
	if err != nil {
		return err
	}
	var ids []int64
	for _, u := range staff {
		ids = append(ids, u.ID)
	}
	for _, t := range demoTemplates() {
		if err := s.PutTemplate(ctx, sys, t, true); err != nil {
			return err
		}
		if err := s.SetTemplateUsers(ctx, sys, t.Code, ids); err != nil {
			return err
		}
	}
	clerk, boss := users[ims.CashReturns], users[ims.CashReturnAuthoriser]
	fill := ims.CashReturnFill{Lines: []ims.CashReturnLine{{Amount: 1840}, {Amount: 560}, {Amount: 700}}, BagNumber: "LIB-0412",
		Cash: []ims.CashCount{{Denomination: 1000, Amount: 2000}, {Denomination: 500, Amount: 500}, {Denomination: 100, Amount: 300},
			{Denomination: 50, Amount: 250}, {Denomination: 20, Amount: 40}, {Denomination: 10, Amount: 10}}}
	steps := []struct {
		ago               time.Duration
		submit, authorise bool
	}{{26 * time.Hour, true, true}, {3 * time.Hour, true, false}, {time.Hour, false, false}}
	for _, st := range steps {
		at(now.Add(-st.ago))
		r, err := s.Create(ctx, clerk, "LIBRARY", ims.CashReturnCash)
		if err != nil {
			return err
		}
		if _, err := s.Save(ctx, clerk, r.ID, fill); err != nil {
			return err
		}
		if st.submit {
			if _, err := s.Submit(ctx, clerk, r.ID); err != nil {
				return err
			}
		}
		if st.authorise {
			at(now.Add(-st.ago + time.Hour))
			if _, err := s.Authorise(ctx, boss, r.ID, nil); err != nil {
				return err
			}
		}
	}
	at(now)
	return nil
}
