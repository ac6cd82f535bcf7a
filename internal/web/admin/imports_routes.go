package admin

import (
	"context"
	"io"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// PaymentImports is the imports service (internal/imports) as the payment import pages use it. It
// checks the Finance role itself.
type PaymentImports interface {
	DryRun(ctx context.Context, p ims.Principal, importType, fileName string, r io.Reader) (imports.Report, error)
	Start(ctx context.Context, p ims.Principal, req imports.Request, r io.Reader) (ims.Import, bool, error)
	Get(ctx context.Context, p ims.Principal, id int64) (ims.Import, error)
	List(ctx context.Context, p ims.Principal, f ims.ImportFilter) ([]ims.Import, error)
	Lines(ctx context.Context, p ims.Principal, id int64, outcome imports.Outcome, offset, limit int) ([]imports.StoredLine, error)
	Reverse(ctx context.Context, p ims.Principal, id int64, reason string) (ims.Import, error)
}

// paymentImportRoutes are the payment import pages (SPEC §7), for finance officers: the list, the
// upload form with its check, an import with its lines, and its reversal.
func (a *Admin) paymentImportRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/imports", a.paymentImportList, ims.Finance),
		a.page("/admin/imports/new", a.paymentImportNew, ims.Finance),
		a.action("/admin/imports/check", a.paymentImportCheck, ims.Finance),
		a.action("/admin/imports/new", a.paymentImportStart, ims.Finance),
		a.page("/admin/imports/{id}", a.paymentImportDetail, ims.Finance),
		a.page("/admin/imports/{id}/reverse", a.paymentImportReverseForm, ims.Finance),
		a.action("/admin/imports/{id}/reverse", a.paymentImportReverse, ims.Finance),
	}
}

// paymentImportPath is the address of an import's page.
func paymentImportPath(id int64) string { return "/admin/imports/" + strconv.FormatInt(id, 10) }

// paymentImportState is how an import's state reads, and the colour of its tag.
func paymentImportState(state string) (text, class string) {
	switch state {
	case ims.ImportQueued:
		return "Waiting to start", "govuk-tag--grey"
	case ims.ImportRunning:
		return "Importing", "govuk-tag--blue"
	case ims.ImportPosted:
		return "Posted", "govuk-tag--green"
	case ims.ImportReversed:
		return "Reversed", "govuk-tag--purple"
	}
	return "Failed", "govuk-tag--red"
}

// paymentImportStates are the states the list filters by, in the order they happen.
var paymentImportStates = []string{ims.ImportQueued, ims.ImportRunning, ims.ImportPosted, ims.ImportFailed, ims.ImportReversed}

// outcomeTag is how a line's outcome reads, and the colour of its tag.
func outcomeTag(o imports.Outcome) (text, class string) {
	switch o {
	case imports.ToLedger:
		return "Ledger", "govuk-tag--green"
	case imports.ToSuspense:
		return "Suspense", "govuk-tag--yellow"
	case imports.Skipped:
		return "Skipped", "govuk-tag--grey"
	case imports.Debit:
		return "Debit", "govuk-tag--blue"
	case imports.Held:
		return "Held", "govuk-tag--red"
	}
	return "Not posted", "govuk-tag--orange"
}

// lineOutcomes are the outcomes a line may have, in the order the pages list them.
var lineOutcomes = []imports.Outcome{imports.ToLedger, imports.ToSuspense, imports.Skipped, imports.Debit, imports.NotPosted, imports.Held}

// pounds writes pence as staff read money: "£1,250.00".
func pounds(p int64) string { return money.Pence(p).Display() }
