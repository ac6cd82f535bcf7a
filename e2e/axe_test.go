package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// readAxe returns the vendored axe-core script.
func readAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatalf("%v (run e2e/vendor-axe.sh)", err)
	}
	return string(b)
}

// wcagTags are the axe-core rule tags of WCAG 2.0, 2.1 and 2.2 at levels A and AA: SPEC §13 asks for
// WCAG 2.2 AA. axe's best-practice rules are left out: they are advice, not the standard.
// A constant JavaScript array, so that no test can change it.
const wcagTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]`

// axeViolation is what the report needs of one axe-core violation.
type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

// checkAccessible runs axe-core on the page as it is now and fails the test, listing every
// violation with its nodes, unless the page meets WCAG 2.2 A and AA as far as axe can tell. what
// names the page in the report.
func (p *page) checkAccessible(what string) {
	p.t.Helper()
	run := `axe.run(document, {runOnly: {type: "tag", values: ` + wcagTags + `}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary || ""}))})))`
	// The script is injected once per document; a new page needs it again.
	err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](`if (typeof window.axe === "undefined") {`+p.axe+"\n}"))
	if err != nil {
		p.t.Fatalf("injecting axe-core into %s (%s): %v", what, p.location(), err)
	}
	violations, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("running axe-core on %s (%s): %v", what, p.location(), err)
	}
	if len(violations) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "axe-core: %s (%s) has %d WCAG 2.2 A/AA violation(s):", what, p.location(), len(violations))
	for _, v := range violations {
		fmt.Fprintf(&b, "\n- %s [%s]: %s (%s)", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s\n      %s", strings.Join(n.Target, " "), n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&b, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	p.t.Error(b.String())
}
