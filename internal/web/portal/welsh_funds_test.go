package portal_test

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/web/portal"
)

// A payer who chooses Welsh reads the demo council's funds by their Welsh names, hints and reference
// labels; the card page's description and the receipt email are in Welsh too.
func TestWelshFundTexts(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		choose := b.get("/pay?lang=cy")
		choose.mustContain(t, "Welsh choose page", "Rhent cartref cyngor", esc("Mae eich rhif cyfrif rhent 11 digid ar eich datganiad rhent a'ch cytundeb tenantiaeth."),
			"Treth Gyngor", "Dirwy parcio")
		for _, english := range []string{"Council home rent", "Your 11-digit rent account number", "Parking fine"} {
			if strings.Contains(choose.body, english) {
				t.Errorf("the Welsh choose page has the English %q", english)
			}
		}
		b.get("/pay/details?fund=5").mustContain(t, "Welsh details page", "<h1", "Rhent cartref cyngor", "Rhif cyfrif rhent")
		b.post("/pay/details", "fund", "5", "reference", "51000678330", "amount", "10").
			mustContain(t, "Welsh: no such account", esc("Nid oes cyfrif Rhent gyda'r cyfeirnod 51000678330"))
		b.get("/pay/details?fund=5&lang=en").mustContain(t, "English details page", "Council home rent", "Rent account number",
			"Your 11-digit rent account number is on your rent statement")

		b.get("/pay?lang=cy")
		b.add("5", "51000123017", "10")
		b.get("/pay/basket").mustContain(t, "Welsh basket", "Rhent cartref cyngor")
		b.checkout("payer@example.com")
		b.get("/pay/check").mustContain(t, "Welsh check page", "Rhent cartref cyngor")
		if p := b.post("/pay/check"); p.status != http.StatusSeeOther {
			t.Fatalf("Pay: %d", p.status)
		}
		if d := s.provider.lastRequest().Description; d != "Taliad am 51000123017" {
			t.Errorf("card page description %q, want it in Welsh", d)
		}
		s.provider.finish(psp.Succeeded, "Visa", "1111")
		b.get(strings.TrimPrefix(s.provider.lastRequest().ReturnURL, s.url))
		var payload string
		if err := s.db.SQL.QueryRow(`SELECT payload FROM email_outbox WHERE purpose = 'receipt'`).Scan(&payload); err != nil {
			t.Fatalf("no receipt email queued: %v", err)
		}
		var r ims.Receipt
		if err := json.Unmarshal([]byte(payload), &r); err != nil {
			t.Fatal(err)
		}
		if r.Language != "cy" || len(r.Lines) != 1 || r.Lines[0].Name != "Rhent cartref cyngor" {
			t.Errorf("receipt email: language %q, lines %+v; want Welsh naming the fund in Welsh", r.Language, r.Lines)
		}
	})
}

// A stopped account is refused on the portal with the stop message's public text in the payer's
// language, never the staff text ("account with enforcement agent"); a message without public text
// gives the neutral sentence.
func TestStoppedAccountShowsThePublicText(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		staff := "enforcement agent"
		en := b.post("/pay/details", "fund", "5", "reference", "51000567209", "amount", "10")
		if en.status != http.StatusUnprocessableEntity {
			t.Fatalf("stopped account: %d, want 422", en.status)
		}
		en.mustContain(t, "English refusal", esc("This rent account cannot be paid online. Please contact the council's rents team."))
		b.get("/pay?lang=cy")
		cy := b.post("/pay/details", "fund", "5", "reference", "51000567209", "amount", "10")
		cy.mustContain(t, "Welsh refusal", esc("Ni ellir talu'r cyfrif rhent hwn ar-lein. Cysylltwch â thîm rhenti'r cyngor."))

		// Without public texts, the neutral sentence in each language.
		m, err := db.FundMessages().Get(t.Context(), "5", "EA")
		if err != nil {
			t.Fatal(err)
		}
		m.TextPublic, m.TextPublicCy = "", ""
		if err := db.FundMessages().Put(t.Context(), ims.System(), m); err != nil {
			t.Fatal(err)
		}
		b.post("/pay/details", "fund", "5", "reference", "51000567209", "amount", "10").
			mustContain(t, "neutral Welsh", esc(ims.NeutralStopTextCy))
		b.get("/pay?lang=en")
		neutral := b.post("/pay/details", "fund", "5", "reference", "51000567209", "amount", "10")
		neutral.mustContain(t, "neutral English", esc(ims.NeutralStopText))
		for _, p := range []page{en, cy, neutral} {
			if strings.Contains(p.body, staff) {
				t.Errorf("the portal shows the staff text:\n%s", p.body)
			}
		}
	})
}

// An account stopped after its line went into the basket is refused when the payer pays, with the
// public text in the payer's language.
func TestAccountStoppedBeforePayingShowsThePublicText(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db, portal.RateLimit{})
		b := s.browser()
		b.get("/pay?lang=cy")
		b.add("5", "51000123017", "10")
		b.checkout("")
		h, err := db.AccountHolders().Get(t.Context(), "5", "51000123017")
		if err != nil {
			t.Fatal(err)
		}
		h.StopMessage = "EA"
		if err := db.AccountHolders().Put(t.Context(), ims.System(), h); err != nil {
			t.Fatal(err)
		}
		p := b.post("/pay/check")
		if p.status != http.StatusUnprocessableEntity {
			t.Fatalf("paying for a stopped account: %d, want 422", p.status)
		}
		p.mustContain(t, "Welsh refusal at Pay", esc("Ni ellir talu'r cyfrif rhent hwn ar-lein. Cysylltwch â thîm rhenti'r cyngor."))
		if strings.Contains(p.body, "enforcement agent") {
			t.Errorf("the portal shows the staff text:\n%s", p.body)
		}
	})
}

// esc is text as the templates write it.
func esc(s string) string { return html.EscapeString(s) }
