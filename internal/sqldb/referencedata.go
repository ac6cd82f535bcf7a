package sqldb

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
)

// LoadReferenceData applies a configuration document in one transaction, creating or replacing
// each record it lists (records it does not list are left alone). Any invalid record refuses the
// whole document, with the section and position in the field names: funds[3].vat_code. Each change
// is audited as p's. It checks no role: the reference data service (internal/refdata) decides who may.
func (db *DB) LoadReferenceData(ctx context.Context, p ims.Principal, doc ims.ReferenceData) (n int, err error) {
	defer ims.Wrap(&err, "LoadReferenceData")
	err = db.InTx(ctx, func(tx *Tx) error {
		n = 0
		if doc.Organisation != nil {
			if err := db.setOrganisation(ctx, tx, p, *doc.Organisation); err != nil {
				return inSection("organisation", 0, err)
			}
			n++
		}
		steps := []func() (int, error){
			func() (int, error) { return putAll(ctx, tx, p, db.VATCodes(), "vat_codes", doc.VATCodes, same) },
			func() (int, error) {
				return putAll(ctx, tx, p, db.CheckDigitSchemes(), "check_digit_schemes", doc.CheckDigitSchemes, wrapScheme)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.ReferenceValidators(), "validators", doc.Validators, same)
			},
			func() (int, error) { return putAll(ctx, tx, p, db.Funds(), "funds", doc.Funds, same) },
			func() (int, error) {
				return putAll(ctx, tx, p, db.ProviderAccounts(), "provider_accounts", doc.ProviderAccounts, wrapProvider)
			},
			func() (int, error) { return putAll(ctx, tx, p, db.MOPs(), "mops", doc.MOPs, same) },
			func() (int, error) { return putAll(ctx, tx, p, db.Offices(), "offices", doc.Offices, same) },
			func() (int, error) { return putAll(ctx, tx, p, db.FundGroups(), "fund_groups", doc.FundGroups, same) },
			func() (int, error) {
				return putAll(ctx, tx, p, db.FundMessages(), "fund_messages", doc.FundMessages, same)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.AccountHolders(), "account_holders", doc.AccountHolders, same)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.MetadataKeys(), "metadata_keys", doc.MetadataKeys, same)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.SystemMessages(), "system_messages", doc.SystemMessages, same)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.ImportTypes(), "import_types", doc.ImportTypes, same)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.ImportRules(), "import_rules", doc.ImportRules, same)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.CashReturnTemplates(), "cash_return_templates", doc.CashReturnTemplates, same)
			},
			func() (int, error) {
				return putAll(ctx, tx, p, db.ExportTargets(), "export_targets", doc.ExportTargets, same)
			},
		}
		for _, step := range steps {
			k, err := step()
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	return n, err
}

func same[T any](v T) T                                  { return v }
func wrapScheme(s checkdigit.Scheme) Scheme              { return Scheme{s} }
func wrapProvider(a ims.ProviderAccount) ProviderAccount { return ProviderAccount{a} }

func putAll[In any, T validator](ctx context.Context, tx *Tx, p ims.Principal, s Store[T], section string, items []In, conv func(In) T) (int, error) {
	for i, item := range items {
		if err := s.put(ctx, tx, p, conv(item)); err != nil {
			return 0, inSection(section, i, err)
		}
	}
	return len(items), nil
}

// inSection prefixes an error's field names with the document section and item position, so the
// person editing the file can find the record.
func inSection(section string, i int, err error) error {
	e, ok := err.(*ims.Error)
	if !ok {
		return err
	}
	where := fmt.Sprintf("%s[%d]", section, i)
	fields := map[string]string{}
	for k, v := range e.Fields {
		fields[where+"."+k] = v
	}
	if len(fields) == 0 {
		fields[where] = e.Message
	}
	return &ims.Error{Code: e.Code, Op: e.Op, Message: where + ": " + e.Message, Fields: fields, Err: e.Err}
}
