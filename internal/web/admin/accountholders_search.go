package admin

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// holdersSearchPage is the account holder search: the form, and the results when something was
// asked for.
type holdersSearchPage struct {
	Funds                                    []ims.Fund
	Fund, Reference, Name, Address, Postcode string
	Searched                                 bool
	Rows                                     []holderRow
	Next, First                              string // addresses of the next and first pages; empty when none
	CanImport                                bool
}

type holderRow struct {
	Href, Fund, Reference, Name, Postcode, Balance string
	Stopped                                        bool
}

// holderPageSize is how many holders a page of results shows.
const holderPageSize = 25

// holdersSearch searches account holders by reference, name, address, postcode and fund, among the
// funds of the user's fund groups. The form is a GET form, so a search can be bookmarked; results
// are paged by the key of the last holder shown ("after").
func (a *Admin) holdersSearch(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	q := r.URL.Query()
	v := holdersSearchPage{Fund: q.Get("fund"), Reference: strings.TrimSpace(q.Get("reference")), Name: strings.TrimSpace(q.Get("name")),
		Address: strings.TrimSpace(q.Get("address")), Postcode: strings.TrimSpace(q.Get("postcode")), CanImport: canChangeHolders(p)}
	funds, err := a.AccountHolders.VisibleFunds(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Funds = funds
	v.Searched = v.Fund != "" || v.Reference != "" || v.Name != "" || v.Address != "" || v.Postcode != ""
	if !v.Searched {
		a.render(w, r, http.StatusOK, "admin-accountholders-search", "Account holders", v)
		return
	}
	search := ims.AccountHolderSearch{Fund: v.Fund, Reference: v.Reference, Name: v.Name, Address: v.Address, Postcode: v.Postcode,
		Limit: holderPageSize}
	if af, ar := q.Get("after_fund"), q.Get("after_reference"); af != "" || ar != "" {
		search.After = &ims.AccountHolderKey{Fund: af, Reference: ar}
	}
	page, err := a.AccountHolders.Search(r.Context(), p, search)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, h := range page.Holders {
		v.Rows = append(v.Rows, holderRow{Href: holderPath("holder", h.Fund, h.Reference), Fund: h.Fund, Reference: h.Reference,
			Name: h.Name, Postcode: h.Postcode, Balance: h.Balance.Display(), Stopped: h.StopMessage != ""})
	}
	at := func(after *ims.AccountHolderKey) string {
		u := url.Values{}
		for k, val := range map[string]string{"fund": v.Fund, "reference": v.Reference, "name": v.Name, "address": v.Address, "postcode": v.Postcode} {
			if val != "" {
				u.Set(k, val)
			}
		}
		if after != nil {
			u.Set("after_fund", after.Fund)
			u.Set("after_reference", after.Reference)
		}
		return "/admin/account-holders?" + u.Encode()
	}
	if page.Next != nil {
		v.Next = at(page.Next)
	}
	if search.After != nil {
		v.First = at(nil)
	}
	a.render(w, r, http.StatusOK, "admin-accountholders-search", "Account holders", v)
}
