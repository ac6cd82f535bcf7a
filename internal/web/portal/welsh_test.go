package portal_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// A payer who chooses Welsh gets every page in Welsh, remembered across pages, and the provider's
// card page in Welsh too.
func TestWelshPortal(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		en := b.get("/pay")
		en.mustContain(t, "English page", `lang="en"`, `href="/pay?lang=cy"`, ">Cymraeg</a>")

		cy := b.get("/pay?lang=cy")
		cy.mustContain(t, "Welsh choose page", `<html lang="cy"`, "Beth ydych chi am ei dalu?", "Talu&#39;r cyngor",
			`href="/pay?lang=en"`, ">English</a>")
		if strings.Contains(cy.body, "What do you want to pay?") {
			t.Errorf("the Welsh page has English text")
		}

		// The choice is remembered without ?lang on the next pages, errors included.
		bad := b.post("/pay/details", "fund", "23", "reference", "", "amount", "1.234")
		bad.mustContain(t, "Welsh errors", `<html lang="cy"`, `href="/pay/details?fund=23&amp;lang=en"`, "<title>Gwall: ", "Mae problem wedi codi",
			"Rhowch y cyfeirnod o&#39;ch bil", "Rhowch y swm gyda dim mwy na 2 le degol, fel 125.50")
		b.add("23", s.ref("Council tax", "40012345"), "10")
		b.get("/pay/basket").mustContain(t, "Welsh basket", "Eich basged", "Cyfanswm", "Tynnu")
		b.checkout("")
		b.get("/pay/check").mustContain(t, "Welsh check page", "Gwiriwch eich atebion cyn talu", "Parhau i dalu")
		if p := b.post("/pay/check"); p.status != http.StatusSeeOther {
			t.Fatalf("Pay: %d", p.status)
		}
		if lang := s.provider.lastRequest().Language; lang != "cy" {
			t.Errorf("provider asked for its pages in %q, want cy", lang)
		}
		b.get("/pay/basket?lang=en").mustContain(t, "back to English", `lang="en"`, "Your basket")
	})
}

// Every fixed text of the portal has a Welsh translation: the texts templates pass to t, the
// texts Go code passes to v.t, the month names of receipt dates, and the messages of the reference
// check and the payment service that the portal shows as they are.
func TestEveryPortalTextHasWelsh(t *testing.T) {
	var texts []string
	for pattern, re := range map[string]*regexp.Regexp{
		"templates/*.tmpl": regexp.MustCompile(`\bt "([^"]+)"`),
		"*.go":             regexp.MustCompile(`\bt\("((?:[^"\\]|\\.)*)"\)`),
	} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				texts = append(texts, m[1])
			}
		}
	}
	if len(texts) < 100 {
		t.Fatalf("found only %d texts; are the patterns still right?", len(texts))
	}
	for m := time.January; m <= time.December; m++ {
		texts = append(texts, m.String())
	}
	// Messages other packages write, which reach the portal's pages. Each must still be written
	// somewhere, or this list has drifted from the code.
	service := []string{"Enter a reference", "Reference is not in the right format", "Reference check digit is wrong",
		"Reference must contain only letters", "Reference must contain only digits", "Reference must contain only letters and digits",
		"Reference must contain only letters, digits and spaces", "Reference looks like a card number. Do not enter card details here",
		"Reference must not contain tabs, line breaks or other invisible characters",
		"Reference contains a character that cannot be read (�): type the reference again",
		"Amount must be more than £0.00", "Enter your full name", "Enter the first line of your address",
		"Enter a real UK postcode, like SW1A 1AA", "Enter an email address in the correct format, like name@example.com",
		"Do not enter card numbers here", "Add at least one payment", "The payment cannot be taken"}
	var source strings.Builder
	for _, pattern := range []string{"../../../*.go", "../../sqldb/*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, _ := os.ReadFile(f)
			source.Write(b)
		}
	}
	for _, m := range service {
		if !strings.Contains(source.String(), `"`+m+`"`) {
			t.Errorf("no package writes %q any more: update this list", m)
		}
	}
	texts = append(texts, service...)
	for _, text := range texts {
		if govukfrontend.Translate("cy", text) == text {
			t.Errorf("no Welsh for %q", text)
		}
	}
}
