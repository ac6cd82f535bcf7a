package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ims-council/ims/internal/auth/oidc/oidctest"
	"github.com/ims-council/ims/internal/sqldb"
)

// suite is what every journey shares: one server, one browser, one API client, and the server's
// database opened beside it to read the ledger.
type suite struct {
	srv     *server
	browser context.Context
	axe     string
	api     *apiClient
	db      *sqldb.DB
	caller  string // return_url of API payments: a page of the "other system" that started them
	idp     *oidctest.Server
}

// TestJourneys starts the server and the browser once, then walks each journey in a fresh tab with
// fresh cookies. One top-level test keeps one browser per test binary without package state.
func TestJourneys(t *testing.T) {
	chromium := chromiumPath(t)
	s := &suite{axe: readAxe(t)}
	// The council's identity provider for single sign-on, in this process: the server reads its
	// discovery document at start-up, the browser is sent to it and back.
	s.idp = oidctest.New(t, "ims-e2e", "e2e-client-secret", nil)
	s.srv = startServer(t, "IMS_OIDC_ISSUER_URL="+s.idp.Issuer, "IMS_OIDC_CLIENT_ID="+s.idp.ClientID,
		"IMS_OIDC_CLIENT_SECRET="+s.idp.ClientSecret, "IMS_OIDC_NAME=Demo Borough")
	s.api = newAPIClient(t, s.srv)
	s.db = openDB(t, s.srv.DBURL)
	s.caller = startCaller(t)
	s.browser = startBrowser(t, chromium)

	t.Run("start page", s.testStartPage)
	t.Run("API payment: card page then success", s.testCardSuccess)
	t.Run("API payment: declined card", s.testCardDeclined)
	t.Run("API payment: payer cancels", s.testCardCancelled)
	t.Run("API payment: card page errors", s.testCardPageErrors)
	t.Run("API payment: Welsh card page", s.testCardPageWelsh)
	// The portal takes 30 form posts at once from one address (all of these come from 127.0.0.1),
	// then one every 2 s; these journeys post about 28 times. A new journey may need the portal's
	// RateLimit raised for the demo, or a pause.
	t.Run("portal: two bills paid, receipt as in the ledger", s.testPortalPaysTwoBills)
	t.Run("portal: declined card, try again", s.testPortalDeclined)
	t.Run("portal: payer cancels", s.testPortalCancelled)
	t.Run("portal: invoice needs an address", s.testPortalAddress)
	t.Run("portal: in Welsh", s.testPortalWelsh)
	t.Run("portal: page not found", s.testPortalNotFound)
	t.Run("back office: the Auditor's pages", s.testAdminAudit)
	t.Run("back office: sign in, set up an authenticator app, sign in with a code", s.testAdminSignInWithTOTP)
	t.Run("back office: lockout", s.testAdminLockout)
	t.Run("back office: single sign-on", s.testAdminSingleSignOn)
	t.Run("back office: users, invitations and API clients", s.testAdminUsers)
	t.Run("back office: reference data and the reference tester", s.testAdminReferenceData)
	t.Run("back office: account holders imported, found and stopped", s.testAdminAccountHolders)
	t.Run("back office: unidentified cash recorded in suspense and allocated", s.testAdminSuspense)
	t.Run("back office: a payment file checked, imported, and its suspense line allocated", s.testAdminPaymentImport)
	t.Run("back office: an import rule written and tested before it is enabled", s.testAdminImportRules)
	t.Run("back office: a journal made and undone; a transfer that must balance", s.testAdminJournals)
	t.Run("back office: a card payment found, refunded above the limit and approved by a second user", s.testAdminRefunds)
	t.Run("back office: a Welsh payer's receipt emailed again by finance", s.testAdminReceiptEmail)
	t.Run("back office: a cash return filled, submitted, authorised by a second user and posted", s.testCashReturns)
	t.Run("back office: a cheque and a card payment over the phone taken by staff", s.testAdminStaffPayments)
	t.Run("back office: the export run and a batch downloaded by a user who sees every fund", s.testAdminExports)
	t.Run("back office: every page linked from home passes axe-core", s.testAdminEveryPageIsAccessible)
	// After the crawl, so that its subscriber and deliveries take none of the crawl's pages.
	t.Run("back office: a webhook subscriber added, a payment delivered after a retry and sent again", s.testAdminWebhooks)
}

// openDB opens the server's database (SQLite in WAL mode takes a second reader while it runs).
func openDB(t *testing.T, url string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// startCaller serves the page an API client's payer returns to, standing in for the system that
// started the payment, and returns its address.
func startCaller(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><title>Back at the service</title></head>` +
			`<body><main><h1>Back at the service</h1></main></body></html>`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/paid"
}

func (s *suite) page(t *testing.T) *page {
	return newPage(t, s.browser, s.axe)
}

func (s *suite) testStartPage(t *testing.T) {
	p := s.page(t)
	p.open(s.srv.URL+"/", http.StatusOK)
	p.wantHeading("Pay Demo Borough Council")
	p.checkAccessible("the start page")
	if href := p.attr("a.govuk-button--start", "href"); href != "/pay" {
		t.Errorf("the start button leads to %q, want /pay", href)
	}
}
