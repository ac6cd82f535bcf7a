package admin_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// withDemoReferenceData loads the demo council's funds, methods of payment and fund groups.
func (s *site) withDemoReferenceData() {
	s.t.Helper()
	doc, err := demo.ReferenceData()
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := refdata.New(s.db).LoadReferenceData(context.Background(), ims.System(), doc); err != nil {
		s.t.Fatal(err)
	}
}

// userID reads the id of the user page a creation redirected to.
func userID(t *testing.T, r response) string {
	t.Helper()
	m := regexp.MustCompile(`^/admin/users/(\d+)$`).FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("status %d to %q; want 303 to a user's page\n%s", r.status, r.location, r.body)
	}
	return m[1]
}

func TestUserAdministratorCreatesAndChangesUsers(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.withDemoReferenceData()
		admin := s.addUser("ua@council.example", ims.UserAdmin)
		s.addUser("clerk@council.example", ims.TransactionList)
		b := s.browser()
		b.signIn("ua@council.example", "/admin")

		b.get("/admin/users").want(t, http.StatusOK, "Sam ua", "Sam clerk", "Showing 1 to 2 of 2 users")
		b.get("/admin/users?role=TransactionList").want(t, http.StatusOK, "Showing 1 to 1 of 1 users", "Sam clerk")
		if r := b.get("/admin/users?q=nobody"); !strings.Contains(r.body, "No user matches the filter.") {
			t.Errorf("a filter matching nobody:\n%s", r.body)
		}
		form := b.get("/admin/users/new")
		form.want(t, http.StatusOK, "Create a user", `value="SuperUser"`, "Refund a payment in full.", "Housing (housing)",
			"Email them a link to choose their password")

		// Every problem is named, on its field and in the summary, and what was typed is kept.
		bad := b.post("/admin/users/new", url.Values{"name": {""}, "email": {"not an email"}, "start": {"password"},
			"password": {"password"}, "roles": {"Refund"}})
		bad.want(t, http.StatusUnprocessableEntity, "There is a problem", `href="#f-name"`, "Enter the user&#39;s name",
			`href="#f-email"`, `value="not an email"`, `value="Refund" checked`)
		if regexp.MustCompile(`id="f-password"[^>]*value="password"`).MatchString(bad.body) {
			t.Errorf("the refused password is sent back in the page")
		}
		weak := b.post("/admin/users/new", url.Values{"name": {"Pat Payments"}, "email": {"pat@council.example"}, "start": {"password"},
			"password": {"password"}})
		weak.want(t, http.StatusUnprocessableEntity, `href="#f-password"`)

		id := userID(t, b.post("/admin/users/new", url.Values{"name": {"Pat Payments"}, "email": {"Pat@Council.example"},
			"start": {"password"}, "password": {"a long enough passphrase"}, "roles": {"TransactionList", "Refund"},
			"fund_groups": {"housing"}, "mops": {"1"}}))
		b.get("/admin/users/"+id).want(t, http.StatusOK, "User Pat Payments created", "pat@council.example",
			"TransactionList, Refund", "housing", "Never", "Disable account")
		if r := b.post("/admin/users/new", url.Values{"name": {"Again"}, "email": {"pat@council.example"}, "start": {"invite"}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, "already exists") {
			t.Errorf("a taken email: %d\n%s", r.status, r.body)
		}

		// The new user signs in and sees only what their roles open.
		pat := s.browser()
		r := pat.post("/admin/sign-in", url.Values{"email": {"pat@council.example"}, "password": {"a long enough passphrase"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("the new user's sign-in: %d\n%s", r.status, r.body)
		}
		home := pat.get("/admin")
		home.want(t, http.StatusOK, "Signed in as Pat Payments")
		if strings.Contains(home.body, `href="/admin/users"`) {
			t.Errorf("a user without UserAdmin is shown user administration")
		}
		pat.get("/admin/users").want(t, http.StatusForbidden)
		pat.get("/admin/api-clients").want(t, http.StatusForbidden)

		// Changes are saved and shown; a user administrator cannot change their own roles.
		edit := b.get("/admin/users/" + id + "/edit")
		edit.want(t, http.StatusOK, `value="Pat Payments"`, `value="Refund" checked`, `value="housing" checked`)
		b.post("/admin/users/"+id+"/edit", url.Values{"name": {"Pat P. Payments"}, "email": {"pat@council.example"},
			"roles": {"Reporting"}}).want(t, http.StatusSeeOther)
		b.get("/admin/users/"+id).want(t, http.StatusOK, "Changes to Pat P. Payments saved", "Reporting")
		own := b.post("/admin/users/"+itoa(admin.ID)+"/edit", url.Values{"name": {"Sam ua"}, "email": {"ua@council.example"},
			"roles": {"UserAdmin", "SuperUser"}})
		own.want(t, http.StatusForbidden, "You cannot change your own roles")
		b.get("/admin/users/"+itoa(admin.ID)).want(t, http.StatusOK, "This is your own account")
		b.get("/admin/users/"+itoa(admin.ID)+"/edit").want(t, http.StatusOK, "another user administrator changes your roles")
		if r := b.get("/admin/users/" + id + "/edit"); strings.Contains(r.body, "This is your own account") {
			t.Errorf("another user's form says it is one's own account")
		}
		b.post("/admin/users/"+itoa(admin.ID)+"/disable", nil).want(t, http.StatusForbidden, "your own account")

		// Disabled, the user cannot sign in; enabled, they can.
		b.post("/admin/users/"+id+"/disable", nil).want(t, http.StatusSeeOther)
		b.get("/admin/users/"+id).want(t, http.StatusOK, "Account disabled", "Enable account")
		if r := s.browser().post("/admin/sign-in", url.Values{"email": {"pat@council.example"}, "password": {"a long enough passphrase"}}); r.status == http.StatusSeeOther {
			t.Errorf("a disabled user signed in")
		}
		b.post("/admin/users/"+id+"/enable", nil).want(t, http.StatusSeeOther)

		// A password set by the administrator, and one reset by email.
		b.post("/admin/users/"+id+"/password", url.Values{"password": {"12345678"}}).want(t, http.StatusUnprocessableEntity, `href="#f-password"`)
		b.post("/admin/users/"+id+"/password", url.Values{"password": {"another good passphrase"}}).want(t, http.StatusSeeOther)
		b.post("/admin/users/"+id+"/reset-password", nil).want(t, http.StatusSeeOther)
		b.get("/admin/users/"+id).want(t, http.StatusOK, "Password reset", "Password reset link sent")

		b.get("/admin/users/999").want(t, http.StatusNotFound)
		b.get("/admin/users/abc").want(t, http.StatusNotFound)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInvitationLinkSetsThePasswordOnce(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.addUser("ua@council.example", ims.UserAdmin)
		b := s.browser()
		b.signIn("ua@council.example", "/admin")
		id := userID(t, b.post("/admin/users/new", url.Values{"name": {"Nia New"}, "email": {"nia@council.example"},
			"start": {"invite"}, "roles": {"Auditor"}}))
		b.get("/admin/users/"+id).want(t, http.StatusOK, "An email with a link to choose their password is on its way to nia@council.example",
			"Invitation sent", "Send the link again")

		// The link is in no page; the service gives it to this test as the email would.
		svc := &users.Service{DB: db, BaseURL: "https://ims.example", Params: cheap}
		link, err := svc.ResendInvitation(context.Background(), ims.Principal{UserID: 1, Roles: []ims.Role{ims.UserAdmin}}, mustInt(t, id))
		if err != nil {
			t.Fatal(err)
		}
		path := strings.TrimPrefix(link, "https://ims.example")
		nia := s.browser()
		page := nia.get(path)
		page.want(t, http.StatusOK, "Choose your password", "nia@council.example", `autocomplete="new-password"`)
		nia.post(path, url.Values{"password": {"a long enough passphrase"}, "confirm": {"a long enough passfrase"}}).
			want(t, http.StatusUnprocessableEntity, `href="#f-confirm"`, "The two passwords are not the same")
		nia.post(path, url.Values{"password": {"nia nia nia nia"}, "confirm": {"nia nia nia nia"}}).
			want(t, http.StatusUnprocessableEntity, `href="#f-password"`)
		nia.post(path, url.Values{"password": {"a long enough passphrase"}, "confirm": {"a long enough passphrase"}}).
			want(t, http.StatusOK, "Password set", "Sign in with nia@council.example")
		nia.get(path).want(t, http.StatusNotFound, "This link does not work", "expired or has already been used")
		nia.post(path, url.Values{"password": {"x"}, "confirm": {"x"}}).want(t, http.StatusNotFound, "This link does not work")
		nia.get("/admin/invitation?token=made-up").want(t, http.StatusNotFound, "This link does not work")
		r := nia.post("/admin/sign-in", url.Values{"email": {"nia@council.example"}, "password": {"a long enough passphrase"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("signing in with the chosen password: %d\n%s", r.status, r.body)
		}
	})
}

func TestUserAdministratorManagesAPIClients(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		s.withDemoReferenceData()
		s.addUser("ua@council.example", ims.UserAdmin)
		b := s.browser()
		b.signIn("ua@council.example", "/admin")
		b.get("/admin/api-clients").want(t, http.StatusOK, "There are no API clients yet.")
		b.get("/admin/api-clients/new").want(t, http.StatusOK, "Read funds, methods of payment and VAT codes.", "Libraries (library)")
		b.post("/admin/api-clients/new", url.Values{"name": {"Rents"}, "ip_allow": {"10.0.0.0/33"}}).
			want(t, http.StatusUnprocessableEntity, `href="#f-scopes"`, `href="#f-ip_allow"`, "10.0.0.0/33")
		created := b.post("/admin/api-clients/new", url.Values{"name": {"Rents"}, "scopes": {"reference-data"}, "fund_groups": {"housing"}})
		created.want(t, http.StatusOK, "API client created", "shown only this once")
		token := regexp.MustCompile(`ims_[a-z2-7]{40}`).FindString(created.body)
		if token == "" {
			t.Fatalf("no token on the page:\n%s", created.body)
		}
		list := b.get("/admin/api-clients")
		list.want(t, http.StatusOK, "Rents", token[:12], "housing", "Any address")
		if strings.Contains(list.body, token) {
			t.Errorf("the list shows the whole token")
		}
		funds := func() (int, string) {
			req, _ := http.NewRequest("GET", s.url+"/api/v1/funds", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(body)
		}
		if status, body := funds(); status != 200 || !strings.Contains(body, `"code":"5"`) || strings.Contains(body, `"code":"23"`) {
			t.Errorf("the housing client's funds: %d %s", status, body)
		}
		id := regexp.MustCompile(`href="/admin/api-clients/(\d+)"`).FindStringSubmatch(list.body)[1]
		b.get("/admin/api-clients/"+id).want(t, http.StatusOK, `value="reference-data" checked`, `value="housing" checked`)
		b.post("/admin/api-clients/"+id, url.Values{"scopes": {"reference-data"}, "fund_groups": {"revenues"}}).want(t, http.StatusSeeOther)
		if _, body := funds(); !strings.Contains(body, `"code":"23"`) || strings.Contains(body, `"code":"5"`) {
			t.Errorf("after the change: %s", body)
		}
		b.get("/admin/api-clients/"+id+"/revoke").want(t, http.StatusOK, "Revoke API client Rents?", "Yes, revoke it")
		b.post("/admin/api-clients/"+id+"/revoke", nil).want(t, http.StatusSeeOther)
		b.get("/admin/api-clients").want(t, http.StatusOK, "API client Rents revoked", "Revoked")
		if status, _ := funds(); status != http.StatusUnauthorized {
			t.Errorf("a revoked token: %d", status)
		}
		b.get("/admin/api-clients/"+id).want(t, http.StatusOK, "cannot be changed")
		b.get("/admin/api-clients/404").want(t, http.StatusNotFound)
	})
}
