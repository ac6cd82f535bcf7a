package admin

import (
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// A section is one area of the back office: the primary navigation links to it and the home page
// describes it, for users holding any of its roles.
type section struct {
	Name, Href, Description string
	Roles                   []ims.Role
}

// sections lists the back office's areas in the order the navigation shows them.
var sections = []section{
	{"Transactions", "/admin/transactions", "Search the ledger by fund, reference, receipt, amount, card, import and more; open a receipt with everything that touches it; download a search as CSV.",
		[]ims.Role{ims.TransactionList}},
	{"Take a payment", "/admin/payments/new", "Take a payment for a customer: a card over the phone, a cheque or money that came by post, with the account holder looked up and the receipt emailed.",
		[]ims.Role{ims.Payments, ims.ChequeProcess, ims.PostPayment}},
	{"Account holders", "/admin/account-holders", "Find a council tax, business rates or rent account: its balance, address and stop messages; import account holders.",
		[]ims.Role{ims.TransactionList, ims.TransactionDetails, ims.Finance, ims.Payments, ims.SystemAdmin}},
	{"Journals", "/admin/journals", "Move money already received to the right fund or reference, undo a journal, and transfer money between funds.",
		[]ims.Role{ims.Journal, ims.Transfer}},
	{"Cash returns", "/admin/cash-returns", "Cash and cheques banked at sites: fill a return from your template with its cash analysis or cheque list, submit it, and authorise others' returns into the ledger.",
		[]ims.Role{ims.CashReturns, ims.CashReturnAuthoriser, ims.CashReturnDelete}},
	{"Refund approvals", "/admin/refunds/approvals", "Approve or reject card refunds above the approval limit that someone else asked for.",
		[]ims.Role{ims.RefundApprover}},
	{"End of day", "/admin/end-of-day", "A business date's income by fund, method of payment and VAT code, and the banking expected from card providers, cash offices and cheques; printable and as CSV.",
		[]ims.Role{ims.Finance, ims.Reporting}},
	{"Exports", "/admin/exports", "The ledger journal for the general ledger and the account postings for back-office systems: each batch to download, and the export run now.",
		[]ims.Role{ims.Finance, ims.Reporting}},
	{"Suspense", "/admin/suspense", "Money nobody could match to an account: find it, note what you learn, allocate it to funds, and see how long it has waited.",
		[]ims.Role{ims.Finance}},
	{"Imports", "/admin/imports", "Import payment and bank files: check a file first, follow an import as it posts, see its lines and reverse it.",
		[]ims.Role{ims.Finance}},
	{"Import types", "/admin/import-types", "The kinds of file the council receives: each one's format, fund, method of payment and office.",
		[]ims.Role{ims.SystemAdmin, ims.Finance}},
	{"Import rules", "/admin/import-rules", "Rules that correct or route imported lines before they are posted, in the order they run; test them on a line.",
		[]ims.Role{ims.SystemAdmin, ims.Finance}},
	{"Users", "/admin/users", "Create staff accounts, give roles, fund groups and methods of payment, disable accounts, reset passwords and second factors.",
		[]ims.Role{ims.UserAdmin}},
	{"API clients", "/admin/api-clients", "Register the systems that call the API, with their scopes, fund groups and allowed addresses; revoke their tokens.",
		[]ims.Role{ims.UserAdmin}},
	{"Reference data", "/admin/reference-data", "Funds, methods of payment, VAT codes, offices, fund groups, reference validators, payment providers, organisation details and system messages.",
		[]ims.Role{ims.SystemAdmin}},
	{"Cash return templates", "/admin/cash-return-templates", "The cash-up sheets of each site: their lines, funds and VAT codes, who may use each, and the methods of payment and address cash returns use.",
		[]ims.Role{ims.SystemAdmin}},
	{"Webhooks", "/admin/webhooks", "The systems IMS tells when payments, refunds, imports, cash returns and exports happen: their addresses, secrets and events, and every delivery with its attempts.",
		[]ims.Role{ims.SystemAdmin}},
	{"Settings", "/admin/settings", "Security settings and the configuration check.",
		[]ims.Role{ims.SystemAdmin}},
	{"Audit", "/admin/audit", "Search the audit trail, verify the ledger and audit chains, and see the email outbox.",
		[]ims.Role{ims.Auditor}},
}

// sectionsFor returns the sections p's roles open.
func sectionsFor(p ims.Principal) []section {
	var open []section
	for _, s := range sections {
		if slices.ContainsFunc(s.Roles, p.HasRole) {
			open = append(open, s)
		}
	}
	return open
}

// navigation returns the primary navigation for p on the page at path: Home, then the sections p
// may open, the one holding path marked current.
func navigation(p ims.Principal, path string) []govukfrontend.NavItem {
	nav := []govukfrontend.NavItem{{Text: "Home", Href: Home, Current: path == Home}}
	for _, s := range sectionsFor(p) {
		nav = append(nav, govukfrontend.NavItem{Text: s.Name, Href: s.Href,
			Current: path == s.Href, Active: path != s.Href && (strings.HasPrefix(path, s.Href+"/") || underRefdata(s.Href, path))})
	}
	return nav
}
