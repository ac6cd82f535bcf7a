package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
)

// VATCodes returns the store of VAT codes.
func (db *DB) VATCodes() Store[ims.VATCode] {
	return Store[ims.VATCode]{db, entity[ims.VATCode]{
		table: table{"vat_codes", []string{"code"}, []string{"code", "name", "rate_bp", "suspense", "disabled"}},
		kind:  "VAT code",
		key:   func(v ims.VATCode) []any { return []any{v.Code} },
		inUse: `SELECT 1 FROM ledger_entries WHERE vat_code = $1 LIMIT 1`,
		row: func(_ *DB, v ims.VATCode) ([]any, error) {
			return []any{v.Code, v.Name, v.Rate, v.Suspense, v.Disabled}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (v ims.VATCode, err error) {
			err = scan(&v.Code, &v.Name, &v.Rate, &v.Suspense, &v.Disabled)
			return v, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, v ims.VATCode) error {
			if !v.Suspense || v.Disabled {
				return nil
			}
			return onlyOne(ctx, tx, "vat_codes", "suspense AND NOT disabled", v.Code, "VAT code %s is already the suspense VAT code")
		},
	}}
}

// CheckDigitSchemes returns the store of check digit schemes.
func (db *DB) CheckDigitSchemes() Store[Scheme] {
	return Store[Scheme]{db, entity[Scheme]{
		table: table{"check_digit_schemes", []string{"name"}, []string{"name", "type", "modulus", "weights",
			"source_substitution", "result_substitutions", "subtract"}},
		kind: "check digit scheme",
		key:  func(s Scheme) []any { return []any{s.Name} },
		row: func(_ *DB, s Scheme) ([]any, error) {
			return []any{s.Name, string(s.Type), s.Modulus, intsText(s.Weights), s.SourceSubstitution,
				s.ResultSubstitutions.String(), s.Subtract}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (s Scheme, err error) {
			var weights, subs string
			if err = scan(&s.Name, &s.Type, &s.Modulus, &weights, &s.SourceSubstitution, &subs, &s.Subtract); err != nil {
				return s, err
			}
			if s.Weights, err = intsFrom(weights); err != nil {
				return s, err
			}
			s.ResultSubstitutions, err = checkdigit.ParseSubstitutions(subs)
			return s, err
		},
	}}
}

// Scheme is a check digit scheme as stored: checkdigit.Scheme with validation in ims terms.
type Scheme struct{ checkdigit.Scheme }

// Validate reports configuration problems of the scheme.
func (s Scheme) Validate() error { return ims.ValidateCheckDigitScheme(s.Scheme) }

// ReferenceValidators returns the store of account reference validators.
func (db *DB) ReferenceValidators() Store[ims.ReferenceValidator] {
	return Store[ims.ReferenceValidator]{db, entity[ims.ReferenceValidator]{
		table: table{"reference_validators", []string{"code"}, []string{"code", "name", "min_length", "max_length",
			"char_class", "regex", "input_mask", "check_digit_scheme", "must_exist"}},
		kind: "reference validator",
		key:  func(v ims.ReferenceValidator) []any { return []any{v.Code} },
		row: func(_ *DB, v ims.ReferenceValidator) ([]any, error) {
			return []any{v.Code, v.Name, v.MinLength, v.MaxLength, string(v.CharClass), v.Regex, v.InputMask,
				nullString(v.CheckDigitScheme), v.MustExist}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (v ims.ReferenceValidator, err error) {
			var scheme sql.NullString
			err = scan(&v.Code, &v.Name, &v.MinLength, &v.MaxLength, &v.CharClass, &v.Regex, &v.InputMask, &scheme, &v.MustExist)
			v.CheckDigitScheme = scheme.String
			return v, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, v ims.ReferenceValidator) error {
			if v.CheckDigitScheme == "" {
				return nil
			}
			return mustExist(ctx, tx, "check_digit_scheme", "Check digit scheme", "check_digit_schemes", "name", v.CheckDigitScheme)
		},
	}}
}

// onlyOne returns a Conflict error when a row other than code matches cond: for flags of which
// exactly one record may hold a role (the suspense fund, the suspense VAT code).
func onlyOne(ctx context.Context, q querier, tableName, cond, code, message string) error {
	var other string
	err := q.QueryRowContext(ctx, "SELECT code FROM "+tableName+" WHERE "+cond+" AND code <> $1", code).Scan(&other)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	return ims.Errorf(ims.Conflict, message, other)
}
