package ims

// What payers read of the reference data, in their language ("cy" for Welsh, anything else English).
// A Welsh text left blank falls back to the English one, since a fund must still be named; a stop
// message never falls back to its staff text (see PublicText).

// PayerLabelIn returns the fund's name as payers see it in lang: in Welsh its Welsh portal label,
// else its Welsh name, else PayerLabel.
func (f Fund) PayerLabelIn(lang string) string {
	if lang == "cy" {
		if f.PortalLabelCy != "" {
			return f.PortalLabelCy
		}
		if f.NameCy != "" {
			return f.NameCy
		}
	}
	return f.PayerLabel()
}

// LabelIn returns the name payers see in lang: in Welsh its Welsh name, else Label.
func (f Fund) LabelIn(lang string) string {
	if lang == "cy" && f.NameCy != "" {
		return f.NameCy
	}
	return f.Label()
}

// PortalHelpIn returns the fund's hint on the portal in lang, the English one when it has no Welsh.
func (f Fund) PortalHelpIn(lang string) string {
	if lang == "cy" && f.PortalHelpCy != "" {
		return f.PortalHelpCy
	}
	return f.PortalHelp
}

// ReferenceLabelIn returns the label of the fund's reference field in lang, the English one when it
// has no Welsh; "" when the fund has none (the portal then says "Reference").
func (f Fund) ReferenceLabelIn(lang string) string {
	if lang == "cy" && f.ReferenceLabelCy != "" {
		return f.ReferenceLabelCy
	}
	return f.ReferenceLabel
}

// NeutralStopText and NeutralStopTextCy are what the public is told of a stopped account whose
// message has no public text of its own.
const (
	NeutralStopText   = "This account cannot be paid online; please contact the council"
	NeutralStopTextCy = "Ni ellir talu'r cyfrif hwn ar-lein; cysylltwch â'r cyngor"
)

// PublicText returns what the public is told when the message stops a payment, in lang: its public
// text, or the neutral sentence when it has none in that language. The staff text is never
// returned: it may say "account with enforcement agent", which is not for the payer to read (and a
// Welsh payer gets the neutral Welsh sentence rather than English).
func (m FundMessage) PublicText(lang string) string {
	if lang == "cy" {
		if m.TextPublicCy != "" {
			return m.TextPublicCy
		}
		return NeutralStopTextCy
	}
	if m.TextPublic != "" {
		return m.TextPublic
	}
	return NeutralStopText
}

// IsPublic reports whether p is a member of the public (the portal's payer): no user, no API client
// and no roles or scopes. ims.System holds every role, so background work is not public.
func (p Principal) IsPublic() bool {
	return p.UserID == 0 && p.APIClientID == 0 && len(p.Roles) == 0 && len(p.Scopes) == 0
}

// stopText returns the text of the stop message m that refuses a payment checked by p: the public
// text in the check's language for the public, the staff text for everyone else.
func stopText(m FundMessage, c ReferenceCheck, p Principal) string {
	if p.IsPublic() {
		return m.PublicText(c.Lang)
	}
	return m.Text
}

// noAccountText says that fund has no account with reference: in Welsh, naming the fund in Welsh,
// when the public checks in Welsh (the sentence names the fund, so the portal's table of fixed
// texts cannot translate it).
func noAccountText(fund Fund, reference string, c ReferenceCheck, p Principal) string {
	if p.IsPublic() && c.Lang == "cy" {
		return "Nid oes cyfrif " + fund.LabelIn("cy") + " gyda'r cyfeirnod " + reference
	}
	return "There is no " + fund.Label() + " account with reference " + reference
}
