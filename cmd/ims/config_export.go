package main

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/sqldb"
)

// exportHeader opens every export. The secrets are sealed in the database and never read back, so an
// exported file can sit in version control; loading it keeps the secrets already stored.
const exportHeader = `# IMS reference data, written by ims config export, read by ims config load.
# Payment provider accounts are exported without their API key and webhook secret, which are
# write-only. Loading this file keeps the secrets already stored; add them by hand for a new database.
`

const exportUsage = "usage: ims config export [-o FILE]"

// configExport writes the stored reference data as a configuration document. It opens the database
// the way ledger verify does, so a wrong IMS_DATABASE_URL is reported rather than creating an empty
// database to export.
func (m *Main) configExport(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("config export", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	out := fs.String("o", "", "write to `FILE` instead of standard output")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 0 {
		return m.usageError(exportUsage, "config export: unexpected argument "+fs.Arg(0))
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("config export: %v", err)
	}
	defer db.Close()
	doc, err := readStoredReferenceData(ctx, db)
	if err != nil {
		return m.errorf("config export: %v", err)
	}
	b, err := encodeReferenceData(doc)
	if err != nil {
		return m.errorf("config export: %v", err)
	}
	if *out == "" {
		if _, err := m.Stdout.Write(b); err != nil {
			return m.errorf("config export: %v", err)
		}
		return exitOK
	}
	// Reference data holds no secrets once they are left out, so the file is readable like any
	// other configuration file kept in version control.
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return m.errorf("config export: %v", err)
	}
	return exitOK
}

// encodeReferenceData renders doc in the YAML that config load reads, after the header comment.
func encodeReferenceData(doc ims.ReferenceData) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(exportHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readStoredReferenceData reads every section config load writes. Each section is sorted here by its
// key rather than trusting ORDER BY, whose collation differs between the engines, so the same data
// exports to the same bytes from SQLite and PostgreSQL.
func readStoredReferenceData(ctx context.Context, db *sqldb.DB) (doc ims.ReferenceData, err error) {
	org, err := db.Organisation(ctx)
	if err != nil {
		return doc, err
	}
	if org.Name != "" { // an empty record means the council's details were never set
		doc.Organisation = &org
	}
	if doc.VATCodes, err = listSorted(ctx, db.VATCodes(), func(v ims.VATCode) string { return v.Code }); err != nil {
		return doc, err
	}
	schemes, err := listSorted(ctx, db.CheckDigitSchemes(), func(s sqldb.Scheme) string { return s.Name })
	if err != nil {
		return doc, err
	}
	for _, s := range schemes {
		doc.CheckDigitSchemes = append(doc.CheckDigitSchemes, checkdigit.Scheme(s.Scheme))
	}
	if doc.Validators, err = listSorted(ctx, db.ReferenceValidators(), func(v ims.ReferenceValidator) string { return v.Code }); err != nil {
		return doc, err
	}
	if doc.Funds, err = listSorted(ctx, db.Funds(), func(f ims.Fund) string { return f.Code }); err != nil {
		return doc, err
	}
	accounts, err := listSorted(ctx, db.ProviderAccounts(), func(a sqldb.ProviderAccount) string { return a.Name })
	if err != nil {
		return doc, err
	}
	for _, a := range accounts {
		a.APIKey, a.WebhookSecret = "", "" // never read back today; cleared so a change there cannot leak them
		doc.ProviderAccounts = append(doc.ProviderAccounts, a.ProviderAccount)
	}
	if doc.MOPs, err = listSorted(ctx, db.MOPs(), func(m ims.MOP) string { return m.Code }); err != nil {
		return doc, err
	}
	if doc.Offices, err = listSorted(ctx, db.Offices(), func(o ims.Office) string { return o.Code }); err != nil {
		return doc, err
	}
	if doc.FundGroups, err = listSorted(ctx, db.FundGroups(), func(g ims.FundGroup) string { return g.Code }); err != nil {
		return doc, err
	}
	for i := range doc.FundGroups {
		slices.Sort(doc.FundGroups[i].Funds)
	}
	if doc.FundMessages, err = listSorted(ctx, db.FundMessages(), func(m ims.FundMessage) string { return compositeKey(m.Fund, m.Code) }); err != nil {
		return doc, err
	}
	if doc.AccountHolders, err = listSorted(ctx, db.AccountHolders(), func(h ims.AccountHolder) string { return compositeKey(h.Fund, h.Reference) }); err != nil {
		return doc, err
	}
	if doc.MetadataKeys, err = listSorted(ctx, db.MetadataKeys(), func(k ims.MetadataKey) string { return compositeKey(string(k.Entity), k.Key) }); err != nil {
		return doc, err
	}
	if doc.SystemMessages, err = db.SystemMessages().List(ctx); err != nil {
		return doc, err
	}
	slices.SortFunc(doc.SystemMessages, func(a, b ims.SystemMessage) int { return cmp.Compare(a.ID, b.ID) })
	if doc.ImportTypes, err = listSorted(ctx, db.ImportTypes(), func(t ims.ImportType) string { return t.Code }); err != nil {
		return doc, err
	}
	// Rules are exported in the order they run, which ImportRulesInOrder compares byte by byte.
	if doc.ImportRules, err = db.ImportRulesInOrder(ctx); err != nil {
		return doc, err
	}
	if doc.CashReturnTemplates, err = listSorted(ctx, db.CashReturnTemplates(), func(t ims.CashReturnTemplate) string { return t.Code }); err != nil {
		return doc, err
	}
	if doc.ExportTargets, err = listSorted(ctx, db.ExportTargets(), func(t ims.ExportTarget) string { return t.Code }); err != nil {
		return doc, err
	}
	return doc, nil
}

// compositeKey joins a two-part key with a byte no code contains, so ("1", "10") sorts before
// ("10", "1") as it would column by column.
func compositeKey(parts ...string) string { return strings.Join(parts, "\x00") }

func listSorted[T any](ctx context.Context, store interface {
	List(context.Context) ([]T, error)
}, key func(T) string) ([]T, error) {
	items, err := store.List(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(items, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return items, nil
}
