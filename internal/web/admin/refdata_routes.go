package admin

import (
	"net/http"
	"slices"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// refdataRoutes are the system administrators' pages (issue 9, point 4): the reference data index,
// each kind's list and record pages, the reference tester, organisation details and settings.
func (a *Admin) refdataRoutes() []web.Route {
	return slices.Concat(
		[]web.Route{
			a.page("/admin/reference-data", a.refdataIndex, ims.SystemAdmin),
			a.page("/admin/funds/{key}/test", a.testReference, ims.SystemAdmin),
			a.page("/admin/organisation", a.organisationPage, ims.SystemAdmin),
			a.action("/admin/organisation", a.saveOrganisation, ims.SystemAdmin),
			a.page("/admin/settings", a.settingsPage, ims.SystemAdmin),
			a.action("/admin/settings/security", a.saveSecuritySettings, ims.SystemAdmin),
		},
		kindRoutes(a, fundKind()),
		kindRoutes(a, mopKind()),
		kindRoutes(a, vatKind()),
		kindRoutes(a, officeKind()),
		kindRoutes(a, fundGroupKind()),
		kindRoutes(a, validatorKind()),
		kindRoutes(a, schemeKind()),
		kindRoutes(a, providerKind()),
		kindRoutes(a, messageKind()),
	)
}

// refdataLink is one entry of the reference data index.
type refdataLink struct{ Name, Href, Description string }

// refdataIndex lists the kinds of reference data.
func (a *Admin) refdataIndex(w http.ResponseWriter, r *http.Request) {
	entry := func(slug, name, intro string) refdataLink { return refdataLink{name, "/admin/" + slug, intro} }
	links := []refdataLink{
		entry(fundKind().slug, fundKind().plural, fundKind().intro),
		entry(mopKind().slug, mopKind().plural, mopKind().intro),
		entry(vatKind().slug, vatKind().plural, vatKind().intro),
		entry(officeKind().slug, officeKind().plural, officeKind().intro),
		entry(fundGroupKind().slug, fundGroupKind().plural, fundGroupKind().intro),
		entry(validatorKind().slug, validatorKind().plural, validatorKind().intro),
		entry(schemeKind().slug, schemeKind().plural, schemeKind().intro),
		entry(providerKind().slug, providerKind().plural, providerKind().intro),
		entry(messageKind().slug, messageKind().plural, messageKind().intro),
		{"Organisation details", "/admin/organisation", "The council's name, address and VAT number printed on receipts."},
	}
	a.render(w, r, http.StatusOK, "admin-refdata-index", "Reference data", links)
}
