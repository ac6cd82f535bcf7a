package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
)

// Funds returns the store of funds.
func (db *DB) Funds() Store[ims.Fund] {
	return Store[ims.Fund]{db, entity[ims.Fund]{
		table: table{"funds", []string{"code"}, []string{"code", "name", "display_name", "vat_code", "vat_override",
			"max_amount", "validator", "account_must_exist", "address_required", "disabled", "portal", "portal_label",
			"portal_help", "reference_label", "cost_centre", "gl_code", "balance_sheet_code", "suspense",
			"cash_return_default", "credit_notes", "metadata", "name_cy", "portal_label_cy", "portal_help_cy",
			"reference_label_cy"}},
		kind:  "fund",
		key:   func(f ims.Fund) []any { return []any{f.Code} },
		inUse: `SELECT 1 FROM ledger_entries WHERE fund = $1 UNION ALL SELECT 1 FROM pending_payment_lines WHERE fund = $1 LIMIT 1`,
		row: func(_ *DB, f ims.Fund) ([]any, error) {
			return []any{f.Code, f.Name, f.DisplayName, f.VATCode, f.VATOverride, nullPence(f.MaxAmount),
				nullString(f.Validator), f.AccountMustExist, f.AddressRequired, f.Disabled, f.Portal, f.PortalLabel,
				f.PortalHelp, f.ReferenceLabel, f.CostCentre, f.GLCode, f.BalanceSheet, f.Suspense, f.CashReturnFund,
				f.CreditNotes, jsonText(f.Metadata), f.NameCy, f.PortalLabelCy, f.PortalHelpCy, f.ReferenceLabelCy}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (f ims.Fund, err error) {
			var max sql.NullInt64
			var validator sql.NullString
			var meta string
			err = scan(&f.Code, &f.Name, &f.DisplayName, &f.VATCode, &f.VATOverride, &max, &validator,
				&f.AccountMustExist, &f.AddressRequired, &f.Disabled, &f.Portal, &f.PortalLabel, &f.PortalHelp,
				&f.ReferenceLabel, &f.CostCentre, &f.GLCode, &f.BalanceSheet, &f.Suspense, &f.CashReturnFund,
				&f.CreditNotes, &meta, &f.NameCy, &f.PortalLabelCy, &f.PortalHelpCy, &f.ReferenceLabelCy)
			if err != nil {
				return f, err
			}
			f.MaxAmount, f.Validator = pencePtr(max), validator.String
			f.Metadata, err = metadataFrom(meta)
			return f, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, f ims.Fund) error {
			if err := mustExist(ctx, tx, "vat_code", "VAT code", "vat_codes", "code", f.VATCode); err != nil {
				return err
			}
			if f.Validator != "" {
				if err := mustExist(ctx, tx, "validator", "Reference validator", "reference_validators", "code", f.Validator); err != nil {
					return err
				}
			}
			if f.Suspense {
				if err := onlyOne(ctx, tx, "funds", "suspense", f.Code, "Fund %s is already the suspense fund"); err != nil {
					return err
				}
			}
			if f.CashReturnFund {
				return onlyOne(ctx, tx, "funds", "cash_return_default", f.Code, "Fund %s is already the cash return default fund")
			}
			return nil
		},
	}}
}

// MOPs returns the store of methods of payment.
func (db *DB) MOPs() Store[ims.MOP] {
	return Store[ims.MOP]{db, entity[ims.MOP]{
		table: table{"mops", []string{"code"}, []string{"code", "name", "kind", "min_amount", "max_amount", "disabled",
			"refundable", "incurs_fee", "fee_treatment", "fee_fund", "fee_reference", "provider_account", "reversal",
			"badge_colour", "badge_text_colour", "metadata"}},
		kind:  "method of payment",
		key:   func(m ims.MOP) []any { return []any{m.Code} },
		inUse: `SELECT 1 FROM ledger_entries WHERE mop = $1 UNION ALL SELECT 1 FROM pending_payments WHERE mop = $1 LIMIT 1`,
		row: func(_ *DB, m ims.MOP) ([]any, error) {
			return []any{m.Code, m.Name, string(m.Kind), nullPence(m.MinAmount), nullPence(m.MaxAmount), m.Disabled,
				m.Refundable, m.IncursFee, string(m.FeeTreatment), nullString(m.FeeFund), m.FeeReference,
				nullString(m.ProviderAccount), m.Reversal, m.BadgeColour, m.BadgeTextColour, jsonText(m.Metadata)}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (m ims.MOP, err error) {
			var min, max sql.NullInt64
			var feeFund, provider sql.NullString
			var meta string
			err = scan(&m.Code, &m.Name, &m.Kind, &min, &max, &m.Disabled, &m.Refundable, &m.IncursFee,
				&m.FeeTreatment, &feeFund, &m.FeeReference, &provider, &m.Reversal, &m.BadgeColour,
				&m.BadgeTextColour, &meta)
			if err != nil {
				return m, err
			}
			m.MinAmount, m.MaxAmount, m.FeeFund, m.ProviderAccount = pencePtr(min), pencePtr(max), feeFund.String, provider.String
			m.Metadata, err = metadataFrom(meta)
			return m, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, m ims.MOP) error {
			if m.FeeFund != "" {
				if err := mustExist(ctx, tx, "fee_fund", "Fund", "funds", "code", m.FeeFund); err != nil {
					return err
				}
			}
			if m.ProviderAccount != "" {
				return mustExist(ctx, tx, "provider_account", "Payment provider account", "provider_accounts", "name", m.ProviderAccount)
			}
			return nil
		},
	}}
}
