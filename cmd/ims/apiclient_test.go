package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// ims apiclient create --fund-group gives the client fund groups, which limit the funds its token
// sees; an unknown group is refused, naming it, and creates nothing.
func TestAPIClientCreateWithFundGroups(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, sqldb.SQLite)}
	if code, out, _ := run(t, env, "", "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d %q", code, out)
	}
	cfg := filepath.Join(t.TempDir(), "council.yaml")
	os.WriteFile(cfg, []byte(parkingConfig+"  - {code: \"24\", name: Business rates, vat_code: M0}\n"+
		"fund_groups:\n  - {code: parking, name: Parking, funds: [\"11\"]}\n"), 0o600)
	if code, out, stderr := run(t, env, "", "config", "load", cfg); code != 0 {
		t.Fatalf("config load: exit %d %q %q", code, out, stderr)
	}
	code, out, stderr := run(t, env, "", "apiclient", "create", "--name", "pcn", "--scope", "reference-data", "--fund-group", "parking")
	if code != 0 {
		t.Fatalf("apiclient create: exit %d %q %q", code, out, stderr)
	}
	db, err := sqldb.Open(context.Background(), env["IMS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, _, err := users.New(db).AuthenticateToken(context.Background(), strings.TrimSpace(out))
	if err != nil || p.AllFunds || !p.SeesFund("11") || p.SeesFund("24") {
		t.Errorf("the client's principal: %+v %v", p, err)
	}
	if code, _, stderr := run(t, env, "", "apiclient", "create", "--name", "x", "--scope", "reference-data", "--fund-group", "nope"); code != 2 || !strings.Contains(stderr, "nope") {
		t.Errorf("unknown fund group: exit %d %q", code, stderr)
	}
	if _, out, _ := run(t, env, "", "apiclient", "create", "--help"); !strings.Contains(out, "-fund-group") {
		t.Errorf("apiclient create --help does not describe -fund-group:\n%s", out)
	}
}
