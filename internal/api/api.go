// Package api is the JSON REST API under /api/v1, described by openapi.yaml in this folder (the
// contract, served as JSON at /api/v1/openapi.json). Errors are application/problem+json.
package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// API holds the handlers' dependencies: the services of package ims's service interfaces.
type API struct {
	References     ims.ReferenceService
	ReferenceData  ims.ReferenceDataLister
	Payments       ims.PaymentService
	Refunds        ims.RefundService
	AccountHolders AccountHolderService
	Suspense       SuspenseService
	Imports        ImportService
	ImportTypes    ImportTypeGetter
	Transactions   TransactionService
	Journals       JournalService
	Webhooks       WebhookService
	CashReturns    CashReturnService
	MaxImportFile  int64 // the largest file POST /api/v1/imports takes; 0 is DefaultMaxImportFile
	Log            *slog.Logger
}

// Routes returns the API's route table, each route with the scope it needs. The server checks the
// caller's token, allow-list and scope before a handler runs (web.APIScope), and handlers find the
// caller with web.PrincipalFrom.
func (a *API) Routes() []web.Route {
	return append([]web.Route{
		{Pattern: "GET /api/v1/openapi.json", Access: web.Public(), Handler: http.HandlerFunc(a.openAPI)},
		{Pattern: "POST /api/v1/reference-checks", Access: web.APIScope(ims.ScopeReferenceChecks), Handler: http.HandlerFunc(a.referenceCheck)},
		{Pattern: "GET /api/v1/funds", Access: web.APIScope(ims.ScopeReferenceData), Handler: http.HandlerFunc(a.listFunds)},
		{Pattern: "GET /api/v1/mops", Access: web.APIScope(ims.ScopeReferenceData), Handler: http.HandlerFunc(a.listMOPs)},
		{Pattern: "GET /api/v1/vat-codes", Access: web.APIScope(ims.ScopeReferenceData), Handler: http.HandlerFunc(a.listVATCodes)},
		{Pattern: "GET /api/v1/account-holders", Access: web.APIScope(ims.ScopeAccountHolders), Handler: http.HandlerFunc(a.listAccountHolders)},
		{Pattern: "POST /api/v1/account-holders/bulk", Access: web.APIScope(ims.ScopeAccountHolders), Handler: http.HandlerFunc(a.bulkAccountHolders)},
		{Pattern: "POST /api/v1/payments", Access: web.APIScope(ims.ScopePayments), Handler: http.HandlerFunc(a.createPayment)},
		{Pattern: "GET /api/v1/payments/{id}", Access: web.APIScope(ims.ScopePayments), Handler: http.HandlerFunc(a.getPayment)},
		{Pattern: "POST /api/v1/payments/{id}/refunds", Access: web.APIScope(ims.ScopeRefunds), Handler: http.HandlerFunc(a.createRefund)},
		{Pattern: "GET /api/v1/refunds/{id}", Access: web.APIScope(ims.ScopeRefunds), Handler: http.HandlerFunc(a.getRefund)},
		{Pattern: "POST /api/v1/refunds/{id}/approve", Access: web.APIScope(ims.ScopeRefundApprovals), Handler: http.HandlerFunc(a.approveRefund)},
		{Pattern: "POST /api/v1/refunds/{id}/reject", Access: web.APIScope(ims.ScopeRefundApprovals), Handler: http.HandlerFunc(a.rejectRefund)},
		{Pattern: "GET /api/v1/suspense-items", Access: web.APIScope(ims.ScopeSuspense), Handler: http.HandlerFunc(a.listSuspenseItems)},
		{Pattern: "POST /api/v1/suspense-items", Access: web.APIScope(ims.ScopeSuspense), Handler: http.HandlerFunc(a.createSuspenseItem)},
		{Pattern: "GET /api/v1/suspense-items/{id}", Access: web.APIScope(ims.ScopeSuspense), Handler: http.HandlerFunc(a.getSuspenseItem)},
		{Pattern: "POST /api/v1/suspense-items/allocations", Access: web.APIScope(ims.ScopeSuspense), Handler: http.HandlerFunc(a.allocateSuspense)},
		{Pattern: "POST /api/v1/imports", Access: web.APIScope(ims.ScopeImports), Handler: http.HandlerFunc(a.createImport)},
		{Pattern: "GET /api/v1/imports", Access: web.APIScope(ims.ScopeImports), Handler: http.HandlerFunc(a.listImports)},
		{Pattern: "GET /api/v1/imports/{id}", Access: web.APIScope(ims.ScopeImports), Handler: http.HandlerFunc(a.getImport)},
		{Pattern: "GET /api/v1/imports/{id}/lines", Access: web.APIScope(ims.ScopeImports), Handler: http.HandlerFunc(a.importLines)},
		{Pattern: "GET /api/v1/transactions", Access: web.APIScope(ims.ScopeTransactions), Handler: http.HandlerFunc(a.listTransactions)},
		{Pattern: "GET /api/v1/receipts/{receipt}", Access: web.APIScope(ims.ScopeTransactions), Handler: http.HandlerFunc(a.getReceipt)},
		{Pattern: "POST /api/v1/journals", Access: web.APIScope(ims.ScopeJournals), Handler: http.HandlerFunc(a.createJournal)},
		{Pattern: "POST /api/v1/journals/{id}/undo", Access: web.APIScope(ims.ScopeJournals), Handler: http.HandlerFunc(a.undoJournal)},
		{Pattern: "POST /api/v1/transfers", Access: web.APIScope(ims.ScopeJournals), Handler: http.HandlerFunc(a.createTransfer)},
		{Pattern: "GET /api/v1/cash-returns", Access: web.APIScope(ims.ScopeCashReturns), Handler: http.HandlerFunc(a.listCashReturns)},
		{Pattern: "GET /api/v1/cash-returns/{id}", Access: web.APIScope(ims.ScopeCashReturns), Handler: http.HandlerFunc(a.getCashReturn)},
		{Pattern: "/api/", Access: web.Public(), Handler: http.HandlerFunc(a.notFound)},
	}, a.webhookRoutes()...)
}

// principal returns the API client calling, as the server's access check found it.
func principal(ctx context.Context) ims.Principal { return web.PrincipalFrom(ctx) }

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.problem(w, r, ims.Errorf(ims.NotFound, "There is no API resource at %s %s", r.Method, r.URL.Path))
}
