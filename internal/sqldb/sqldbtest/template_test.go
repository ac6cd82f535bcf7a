package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"sync"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
)

// Several test binaries make the template at once (go test runs packages in parallel): one makes
// it, the others wait and use it, and it is left a template that takes no connections. The test
// makes a template of its own name, so as not to disturb the one other tests are copying.
func TestTemplateIsMadeOnceWhenManyAskAtOnce(t *testing.T) {
	t.Parallel()
	base := postgresBase(t)
	var b [4]byte
	rand.Read(b[:])
	name := "ims_template_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	t.Cleanup(func() {
		admin.Exec("ALTER DATABASE " + name + " WITH IS_TEMPLATE false")
		admin.Exec("DROP DATABASE IF EXISTS " + name)
	})

	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- makePostgresTemplate(base, name) }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("making the template: %v", err)
		}
	}
	var isTemplate, allowConn bool
	if err := admin.QueryRow(`SELECT datistemplate, datallowconn FROM pg_database WHERE datname = $1`, name).Scan(&isTemplate, &allowConn); err != nil {
		t.Fatal(err)
	}
	if !isTemplate || allowConn {
		t.Errorf("template: datistemplate %v, datallowconn %v; want a template that takes no connections", isTemplate, allowConn)
	}
	var building int
	admin.QueryRow(`SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name+"_building").Scan(&building)
	if building != 0 {
		t.Errorf("the database the template was built in is still there")
	}

	// A copy holds every migration.
	dbURL := createPostgres(t, base, "TEMPLATE "+name)
	db, err := sqldb.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if current, err := db.MigrationsCurrent(context.Background()); err != nil || !current {
		t.Errorf("a copy of the template: migrations current %v, %v", current, err)
	}
}

// A copy of the SQLite template holds every migration and is a database of its own.
func TestSQLiteCopiesHoldEveryMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var urls []string
	for range 2 {
		dbURL := MigratedURL(t, sqldb.SQLite)
		db, err := sqldb.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if current, err := db.MigrationsCurrent(ctx); err != nil || !current {
			t.Errorf("%s: migrations current %v, %v", dbURL, current, err)
		}
		urls = append(urls, dbURL)
	}
	if urls[0] == urls[1] {
		t.Errorf("two tests' databases are one file: %s", urls[0])
	}
}
