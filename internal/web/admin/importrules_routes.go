package admin

import (
	"context"
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/web"
)

// ImportSetup is the reference data service (internal/refdata) as the import type and import rule
// pages use it. Changing needs SystemAdmin; ImportSetup and TestImportRules also let Finance read
// and dry-run, which the service checks.
type ImportSetup interface {
	ImportTypes() refdata.Records[ims.ImportType]
	ImportRules() refdata.Records[ims.ImportRule]
	ImportSetup(ctx context.Context, p ims.Principal) (refdata.ImportSetup, error)
	TestImportRules(ctx context.Context, p ims.Principal, in refdata.RuleTestInput) (refdata.RuleTest, error)
	MoveImportRule(ctx context.Context, p ims.Principal, code string, up bool) error
}

// PastImports runs the rules over the stored file of an import already made, for the rule
// tester's "against a past import" (SPEC §7.4); internal/imports implements it. While
// Options.PastImports is nil the tester does not offer it.
type PastImports interface {
	// DryRunImport reads import id's stored file again with ruleList instead of the saved rules and
	// reports what each line would do now, writing nothing. p needs the Finance role.
	DryRunImport(ctx context.Context, p ims.Principal, id int64, ruleList []ims.ImportRule) (imports.Report, error)
}

// importRoutes are the pages of import types and import rules (SPEC §7.1, §7.4): SystemAdmin keeps
// them; Finance, who imports the files, may read them and use the rule tester.
func (a *Admin) importRoutes() []web.Route {
	read := []ims.Role{ims.SystemAdmin, ims.Finance}
	return append(a.importTypeRoutes(read),
		a.page("/admin/import-rules", a.importRulesList, read...),
		a.page("/admin/import-rules/new", a.importRuleNew, ims.SystemAdmin),
		a.action("/admin/import-rules/new", a.importRuleSave, ims.SystemAdmin),
		a.page("/admin/import-rules/test", a.importRulesTester, read...),
		a.page("/admin/import-rules/{code}", a.importRuleShow, read...),
		a.action("/admin/import-rules/{code}", a.importRuleSave, ims.SystemAdmin),
		a.action("/admin/import-rules/{code}/enabled", a.importRuleEnable, ims.SystemAdmin),
		a.action("/admin/import-rules/{code}/move", a.importRuleMove, ims.SystemAdmin),
		a.page("/admin/import-rules/{code}/delete", a.importRuleDeleteConfirm, ims.SystemAdmin),
		a.action("/admin/import-rules/{code}/delete", a.importRuleDelete, ims.SystemAdmin),
	)
}

// canChange reports whether the signed-in user may change import types and rules: the pages show
// Finance what is set up, without the forms.
func canChange(r *http.Request) bool { return web.PrincipalFrom(r.Context()).HasRole(ims.SystemAdmin) }
