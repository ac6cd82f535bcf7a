package main

import (
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// withSecret adds a provider account whose secrets must not appear in the export.
const withSecret = `
provider_accounts:
  - {name: govukpay-parking, provider: govukpay, api_key: sk_test_must_not_leak, webhook_secret: whsec_must_not_leak}
`

func TestConfigExportRoundTrips(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			first := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, engine), "IMS_SECRET_KEY": strings.Repeat("k", 40)}
			second := map[string]string{"IMS_DATABASE_URL": sqldbtest.URL(t, engine), "IMS_SECRET_KEY": strings.Repeat("q", 40)}
			for _, env := range []map[string]string{first, second} {
				if code, out, stderr := run(t, env, "", "migrate"); code != exitOK {
					t.Fatalf("migrate: exit %d %q %q", code, out, stderr)
				}
			}
			councilFile := filepath.Join(dir, "council.yaml")
			secretFile := filepath.Join(dir, "secret.yaml")
			os.WriteFile(councilFile, demo.YAML(), 0o600)
			os.WriteFile(secretFile, []byte(withSecret), 0o600)
			for _, f := range []string{councilFile, secretFile} {
				if code, out, stderr := run(t, first, "", "config", "load", f); code != exitOK {
					t.Fatalf("config load %s: exit %d %q %q", f, code, out, stderr)
				}
			}

			code, exported, stderr := run(t, first, "", "config", "export")
			if code != exitOK || stderr != "" {
				t.Fatalf("config export: exit %d %q", code, stderr)
			}
			if !strings.HasPrefix(exported, "# ") || !strings.Contains(exported, "write-only") {
				t.Errorf("export does not open with the comment on secrets:\n%.300s", exported)
			}
			if strings.Contains(exported, "must_not_leak") || strings.Contains(exported, "api_key:") || strings.Contains(exported, "webhook_secret:") {
				t.Errorf("export carries provider account secrets:\n%s", exported)
			}

			exportFile := filepath.Join(dir, "export.yaml")
			if code, out, stderr := run(t, first, "", "config", "export", "-o", exportFile); code != exitOK || out != "" {
				t.Fatalf("config export -o: exit %d %q %q", code, out, stderr)
			}
			if b, _ := os.ReadFile(exportFile); string(b) != exported {
				t.Error("export -o wrote other bytes than export to standard output")
			}
			if code, out, stderr := run(t, second, "", "config", "load", exportFile); code != exitOK {
				t.Fatalf("config load of the export: exit %d %q %q", code, out, stderr)
			}
			code, again, stderr := run(t, second, "", "config", "export")
			if code != exitOK {
				t.Fatalf("second config export: exit %d %q", code, stderr)
			}
			if again != exported {
				t.Errorf("export of the loaded export differs:\n--- first\n%s\n--- second\n%s", exported, again)
			}

			original, err := demo.ReferenceData()
			if err != nil {
				t.Fatal(err)
			}
			original.ProviderAccounts = append(original.ProviderAccounts, ims.ProviderAccount{Name: "govukpay-parking", Provider: "govukpay"})
			var readBack ims.ReferenceData
			dec := yaml.NewDecoder(strings.NewReader(again))
			dec.KnownFields(true)
			if err := dec.Decode(&readBack); err != nil {
				t.Fatalf("export is not a configuration document: %v", err)
			}
			normalise(&original)
			normalise(&readBack)
			compareSections(t, original, readBack)
		})
	}
}

// normalise puts a document in the order the export uses and clears what the document does not
// carry back (secrets), so a document as written by hand compares with one read back.
func normalise(d *ims.ReferenceData) {
	slices.SortFunc(d.VATCodes, func(a, b ims.VATCode) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(d.CheckDigitSchemes, func(a, b checkdigit.Scheme) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(d.Validators, func(a, b ims.ReferenceValidator) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(d.Funds, func(a, b ims.Fund) int { return cmp.Compare(a.Code, b.Code) })
	for i := range d.ProviderAccounts {
		d.ProviderAccounts[i].APIKey, d.ProviderAccounts[i].WebhookSecret, d.ProviderAccounts[i].HasAPIKey = "", "", false
	}
	slices.SortFunc(d.ProviderAccounts, func(a, b ims.ProviderAccount) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(d.MOPs, func(a, b ims.MOP) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(d.Offices, func(a, b ims.Office) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(d.FundGroups, func(a, b ims.FundGroup) int { return cmp.Compare(a.Code, b.Code) })
	for i := range d.FundGroups {
		slices.Sort(d.FundGroups[i].Funds)
	}
	slices.SortFunc(d.FundMessages, func(a, b ims.FundMessage) int {
		return cmp.Or(cmp.Compare(a.Fund, b.Fund), cmp.Compare(a.Code, b.Code))
	})
	slices.SortFunc(d.AccountHolders, func(a, b ims.AccountHolder) int {
		return cmp.Or(cmp.Compare(a.Fund, b.Fund), cmp.Compare(a.Reference, b.Reference))
	})
	slices.SortFunc(d.MetadataKeys, func(a, b ims.MetadataKey) int {
		return cmp.Or(cmp.Compare(a.Entity, b.Entity), cmp.Compare(a.Key, b.Key))
	})
	slices.SortFunc(d.SystemMessages, func(a, b ims.SystemMessage) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.ImportTypes, func(a, b ims.ImportType) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(d.ImportRules, func(a, b ims.ImportRule) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Code, b.Code))
	})
	for i := range d.ImportRules {
		slices.Sort(d.ImportRules[i].ImportTypes)
	}
}

// compareSections compares section by section through YAML, so a failure names the section and
// shows the record that changed, and a nil list compares equal to an empty one.
func compareSections(t *testing.T, want, got ims.ReferenceData) {
	t.Helper()
	wv, gv := reflect.ValueOf(want), reflect.ValueOf(got)
	for i := range wv.NumField() {
		name := wv.Type().Field(i).Name
		w, _ := yaml.Marshal(wv.Field(i).Interface())
		g, _ := yaml.Marshal(gv.Field(i).Interface())
		if wv.Field(i).Kind() == reflect.Slice && wv.Field(i).Len() == 0 && name != "Organisation" {
			t.Logf("%s: the demo council has none, so the round trip does not cover it", name)
		}
		if !bytes.Equal(w, g) {
			t.Errorf("%s read back differs:\n--- loaded\n%s\n--- read back\n%s", name, w, g)
		}
	}
}

func TestConfigExportCreatesNoDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "missing.db")
	env := map[string]string{"IMS_DATABASE_URL": "sqlite:" + path}
	if code, out, stderr := run(t, env, "", "config", "export"); code != exitUsage || out != "" || stderr == "" {
		t.Errorf("export of a missing database: exit %d %q %q", code, out, stderr)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("config export created %s (stat: %v)", path, err)
	}
	if code, _, stderr := run(t, env, "", "config", "export", "extra"); code != exitUsage || !strings.Contains(stderr, "usage: ims config export") {
		t.Errorf("export with an argument: exit %d %q", code, stderr)
	}
}
