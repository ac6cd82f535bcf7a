package ims_test

import (
	"testing"

	"github.com/ims-council/ims"
)

// A stopped account is refused to everyone, but only staff and API clients read the staff text:
// the public (the portal) reads the public text in its language, or the neutral sentence.
func TestStopMessageTextByAudience(t *testing.T) {
	fund := ims.Fund{Code: "CT", Name: "Council tax", AccountMustExist: true}
	stopped := &ims.AccountHolderSummary{Name: "A Payer", Stopped: true}
	full := ims.FundMessage{Fund: "CT", Code: "EA", Text: "Account with enforcement agent",
		TextPublic: "Please contact Revenues on 01234 567890", TextPublicCy: "Cysylltwch â'r Adran Refeniw ar 01234 567890"}
	staffOnly := ims.FundMessage{Fund: "CT", Code: "EA", Text: "Account with enforcement agent"}
	portal := ims.Principal{Name: "portal"}
	clerk := ims.Principal{UserID: 1, Funds: []string{"CT"}}
	client := ims.Principal{APIClientID: 2, AllFunds: true}
	for _, c := range []struct {
		name string
		stop ims.FundMessage
		p    ims.Principal
		lang string
		want string
	}{
		{"the public in English", full, portal, "en", "Please contact Revenues on 01234 567890"},
		{"the public in Welsh", full, portal, "cy", "Cysylltwch â'r Adran Refeniw ar 01234 567890"},
		{"no public text, English", staffOnly, portal, "en", ims.NeutralStopText},
		{"no public text, Welsh", staffOnly, portal, "cy", ims.NeutralStopTextCy},
		{"English public text only, Welsh", ims.FundMessage{Text: "x", TextPublic: "Call us"}, portal, "cy", ims.NeutralStopTextCy},
		{"a member of staff", full, clerk, "cy", "Account with enforcement agent"},
		{"an API client", full, client, "", "Account with enforcement agent"},
		{"an import (system)", full, ims.System(), "", "Account with enforcement agent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ims.CheckReference(ims.ReferenceCheck{Fund: "CT", Reference: "1", Lang: c.lang},
				ims.ReferenceFacts{Fund: &fund, Account: stopped, Stop: c.stop}, c.p)
			if err != nil {
				t.Fatal(err)
			}
			if res.Valid || len(res.Errors) != 1 || res.Errors[0] != c.want {
				t.Errorf("answer = %+v, want refused with %q", res, c.want)
			}
		})
	}
}

func TestFundTextsInWelsh(t *testing.T) {
	f := ims.Fund{Name: "CTAX", DisplayName: "Council tax", PortalLabel: "Pay council tax", PortalHelp: "On your bill",
		ReferenceLabel: "Account number"}
	if got := f.PayerLabelIn("cy"); got != "Pay council tax" {
		t.Errorf("no Welsh: label %q, want the English", got)
	}
	f.NameCy = "Treth gyngor"
	if got := f.PayerLabelIn("cy"); got != "Treth gyngor" {
		t.Errorf("Welsh name only: label %q", got)
	}
	f.PortalLabelCy, f.PortalHelpCy, f.ReferenceLabelCy = "Talu treth gyngor", "Ar eich bil", "Rhif cyfrif"
	for _, c := range []struct{ got, want string }{
		{f.PayerLabelIn("cy"), "Talu treth gyngor"}, {f.PayerLabelIn("en"), "Pay council tax"},
		{f.PortalHelpIn("cy"), "Ar eich bil"}, {f.PortalHelpIn("en"), "On your bill"},
		{f.ReferenceLabelIn("cy"), "Rhif cyfrif"}, {f.ReferenceLabelIn(""), "Account number"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// A reference with no account is named with the fund's Welsh name to the public in Welsh; staff
// read English.
func TestNoAccountInWelsh(t *testing.T) {
	fund := ims.Fund{Code: "5", Name: "Housing Rents", DisplayName: "Rent", NameCy: "Rhent", AccountMustExist: true}
	for _, c := range []struct {
		p    ims.Principal
		lang string
		want string
	}{
		{ims.Principal{Name: "portal"}, "cy", "Nid oes cyfrif Rhent gyda'r cyfeirnod 51000678330"},
		{ims.Principal{Name: "portal"}, "en", "There is no Rent account with reference 51000678330"},
		{ims.Principal{UserID: 1, Funds: []string{"5"}}, "cy", "There is no Rent account with reference 51000678330"},
	} {
		res, err := ims.CheckReference(ims.ReferenceCheck{Fund: "5", Reference: "51000678330", Lang: c.lang}, ims.ReferenceFacts{Fund: &fund}, c.p)
		if err != nil || res.Valid || len(res.Errors) != 1 || res.Errors[0] != c.want {
			t.Errorf("%s in %q: %+v, %v; want %q", c.p.Name, c.lang, res, err, c.want)
		}
	}
}
