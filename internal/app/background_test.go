package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/mail/mailtest"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// A card payment that succeeds has its receipt emailed by the background jobs RunBackground starts,
// in the payer's language: Welsh for a Welsh payment, English for an English one.
func TestReceiptEmailIsSentInThePayersLanguage(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		doc := ims.ReferenceData{
			Organisation:     &ims.Organisation{Name: "Test Council"},
			VATCodes:         []ims.VATCode{{Code: "M0", Name: "Outside scope", Suspense: true}, {Code: "W0", Name: "Standard", Rate: 2000}},
			Funds:            []ims.Fund{{Code: "19", Name: "Sundry Invoices", VATCode: "W0", Portal: true}, {Code: "1", Name: "Suspense", VATCode: "M0", Suspense: true}},
			ProviderAccounts: []ims.ProviderAccount{{Name: "govukpay", Provider: "govukpay"}},
			MOPs: []ims.MOP{{Code: "90", Name: "Card self-service", Kind: ims.KindCardSelfService, ProviderAccount: "govukpay"},
				{Code: "PF", Name: "Card fee", Kind: ims.KindCardFee}},
		}
		if _, err := refdata.New(db).LoadReferenceData(ctx, ims.System(), doc); err != nil {
			t.Fatal(err)
		}
		server := mailtest.NewServer(t)
		a, _ := apptest.ServeConfig(t, db, config.Config{SMTPURL: server.URL("payments@council.example")},
			app.WithSimulator(app.Simulator{}))
		stop, err := a.RunBackground(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(stop) // before the application closes
		pay := func(lang, email string) {
			pp, _, err := a.Payments.Start(ctx, ims.System(), ims.PaymentRequest{Language: lang, Source: ims.SourcePortal,
				Lines: []ims.PaymentLine{{Fund: "19", Reference: "SI/26/00401", Amount: money.MustParse("12.50")}},
				Payer: ims.Payer{Email: email}})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Simulator.Pay(pp.ProviderPaymentID, "4444333322221111"); err != nil {
				t.Fatal(err)
			}
			if pp, err = a.Payments.Refresh(ctx, pp); err != nil || pp.State != ims.PaymentSucceeded {
				t.Fatalf("after paying: %s, %v", pp.State, err)
			}
		}
		pay("cy", "talwr@example.com")
		pay("en", "payer@example.com")
		deadline := time.Now().Add(15 * time.Second)
		for len(server.Messages()) < 2 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		got := map[string]mailtest.Delivered{}
		for _, raw := range server.Messages() {
			m, err := mailtest.Read(raw)
			if err != nil {
				t.Fatal(err)
			}
			got[m.To] = m
		}
		if len(got) != 2 {
			t.Fatalf("%d receipt emails delivered; want 2", len(got))
		}
		cy, en := got["talwr@example.com"], got["payer@example.com"]
		if want := "Test Council: derbynneb "; !strings.HasPrefix(cy.Subject, want) {
			t.Errorf("Welsh subject %q", cy.Subject)
		}
		for _, want := range []string{"Diolch am eich taliad", "Sundry Invoices, cyfeirnod SI/26/00401: £12.50 (TAW £2.08 ar gyfradd o 20%)"} {
			if !strings.Contains(cy.Text, want) || strings.Contains(cy.Text, "Thank you") {
				t.Errorf("the Welsh receipt lacks %q or has English:\n%s", want, cy.Text)
			}
		}
		if want := "Your payment to Test Council: receipt "; !strings.HasPrefix(en.Subject, want) {
			t.Errorf("English subject %q", en.Subject)
		}
		if !strings.Contains(en.Text, "Sundry Invoices, reference SI/26/00401: £12.50 (VAT £2.08 at 20%)") {
			t.Errorf("the English receipt:\n%s", en.Text)
		}
	})
}
