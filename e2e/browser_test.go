package e2e

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath returns IMS_TEST_CHROMIUM. Without it the test skips, or fails under CI=true, where
// the browser tests must run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("IMS_TEST_CHROMIUM")
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but IMS_TEST_CHROMIUM is not set: the browser tests must run in CI (scripts/test.sh sets it when /usr/bin/chromium exists)")
		}
		t.Skip("IMS_TEST_CHROMIUM is not set: skipping the browser tests (scripts/test.sh sets it when /usr/bin/chromium exists)")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("IMS_TEST_CHROMIUM: %v", err)
	}
	return path
}

// startBrowser starts one headless Chromium for the whole test binary and returns a context holding
// it; tabs opened from it share the process but not their cookies (see newPage).
func startBrowser(t *testing.T, execPath string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 1024),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc() // waits for the browser process to end
	})
	if err := chromedp.Do(browserCtx); err != nil { // starts the browser, with no timeout
		t.Fatalf("starting %s: %v", execPath, err)
	}
	return browserCtx
}

// page is one browser tab, in a browser context of its own (a fresh cookie jar, so a fresh portal
// session), closed when the test ends.
type page struct {
	t   *testing.T
	ctx context.Context
	axe string // axe.min.js
}

// newPage opens a tab for one test. The whole test must finish within the timeout, which is
// generous because go test ./... runs other packages' tests beside this one on a small machine.
func newPage(t *testing.T, browser context.Context, axe string) *page {
	t.Helper()
	return newPageWithin(t, browser, axe, 90*time.Second)
}

// newPageWithin is newPage for a test that may take up to d: the crawl of every back-office page.
func newPageWithin(t *testing.T, browser context.Context, axe string, d time.Duration) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return &page{t: t, ctx: ctx, axe: axe}
}

// open loads url and fails the test unless the server answered with the wanted status.
func (p *page) open(url string, want int64) {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(url))
	if err != nil {
		p.t.Fatalf("opening %s: %v", url, err)
	}
	p.checkStatus("opening "+url, resp, want)
}

// click clicks the element the CSS selector finds, which must lead to a new page (a link or a form's
// button), waits for that page and checks its status (after any redirects).
func (p *page) click(sel string, want int64) {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("clicking %s on %s: %v", sel, p.location(), err)
	}
	p.checkStatus("clicking "+sel, resp, want)
}

// clickText clicks the link or button whose visible text is text.
func (p *page) clickText(text string, want int64) {
	p.t.Helper()
	sel := chromedp.JSPath(`[...document.querySelectorAll("a, button, input[type=submit]")].find(e => (e.innerText || e.value || "").trim() === ` + jsString(text) + `)`)
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(sel, chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("clicking %q on %s: %v\npage:\n%s", text, p.location(), err, p.text("body"))
	}
	p.checkStatus("clicking "+text, resp, want)
}

// clickToOtherSite clicks a form's button whose answer redirects the browser to another site (the
// card page's Pay and Cancel, which send the payer back to an API caller's return_url). When the
// browser refuses to follow because the page's Content-Security-Policy form-action forbids the
// destination, it returns the browser's message and the tab stays where it was; any other failure
// fails the test.
func (p *page) clickToOtherSite(sel string, want int64) (blockedByCSP string) {
	p.t.Helper()
	cctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	console := chromedp.Console(cctx)
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err == nil {
		p.checkStatus("clicking "+sel, resp, want)
		return ""
	}
	time.AfterFunc(time.Second, cancel) // the console message comes with the refusal
	for m, cerr := range console {
		if cerr != nil {
			break
		}
		if s := m.String(); strings.Contains(s, "Content Security Policy directive: \"form-action") {
			return s
		}
	}
	p.t.Fatalf("clicking %s on %s: %v", sel, p.location(), err)
	return ""
}

// value returns the current value of the form field with the given id.
func (p *page) value(id string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		p.t.Fatalf("reading #%s on %s: %v", id, p.location(), err)
	}
	return v
}

func (p *page) checkStatus(what string, resp *network.Response, want int64) {
	p.t.Helper()
	if resp == nil {
		p.t.Fatalf("%s: no response", what)
	}
	if resp.Status != want {
		p.t.Fatalf("%s: %s answered %d, want %d\npage:\n%s", what, resp.URL, resp.Status, want, p.text("body"))
	}
}

// fill sets the value of the text field with the given id, which must be visible. (Typing key by
// key, with SendKeys, costs a browser round trip per character and tests nothing more: no page
// needs JavaScript.)
func (p *page) fill(id, value string) {
	p.t.Helper()
	set := chromedp.SetValue(chromedp.ID(id), value, chromedp.NodeVisible)
	if value == "" {
		set = chromedp.Clear(chromedp.ID(id), chromedp.NodeVisible) // SetValue refuses ""
	}
	if err := chromedp.Do(p.ctx, set); err != nil {
		p.t.Fatalf("typing into #%s on %s: %v", id, p.location(), err)
	}
}

// check clicks the radio button or checkbox the CSS selector finds.
func (p *page) check(sel string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		p.t.Fatalf("choosing %s on %s: %v", sel, p.location(), err)
	}
}

// tableRows returns the text of the cells (th and td) of each body row of the table whose caption
// is caption; it fails the test when the page has no such table.
func (p *page) tableRows(caption string) [][]string {
	p.t.Helper()
	rows, err := chromedp.Run(p.ctx, chromedp.Evaluate[[][]string](`(() => {
		const table = [...document.querySelectorAll("table")].find(t => t.caption && t.caption.innerText.trim() === `+jsString(caption)+`);
		if (!table) return null;
		return [...table.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()));
	})()`))
	if err != nil {
		p.t.Fatalf("reading the table %q on %s: %v", caption, p.location(), err)
	}
	if rows == nil {
		p.t.Fatalf("%s has no table captioned %q:\n%s", p.location(), caption, p.text("main"))
	}
	return rows
}

// text returns the visible text of the first element the CSS selector finds, or "" when none does.
func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(document.querySelector(`+jsString(sel)+`) || {innerText: ""}).innerText`))
	if err != nil {
		p.t.Fatalf("reading %s on %s: %v", sel, p.location(), err)
	}
	return s
}

// texts returns the visible text of every element the CSS selector finds.
func (p *page) texts(sel string) []string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(`+jsString(sel)+`)].map(e => e.innerText.trim())`))
	if err != nil {
		p.t.Fatalf("reading %s on %s: %v", sel, p.location(), err)
	}
	return s
}

// attr returns an attribute of the first element the CSS selector finds; it fails the test when
// there is no such element.
func (p *page) attr(sel, name string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[*string](`(e => e ? e.getAttribute(`+jsString(name)+`) : null)(document.querySelector(`+jsString(sel)+`))`))
	if err != nil {
		p.t.Fatalf("reading %s of %s on %s: %v", name, sel, p.location(), err)
	}
	if v == nil {
		p.t.Fatalf("on %s there is no %s with %s", p.location(), sel, name)
	}
	return *v
}

// lang returns the page's language, the lang attribute of <html>.
func (p *page) lang() string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// title returns the page's title.
func (p *page) title() string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Title())
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// location returns the address of the page the tab shows.
func (p *page) location() string {
	s, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	return s
}

// heading returns the page's h1.
func (p *page) heading() string {
	p.t.Helper()
	return strings.TrimSpace(p.text("h1"))
}

// wantHeading fails the test unless the page's h1 is want.
func (p *page) wantHeading(want string) {
	p.t.Helper()
	if got := p.heading(); got != want {
		p.t.Fatalf("on %s the heading is %q, want %q\npage:\n%s", p.location(), got, want, p.text("main"))
	}
}

// wantText fails the test unless the element the CSS selector finds shows each of wants.
func (p *page) wantText(sel string, wants ...string) {
	p.t.Helper()
	got := p.text(sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			p.t.Errorf("on %s, %s does not show %q; it shows:\n%s", p.location(), sel, w, got)
		}
	}
}

// jsString quotes s as a JavaScript string literal (JSON strings are JavaScript strings).
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}
