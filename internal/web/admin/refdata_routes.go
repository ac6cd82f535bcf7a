package admin

import (
	"net/http"
	"slices"
	"strings"

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
		kindRoutes(a, fundMessageKind()),
		kindRoutes(a, metadataKeyKind()),
	)
}

// underRefdata reports whether the page at path is one the reference data section (at href) links
// to: its kinds' pages live at /admin/funds, /admin/mops…, beside the section's index.
func underRefdata(href, path string) bool {
	if href != "/admin/reference-data" {
		return false
	}
	for _, base := range []string{fundKind().base(), mopKind().base(), vatKind().base(), officeKind().base(),
		fundGroupKind().base(), validatorKind().base(), schemeKind().base(), providerKind().base(), messageKind().base(),
		fundMessageKind().base(), metadataKeyKind().base(), "/admin/organisation"} {
		if path == base || strings.HasPrefix(path, base+"/") {
			return true
		}
	}
	return false
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
		entry(fundMessageKind().slug, fundMessageKind().plural, fundMessageKind().intro),
		entry(metadataKeyKind().slug, metadataKeyKind().plural, metadataKeyKind().intro),
		{"Organisation details", "/admin/organisation", "The council's name, address and VAT number printed on receipts."},
	}
	a.render(w, r, http.StatusOK, "admin-refdata-index", "Reference data", links)
}
