package admin

import (
	"context"
	"net/url"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// Transactions is the transactions service (internal/transactions) as the back office uses it. It
// checks the roles and limits every read to the caller's funds itself.
type Transactions interface {
	Search(ctx context.Context, p ims.Principal, q ims.TransactionQuery) (ims.TransactionPage, error)
	Export(ctx context.Context, p ims.Principal, q ims.TransactionQuery, fn func(ims.Transaction) error) error
	Receipt(ctx context.Context, p ims.Principal, receipt string) (ims.ReceiptDetail, error)
	ReceiptPayer(ctx context.Context, p ims.Principal, receipt string) (ims.PendingPayment, error)
	ResendReceipt(ctx context.Context, p ims.Principal, receipt, to, key string) (string, error)
}

// transactionRoutes are the transaction search, its CSV export and the receipt pages (SPEC §10).
func (a *Admin) transactionRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/transactions", a.transactionSearch, ims.TransactionList),
		a.page("/admin/transactions/export.csv", a.transactionExport, ims.TransactionList),
		a.page("/admin/receipts/{receipt}", a.receiptDetail, ims.TransactionDetails),
		a.page("/admin/receipts/{receipt}/print", a.receiptPrint, ims.TransactionDetails),
		a.page("/admin/receipts/{receipt}/email", a.receiptEmailForm, ims.TransactionDetails),
		a.action("/admin/receipts/{receipt}/email", a.receiptEmailSend, ims.TransactionDetails),
	}
}

// receiptPath is the address of a receipt's page.
func receiptPath(receipt string) string { return "/admin/receipts/" + url.PathEscape(receipt) }
