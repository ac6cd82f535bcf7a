package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// CashReturns is the cash returns service (internal/cashreturns) as the back office's pages use it.
// It checks the cash return roles, the templates given to each person and the fund groups itself.
type CashReturns interface {
	Get(ctx context.Context, p ims.Principal, id int64) (ims.CashReturn, error)
	List(ctx context.Context, p ims.Principal, q ims.CashReturnQuery) ([]ims.CashReturn, int64, error)
	MyTemplates(ctx context.Context, p ims.Principal) ([]ims.CashReturnTemplate, error)
	Create(ctx context.Context, p ims.Principal, template string, kind ims.CashReturnKind) (ims.CashReturn, error)
	Save(ctx context.Context, p ims.Principal, id int64, f ims.CashReturnFill) (ims.CashReturn, error)
	Submit(ctx context.Context, p ims.Principal, id int64) (ims.CashReturn, error)
	Authorise(ctx context.Context, p ims.Principal, id int64, adj []ims.CashReturnAdjustment) (ims.CashReturn, error)
	AuthoriseMany(ctx context.Context, p ims.Principal, ids []int64) ([]ims.CashReturn, map[int64]error, error)
	Close(ctx context.Context, p ims.Principal, id int64, reason string) (ims.CashReturn, error)
	AddNote(ctx context.Context, p ims.Principal, id int64, text string) error

	Templates(ctx context.Context, p ims.Principal) ([]ims.CashReturnTemplate, error)
	Template(ctx context.Context, p ims.Principal, code string) (ims.CashReturnTemplate, error)
	PutTemplate(ctx context.Context, p ims.Principal, t ims.CashReturnTemplate, create bool) error
	TemplateUsers(ctx context.Context, p ims.Principal, code string) ([]int64, error)
	SetTemplateUsers(ctx context.Context, p ims.Principal, code string, ids []int64) error
	StaffForTemplates(ctx context.Context, p ims.Principal) ([]ims.User, error)
	Settings(ctx context.Context, p ims.Principal) (ims.CashReturnSettings, error)
	SetSettings(ctx context.Context, p ims.Principal, c ims.CashReturnSettings) error
}

// cashReturnRoles are the roles that open the cash returns section.
var cashReturnRoles = []ims.Role{ims.CashReturns, ims.CashReturnAuthoriser, ims.CashReturnDelete}

// cashReturnRoutes are the cash return pages (SPEC §9): the list with bulk authorise, a return's
// page with its form, authorisation, deletion or voiding and notes, its printable page, and the
// SystemAdmin's templates, the users given each and the settings.
func (a *Admin) cashReturnRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/cash-returns", a.cashReturnList, cashReturnRoles...),
		a.action("/admin/cash-returns", a.cashReturnCreate, ims.CashReturns),
		a.action("/admin/cash-returns/authorise", a.cashReturnAuthoriseMany, ims.CashReturnAuthoriser),
		a.page("/admin/cash-returns/{id}", a.cashReturnDetail, cashReturnRoles...),
		a.page("/admin/cash-returns/{id}/print", a.cashReturnPrint, cashReturnRoles...),
		a.action("/admin/cash-returns/{id}", a.cashReturnSave, ims.CashReturns),
		a.action("/admin/cash-returns/{id}/authorise", a.cashReturnAuthorise, ims.CashReturnAuthoriser),
		a.action("/admin/cash-returns/{id}/close", a.cashReturnClose, ims.CashReturns, ims.CashReturnDelete),
		a.action("/admin/cash-returns/{id}/notes", a.cashReturnNote, cashReturnRoles...),
		a.page("/admin/cash-return-templates", a.cashReturnTemplates, ims.SystemAdmin),
		a.action("/admin/cash-return-templates/settings", a.cashReturnSettingsSave, ims.SystemAdmin),
		a.page("/admin/cash-return-templates/new", a.cashReturnTemplateNew, ims.SystemAdmin),
		a.action("/admin/cash-return-templates/new", a.cashReturnTemplateCreate, ims.SystemAdmin),
		a.page("/admin/cash-return-templates/{code}", a.cashReturnTemplateEdit, ims.SystemAdmin),
		a.action("/admin/cash-return-templates/{code}", a.cashReturnTemplateUpdate, ims.SystemAdmin),
		a.page("/admin/cash-return-templates/{code}/users", a.cashReturnTemplateUsers, ims.SystemAdmin),
		a.action("/admin/cash-return-templates/{code}/users", a.cashReturnTemplateUsersSave, ims.SystemAdmin),
	}
}

// cashReturnPath is the address of a return's page.
func cashReturnPath(id int64) string { return "/admin/cash-returns/" + strconv.FormatInt(id, 10) }

// cashReturnID reads the {id} of the address, or answers NotFound.
func (a *Admin) cashReturnID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.fail(w, r, ims.Errorf(ims.NotFound, "There is no cash return %q", r.PathValue("id")))
		return 0, false
	}
	return id, true
}

// cashReturnStatusTag is how a return's status reads, and the colour of its tag.
func cashReturnStatusTag(s ims.CashReturnStatus) (text, class string) {
	switch s {
	case ims.CashReturnSubmitted:
		return "Submitted", "govuk-tag--blue"
	case ims.CashReturnAuthorised:
		return "Authorised", "govuk-tag--green"
	case ims.CashReturnDeleted:
		return "Deleted", "govuk-tag--red"
	case ims.CashReturnVoided:
		return "Voided", "govuk-tag--grey"
	}
	return "Draft", "govuk-tag--yellow"
}

// parseForm reads a posted form, answering a form that cannot be read.
func (a *Admin) parseCashReturnForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return false
	}
	return true
}

// kindName is "Cash" or "Cheque".
func kindName(k ims.CashReturnKind) string {
	if k == ims.CashReturnCheque {
		return "Cheque"
	}
	return "Cash"
}

// formValue is a trimmed posted value.
func formValue(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
