package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The demo user administrator creates a user with a password and one by invitation, gives an API
// client a fund group and revokes it; the invited user chooses a password through the emailed link
// (read from the job that would send it: the demo has no mail server; River keeps a job's arguments in SQLite as JSONB, hence json()), and the first user signs in
// and sees only what their role opens. Every page passes axe-core, the forms with errors included.
func (s *suite) testAdminUsers(t *testing.T) {
	p := s.page(t)
	s.signIn(t, p, "useradmin@demo.example")
	p.clickText("Users", http.StatusOK)
	p.wantHeading("Users")
	p.checkAccessible("users list")
	p.fill("q", "demo reporting")
	p.clickText("Apply filter", http.StatusOK)
	if rows := p.tableRows("Showing 1 to 1 of 1 users"); len(rows) != 1 || rows[0][1] != "reporting@demo.example" {
		t.Errorf("users named like demo reporting: %q", rows)
	}

	p.clickText("Create a user", http.StatusOK)
	p.wantHeading("Create a user")
	p.checkAccessible("new user form")
	p.check("#f-start-1") // set a password now
	p.clickText("Create user", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter the user's name", "Enter an email address")
	p.checkAccessible("new user form with errors")
	p.fill("f-name", "Erin Example")
	p.fill("f-email", "erin@demo.example")
	p.check("#f-start-1")
	p.fill("f-password", "quiet harbour lantern")
	p.check(`input[name=roles][value=TransactionList]`)
	p.check(`input[name=fund_groups][value=housing]`)
	p.clickText("Create user", http.StatusOK)
	p.wantHeading("Erin Example")
	p.wantText(".govuk-notification-banner--success", "User Erin Example created")
	p.checkAccessible("user page")

	p.open(s.srv.URL+"/admin/users/new", http.StatusOK)
	p.fill("f-name", "Ivy Invited")
	p.fill("f-email", "ivy@demo.example")
	p.check(`input[name=roles][value=Reporting]`)
	p.clickText("Create user", http.StatusOK)
	p.wantHeading("Ivy Invited")
	p.wantText("main", "Invitation sent")

	p.open(s.srv.URL+"/admin/api-clients", http.StatusOK)
	p.checkAccessible("API clients list")
	p.clickText("Create an API client", http.StatusOK)
	p.fill("f-name", "Housing rents")
	p.clickText("Create API client", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Give the client at least one scope")
	p.checkAccessible("new API client form with errors")
	p.check(`input[name=scopes][value=reference-data]`)
	p.check(`input[name=fund_groups][value=housing]`)
	p.clickText("Create API client", http.StatusOK)
	p.wantHeading("API client created")
	p.checkAccessible("API client token page")
	token := p.text("#api-token")
	if status, funds := s.fundCodes(t, token); status != http.StatusOK || strings.Join(funds, ",") != "5" {
		t.Errorf("the housing client's funds: %d %q", status, funds)
	}
	p.clickText("Back to API clients", http.StatusOK)
	p.clickText("Housing rents", http.StatusOK)
	p.checkAccessible("API client page")
	p.clickText("Revoke API client", http.StatusOK)
	p.checkAccessible("revoke confirmation")
	p.clickText("Yes, revoke it", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "API client Housing rents revoked")
	if status, _ := s.fundCodes(t, token); status != http.StatusUnauthorized {
		t.Errorf("the revoked token answered %d", status)
	}
	p.clickText("Sign out", http.StatusOK)

	// The invited user follows the link in their email.
	var args string
	if err := s.db.SQL.QueryRow(`SELECT json(args) FROM river_job WHERE kind = 'send_invitation' ORDER BY id DESC LIMIT 1`).Scan(&args); err != nil {
		t.Fatalf("reading the invitation's job: %v", err)
	}
	var job struct{ Link string }
	if err := json.Unmarshal([]byte(args), &job); err != nil || !strings.Contains(job.Link, "/admin/invitation?token=") {
		t.Fatalf("invitation job args %s (%v)", args, err)
	}
	link := s.srv.URL + job.Link[strings.Index(job.Link, "/admin/invitation?token="):]
	p.open(link, http.StatusOK)
	p.wantHeading("Choose your password")
	p.checkAccessible("invitation page")
	p.fill("f-password", "silver meadow compass")
	p.fill("f-confirm", "silver meadow compas")
	p.clickText("Set password", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "The two passwords are not the same")
	p.checkAccessible("invitation page with errors")
	p.fill("f-password", "silver meadow compass")
	p.fill("f-confirm", "silver meadow compass")
	p.clickText("Set password", http.StatusOK)
	p.wantHeading("Password set")
	p.checkAccessible("password set page")
	p.open(link, http.StatusNotFound)
	p.wantHeading("This link does not work")
	p.checkAccessible("used invitation link")

	// Erin signs in and sees only what TransactionList opens.
	p.open(s.srv.URL+"/admin/sign-in", http.StatusOK)
	p.fill("email", "erin@demo.example")
	p.fill("password", "quiet harbour lantern")
	p.clickText("Sign in", http.StatusOK)
	p.wantHeading("Signed in as Erin Example")
	if links := p.texts(`a[href="/admin/users"]`); len(links) != 0 {
		t.Errorf("Erin's pages link to user administration: %q", links)
	}
	p.open(s.srv.URL+"/admin/users", http.StatusForbidden)
	p.checkAccessible("users list refused")
}

// fundCodes reads GET /api/v1/funds with token and returns the status and the funds' codes.
func (s *suite) fundCodes(t *testing.T, token string) (int, []string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/api/v1/funds", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct{ Items []struct{ Code string } }
	json.NewDecoder(res.Body).Decode(&list)
	var codes []string
	for _, f := range list.Items {
		codes = append(codes, f.Code)
	}
	return res.StatusCode, codes
}
