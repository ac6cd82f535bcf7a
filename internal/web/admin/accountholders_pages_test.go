package admin_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/accountholders"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// addUserWithGroups creates a staff account in fund groups with the password of the other tests.
func (s *site) addUserWithGroups(email string, groups []string, roles ...ims.Role) {
	s.t.Helper()
	_, err := users.New(s.db).CreateUser(context.Background(), ims.System(),
		ims.User{Email: email, Name: "Sam " + strings.Split(email, "@")[0], Roles: roles, FundGroups: groups}, password, cheap)
	if err != nil {
		s.t.Fatal(err)
	}
}

// upload posts a file as the import form does.
func (b *browser) upload(path, name, content string) response {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
	} else {
		fw, _ := mw.CreateFormField("file")
		fw.Write(nil)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.s.url+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// A Finance user of the housing fund group finds a holder by name, opens it, removes and sets its
// stop message, imports a file and follows it to done with the refused lines first; a clerk of the
// sundry group neither finds nor opens the housing holder, nor reaches the stop message form.
func TestAccountHolderPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUserWithGroups("housing@council.example", []string{"housing"}, ims.Finance)
		s.addUserWithGroups("clerk@council.example", []string{"sundry"}, ims.TransactionList)

		b := s.browser()
		b.signIn("housing@council.example", "/admin")
		b.get("/admin/account-holders").want(t, http.StatusOK, "Find an account holder", `<option value="5">5 `, "Import account holders")
		found := b.get("/admin/account-holders?name=SMITH")
		found.want(t, http.StatusOK, `href="/admin/account-holders/holder/5/51000567209"`, "£2,540.75", "Stopped")
		detail := "/admin/account-holders/holder/5/51000567209"
		b.get(detail).want(t, http.StatusOK, "Mr E Smith", "22 Church Street", "DM1 3GH", "Payments are stopped: Do not accept payment",
			`href="/admin/account-holders/stop-message/5/51000567209"`)

		form := "/admin/account-holders/stop-message/5/51000567209"
		b.get(form).want(t, http.StatusOK, "No stop message", `value="EA" checked`)
		b.post(form, url.Values{"stop_message": {"NOPE"}}).want(t, http.StatusUnprocessableEntity, "There is a problem", "Fund 5 has no message NOPE")
		r := b.post(form, url.Values{"stop_message": {""}})
		if r.status != http.StatusSeeOther || r.location != detail {
			t.Fatalf("removing the stop message: %d to %q", r.status, r.location)
		}
		after := b.get(detail)
		after.want(t, http.StatusOK, "Stop message removed")
		if strings.Contains(after.body, "Payments are stopped") {
			t.Errorf("the holder still shows as stopped:\n%s", after.body)
		}

		b.upload("/admin/account-holders/imports", "", "").want(t, http.StatusUnprocessableEntity, "Choose a CSV file to import")
		file := "reference,fund,name,address1,address2,address3,address4,postcode,balance,stop_message\n" +
			"51000123017,5,Ms A Patel,Flat 3,Acacia Court,Demoton,,DM1 2AB,1.00,\n" +
			"INV-1,19,Sundry Person,,,,,,,\n"
		r = b.upload("/admin/account-holders/imports", "holders.csv", file)
		m := regexp.MustCompile(`^/admin/account-holders/imports/(\d+)$`).FindStringSubmatch(r.location)
		if r.status != http.StatusSeeOther || m == nil {
			t.Fatalf("upload: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get(r.location).want(t, http.StatusOK, "holders.csv", "Waiting to start", ">Refresh</a>")
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if err := accountholders.New(db).RunImport(ctx, id); err != nil { // the background job's work
			t.Fatal(err)
		}
		done := b.get(r.location)
		done.want(t, http.StatusOK, "Done", "2 of 2 lines (100%)", "Fund 19 does not exist or is not one of your funds")
		if strings.Index(done.body, "Fund 19 does not exist") > strings.Index(done.body, ">updated<") || strings.Contains(done.body, ">Refresh</a>") {
			t.Errorf("a finished import lists refused lines after the others, or still offers Refresh:\n%s", done.body)
		}
		b.get("/admin/account-holders/imports").want(t, http.StatusOK, "holders.csv", "1 updated", "1 refused")

		clerk := s.browser()
		clerk.signIn("clerk@council.example", "/admin")
		clerk.get("/admin/account-holders?name=smith").want(t, http.StatusOK, "No account holder matches")
		clerk.get(detail).want(t, http.StatusNotFound)
		clerk.get(form).want(t, http.StatusForbidden)
		clerk.get("/admin/account-holders/imports").want(t, http.StatusForbidden)
	})
}
