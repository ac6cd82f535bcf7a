package admin_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// staffClient signs a new user with roles in to the back office at base and returns a client
// holding their session.
func staffClient(t *testing.T, db *sqldb.DB, base, email string, roles ...ims.Role) *http.Client {
	t.Helper()
	const password = "correct horse battery staple"
	if _, err := users.New(db).CreateUser(context.Background(), ims.System(),
		ims.User{Email: email, Name: "Ada " + string(roles[0]), Roles: roles}, password, auth.DefaultParams()); err != nil {
		t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(base+"/admin/sign-in", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/admin" {
		t.Fatalf("sign-in of %s ended at %s with %d", email, res.Request.URL, res.StatusCode)
	}
	return c
}

// get fetches path and returns the status and the page.
func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

func wantIn(t *testing.T, what, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s: no %q in the page", what, w)
		}
	}
}

func TestAuditPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		_, srv := apptest.Serve(t, db)
		c := staffClient(t, db, srv.URL, "ada@example.gov.uk", ims.Auditor)

		status, page := get(t, c, srv.URL+"/admin/audit")
		if status != http.StatusOK {
			t.Fatalf("audit trail: %d", status)
		}
		// the auditor's own account creation and sign-in, newest first, with who did them
		wantIn(t, "audit trail", page, "Ada Auditor (user:1)", "login", "user 1", "<strong>email</strong>: (none) → ada@example.gov.uk", ", event 1</span>")
		if strings.Index(page, ">login<") > strings.Index(page, ">create<") {
			t.Error("audit trail: the sign-in is not listed before the account's creation")
		}

		status, page = get(t, c, srv.URL+"/admin/audit?who=ada&action=login&from=1/1/2026")
		wantIn(t, "search by who and action", page, ">login<")
		if status != http.StatusOK || strings.Contains(page, ">create<") {
			t.Errorf("search by who and action: %d, or an event of another action shown", status)
		}

		status, page = get(t, c, srv.URL+"/admin/audit?who=nobody-at-all")
		if status != http.StatusOK {
			t.Errorf("an empty search: %d", status)
		}
		wantIn(t, "empty search", page, "No events found")

		status, page = get(t, c, srv.URL+"/admin/audit?from=31/4/2026&to=1/1/2026")
		if status != http.StatusUnprocessableEntity {
			t.Errorf("an impossible date: %d, want 422", status)
		}
		wantIn(t, "impossible date", page, "<title>Error: Audit trail", "There is a problem",
			`href="#from"`, "The ‘from’ date must be a real date", `value="31/4/2026"`)

		status, page = get(t, c, srv.URL+"/admin/audit/events/1")
		if status != http.StatusOK {
			t.Fatalf("event 1: %d", status)
		}
		wantIn(t, "event 1", page, "Audit event 1", "Before and after", "ada@example.gov.uk", "Changed")
		for _, bad := range []string{"/admin/audit/events/999", "/admin/audit/events/abc"} {
			if status, _ := get(t, c, srv.URL+bad); status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", bad, status)
			}
		}

		status, page = get(t, c, srv.URL+"/admin/audit/verify")
		if status != http.StatusOK {
			t.Fatalf("verification page: %d", status)
		}
		wantIn(t, "verification page before any run", page, "has not been run")
		res, err := c.PostForm(srv.URL+"/admin/audit/verify", nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/admin/audit/verify" {
			t.Fatalf("verify: ended at %s with %d", res.Request.URL, res.StatusCode)
		}
		wantIn(t, "after verifying", string(body), "Verified: the ledger and the audit trail are intact",
			"Run by", "Ada Auditor (user:1)", "Intact: 0 postings checked")
		_, page = get(t, c, srv.URL+"/admin/audit?action=ledger_verify")
		wantIn(t, "the run in the audit trail", page, ">ledger_verify<")

		status, page = get(t, c, srv.URL+"/admin/audit/outbox")
		if status != http.StatusOK {
			t.Fatalf("outbox: %d", status)
		}
		wantIn(t, "empty outbox", page, "The outbox is empty")
		if err := db.QueueEmail(context.Background(), sqldb.Email{To: "payer@example.com", Purpose: "receipt", Ref: "pay-1", Payload: "{}"}); err != nil {
			t.Fatal(err)
		}
		_, page = get(t, c, srv.URL+"/admin/audit/outbox")
		wantIn(t, "outbox", page, "payer@example.com", "receipt", "pay-1")
		if status, _ := get(t, c, srv.URL+"/admin/audit/outbox?before=x"); status != http.StatusUnprocessableEntity {
			t.Errorf("outbox page before x: %d, want 422", status)
		}
	})
}

// Staff without the Auditor role cannot open the Auditor's pages or run the verification.
func TestAuditPagesNeedTheAuditorRole(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		_, srv := apptest.Serve(t, db)
		c := staffClient(t, db, srv.URL, "sam@example.gov.uk", ims.SuperUser, ims.SystemAdmin)
		for _, path := range []string{"/admin/audit", "/admin/audit/events/1", "/admin/audit/verify", "/admin/audit/outbox"} {
			if status, _ := get(t, c, srv.URL+path); status != http.StatusForbidden {
				t.Errorf("%s by a SuperUser SystemAdmin: %d, want 403", path, status)
			}
		}
		res, err := c.PostForm(srv.URL+"/admin/audit/verify", nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("verify by a SuperUser SystemAdmin: %d, want 403", res.StatusCode)
		}
	})
}
