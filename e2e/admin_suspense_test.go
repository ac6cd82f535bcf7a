package e2e

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// The demo Finance officer records cash nobody can match as a suspense item, notes it, allocates it
// to a council tax account (first with a reference the fund refuses, named on its line), and sees
// it allocated. Every page passes axe-core, the error states included.
func (s *suite) testAdminSuspense(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "finance@demo.example")
	p.open(s.srv.URL+"/admin/suspense", http.StatusOK)
	p.wantHeading("Suspense")
	p.checkAccessible("suspense list")

	p.clickText("Record unidentified money", http.StatusOK)
	p.wantHeading("Record unidentified money")
	p.checkAccessible("suspense item form")
	p.clickText("Record in suspense", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter the amount received", "Choose the method of payment")
	p.checkAccessible("suspense item form with errors")

	p.fill("f-amount", "57.25")
	p.fill("f-narrative", "CASH E2E HANDED IN AT DESK")
	p.fill("f-reason", "No bill with the cash")
	if err := chromedp.Do(p.ctx, chromedp.SetValue(chromedp.ID("f-mop_code"), "1")); err != nil {
		t.Fatal(err)
	}
	p.clickText("Record in suspense", http.StatusOK)
	p.wantText("h1", "Suspense item", "Unallocated")
	p.wantText(".govuk-notification-banner--success", "£57.25 in suspense")
	p.checkAccessible("suspense item")

	p.fill("f-text", "Payer phoned: it is for council tax account 400123451")
	p.clickText("Add note", http.StatusOK)
	p.wantText("#notes + .govuk-inset-text", "council tax account 400123451")

	p.clickText("Allocate this item", http.StatusOK)
	p.wantHeading("Allocate suspense")
	p.checkAccessible("allocation form")
	p.chooseFund("f-lines-0-fund_code", "Council Tax")
	p.fill("f-lines-0-reference", "400123452")
	p.fill("f-lines-0-amount", "57.25")
	p.clickText("Allocate", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Line 1:")
	p.checkAccessible("allocation form with a refused line")

	p.fill("f-lines-0-reference", "400123451")
	p.clickText("Allocate", http.StatusOK)
	p.wantText("h1", "Allocated")
	p.wantText(".govuk-notification-banner--success", "£57.25 allocated")
	p.wantText("main", "£0.00")
	p.checkAccessible("allocated suspense item")

	p.open(s.srv.URL+"/admin/suspense/ageing", http.StatusOK)
	p.wantHeading("Ageing report")
	p.checkAccessible("suspense ageing report")
}

// chooseFund picks a fund in the fund look-up (a select the autocomplete enhances) by typing part
// of its name and choosing the first suggestion, as a person would.
func (p *page) chooseFund(id, typed string) {
	p.t.Helper()
	err := chromedp.Do(p.ctx, chromedp.SendKeys(chromedp.CSS("#"+id), typed, chromedp.NodeVisible))
	if err == nil {
		err = chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#"+id+"__option--0"), chromedp.NodeVisible))
	}
	if err != nil {
		p.t.Fatalf("choosing fund %q in #%s on %s: %v", typed, id, p.location(), err)
	}
}
