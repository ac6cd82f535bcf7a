package e2e

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/exports"
)

// A demo user who sees every fund opens Exports, runs the export (the demo week's entries: one batch per
// target), and downloads the council tax system's batch in the browser: the file is the batch kept,
// byte for byte. A second run finds nothing new. Every page passes axe-core.
func (s *suite) testAdminExports(t *testing.T) {
	p := s.page(t)
	// The journal covers every fund, so only someone who sees every fund runs it: the reference data
	// journey has added a fund (PCNT) that is in none of the demo finance officer's groups.
	s.signIn(t, p, "super@demo.example")
	p.open(s.srv.URL+"/admin/exports", http.StatusOK)
	p.wantHeading("Exports")
	p.wantText("main", "Council tax and business rates system", "Housing rents system")
	p.checkAccessible("exports page")
	p.clickText("Run the export now", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "CTAX-000001", "GL-000001", "RENTS-000001")
	p.checkAccessible("exports page with batches")

	href := p.attr(`a[href="/admin/exports/batches/CTAX-000001/file"]`, "href")
	if href == "" {
		t.Fatalf("no download link for CTAX-000001:\n%s", p.text("main"))
	}
	// The browser fetches the file as the link would, with the officer's session.
	downloaded, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`fetch(`+jsString(href)+`).then(r => r.text())`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	_, kept, err := exports.New(s.db, "").Batch(context.Background(), ims.System(), "CTAX-000001")
	if err != nil {
		t.Fatal(err)
	}
	if downloaded != string(kept) || len(kept) == 0 {
		t.Errorf("downloaded %q; the batch kept is %q", downloaded, kept)
	}

	p.clickText("Run the export now", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "Nothing new to export")
}
