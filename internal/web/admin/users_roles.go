package admin

import "github.com/ims-council/ims"

// roleDescriptions say what each role lets a user do, for the checkboxes of the user form (SPEC §12).
var roleDescriptions = map[ims.Role]string{
	ims.TransactionList:      "Search and list transactions.",
	ims.TransactionDetails:   "Open a transaction with its payer's details.",
	ims.Refund:               "Refund a payment in full.",
	ims.PartialRefund:        "Refund part of a payment.",
	ims.RefundApprover:       "Approve refunds above the approval limit.",
	ims.Journal:              "Reallocate money already received.",
	ims.Transfer:             "Move money between funds or references.",
	ims.Payments:             "Take card payments for a customer.",
	ims.ChequeProcess:        "Record cheques.",
	ims.PostPayment:          "Record payments that arrived by post.",
	ims.Finance:              "Imports, suspense and import rules.",
	ims.Reporting:            "Read-only finance reports and exports.",
	ims.CashReturns:          "Complete cash returns for a site.",
	ims.CashReturnAuthoriser: "Authorise submitted cash returns.",
	ims.CashReturnDelete:     "Delete cash returns not yet authorised.",
	ims.SystemAdmin:          "Reference data, payment providers and settings.",
	ims.UserAdmin:            "Users, their roles and API clients (never their own roles).",
	ims.Auditor:              "Read the audit trail and verify the ledger.",
	ims.SuperUser:            "See every fund, whatever the fund groups. Grants nothing else.",
}

// scopeDescriptions say what each scope lets an API client call (SPEC §11).
var scopeDescriptions = map[ims.Scope]string{
	ims.ScopeReferenceChecks: "Check account references.",
	ims.ScopePayments:        "Start payments and read their outcome.",
	ims.ScopeRefunds:         "Request refunds.",
	ims.ScopeRefundApprovals: "Approve or reject refunds above the approval limit.",
	ims.ScopeTransactions:    "Read transactions and receipts.",
	ims.ScopeImports:         "Submit import files and read their progress.",
	ims.ScopeSuspense:        "Read and allocate suspense items.",
	ims.ScopeJournals:        "Make and undo journals and transfers.",
	ims.ScopeAccountHolders:  "Read and bulk update account holders.",
	ims.ScopeReferenceData:   "Read funds, methods of payment and VAT codes.",
	ims.ScopeCashReturns:     "Read cash returns.",
	ims.ScopeExports:         "Read ledger and posting exports.",
	ims.ScopeWebhooks:        "Manage outgoing webhook subscribers and re-send deliveries.",
}
