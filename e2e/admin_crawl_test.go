package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// maxCrawl bounds the crawl on a small machine: every list, form and a couple of records of each
// kind came to 147 pages in December 2026. A crawl that reaches it with pages still queued fails,
// so that a page added later is not left unchecked without anyone knowing.
const maxCrawl = 200

// Every back-office page a user holding every role can reach by following links from the home page
// passes axe-core (WCAG 2.2 A and AA) and answers 200: lists, records, forms, the reference tester,
// the audit pages. Journeys check the error states of their forms; this makes sure no page that is
// linked to is left out. Links that only differ in their query (paging, filters) are visited once.
func (s *suite) testAdminEveryPageIsAccessible(t *testing.T) {
	// A page takes about half a second to load and check, several on a loaded machine.
	p := newPageWithin(t, s.browser, s.axe, 5*time.Minute)
	s.signIn(t, p, "super@demo.example")
	known := map[string]bool{"/admin": true} // paths visited or queued
	shapes := map[string]int{}               // paths queued per shape: records of one kind look alike
	queue := []string{"/admin"}
	visited := 0
	for len(queue) > 0 && visited < maxCrawl {
		path := queue[0]
		queue = queue[1:]
		visited++
		p.open(s.srv.URL+path, http.StatusOK)
		p.checkAccessible(path)
		for _, href := range p.links() {
			u, err := url.Parse(href)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/admin") || strings.HasSuffix(u.Path, ".csv") || strings.HasSuffix(u.Path, "/file") { // downloads are not pages
				continue
			}
			if known[u.Path] || shapes[shape(u.Path)] >= 2 {
				continue
			}
			shapes[shape(u.Path)]++
			known[u.Path] = true
			queue = append(queue, u.Path)
		}
	}
	// Pages only a form's answer reaches: the import rule tester's results, over a line and over a
	// past import, and its error state.
	for path, status := range map[string]int64{
		"/admin/import-rules/test?tested=yes&rule=INTEREST&line_type=MT940&line_narrative=CTAX+12345678+interest&line_amount=12.00": http.StatusOK,
		"/admin/import-rules/test?tested=yes&line_amount=lots":                                                                      http.StatusUnprocessableEntity,
		"/admin/import-rules/test?tested=yes&rule=RETCHQ&import=1":                                                                  http.StatusOK,                  // over the demo's first import
		"/admin/transactions?amount=lots&sort=amount":                                                                               http.StatusUnprocessableEntity, // the transaction search's error state
		"/admin/transactions?match=prefix&reference=1&sort=-amount":                                                                 http.StatusOK,
		"/admin/end-of-day?date-day=31&date-month=2&date-year=2026":                                                                 http.StatusUnprocessableEntity, // the end of day's date error
	} {
		p.open(s.srv.URL+path, status)
		p.checkAccessible(path)
	}
	if len(queue) > 0 {
		t.Fatalf("the crawl stopped at its limit of %d pages with %d linked pages not checked (first %s): raise maxCrawl", maxCrawl, len(queue), queue[0])
	}
	if visited < 15 {
		t.Fatalf("the crawl reached only %d pages: %v", visited, known)
	}
	t.Logf("axe-core checked %d back-office pages", visited)
}

// shape is a path with its record keys (segments holding a digit) replaced by *, so the crawl
// visits a couple of records of each kind rather than every record of the first.
func shape(path string) string {
	parts := strings.Split(path, "/")
	for i, part := range parts {
		if strings.ContainsAny(part, "0123456789") {
			parts[i] = "*"
		}
	}
	return strings.Join(parts, "/")
}

// links returns the href of every link on the page.
func (p *page) links() []string {
	p.t.Helper()
	hrefs, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))`))
	if err != nil {
		p.t.Fatalf("reading the links of %s: %v", p.location(), err)
	}
	return hrefs
}
