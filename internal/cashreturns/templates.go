package cashreturns

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// settingsKey is where CashReturnSettings are kept among the settings.
const settingsKey = "cash_returns"

// Templates returns every template, for a SystemAdmin.
func (s *Service) Templates(ctx context.Context, p ims.Principal) (_ []ims.CashReturnTemplate, err error) {
	defer ims.Wrap(&err, "CashReturnTemplates")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return nil, err
	}
	return s.DB.CashReturnTemplates().List(ctx)
}

// Template returns template code, for a SystemAdmin.
func (s *Service) Template(ctx context.Context, p ims.Principal, code string) (_ ims.CashReturnTemplate, err error) {
	defer ims.Wrap(&err, "CashReturnTemplate(%q)", code)
	if err := p.Require(ims.SystemAdmin); err != nil {
		return ims.CashReturnTemplate{}, err
	}
	return s.DB.CashReturnTemplates().Get(ctx, code)
}

// PutTemplate creates or replaces a template, audited, for a SystemAdmin. create refuses a code
// that exists (a form for a new template must not overwrite another).
func (s *Service) PutTemplate(ctx context.Context, p ims.Principal, t ims.CashReturnTemplate, create bool) (err error) {
	defer ims.Wrap(&err, "PutCashReturnTemplate(%q)", t.Code)
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	t.Code = strings.TrimSpace(t.Code)
	if create {
		if _, err := s.DB.CashReturnTemplates().Get(ctx, t.Code); err == nil {
			return ims.FieldError("code", "Template %s exists already", t.Code)
		} else if ims.ErrorCode(err) != ims.NotFound {
			return err
		}
	}
	return s.DB.CashReturnTemplates().Put(ctx, p, t)
}

// TemplateUsers returns the ids of the users given template code, for a SystemAdmin.
func (s *Service) TemplateUsers(ctx context.Context, p ims.Principal, code string) (_ []int64, err error) {
	defer ims.Wrap(&err, "CashReturnTemplateUsers(%q)", code)
	if err := p.Require(ims.SystemAdmin); err != nil {
		return nil, err
	}
	return s.DB.CashReturnTemplateUsers(ctx, code)
}

// SetTemplateUsers gives template code to exactly the users of ids, audited, for a SystemAdmin.
func (s *Service) SetTemplateUsers(ctx context.Context, p ims.Principal, code string, ids []int64) (err error) {
	defer ims.Wrap(&err, "SetCashReturnTemplateUsers(%q)", code)
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	if _, err := s.DB.CashReturnTemplates().Get(ctx, code); err != nil {
		return err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, id := range ids {
		if _, err := s.DB.UserByID(ctx, id); err != nil {
			if ims.ErrorCode(err) == ims.NotFound {
				return ims.FieldError("users", "There is no user %d", id)
			}
			return err
		}
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := tx.SetCashReturnTemplateUsers(ctx, code, ids)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, p, "update", "cash return template users", code, map[string]any{"users": before},
			map[string]any{"users": ids})
	})
}

// MyTemplates returns the enabled templates p is given (for the CashReturns role) whose funds p
// sees: those p may make returns from.
func (s *Service) MyTemplates(ctx context.Context, p ims.Principal) (_ []ims.CashReturnTemplate, err error) {
	defer ims.Wrap(&err, "MyCashReturnTemplates")
	if err := p.Require(ims.CashReturns); err != nil {
		return nil, err
	}
	codes, err := s.DB.UserCashReturnTemplates(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	defaultFund, err := s.defaultFund(ctx)
	if err != nil {
		return nil, err
	}
	var out []ims.CashReturnTemplate
	for _, c := range codes {
		t, err := s.DB.CashReturnTemplates().Get(ctx, c)
		if err != nil {
			return nil, err
		}
		if !t.Disabled && seesTemplate(p, t, defaultFund) {
			out = append(out, t)
		}
	}
	return out, nil
}

// seesTemplate reports whether p sees every fund t's lines go to.
func seesTemplate(p ims.Principal, t ims.CashReturnTemplate, defaultFund string) bool {
	for _, l := range t.Lines {
		f := l.Fund
		if f == "" {
			f = defaultFund
		}
		if !p.SeesFund(f) {
			return false
		}
	}
	return true
}

// defaultFund returns the code of the enabled cash-return default fund, "" when there is none.
func (s *Service) defaultFund(ctx context.Context) (string, error) {
	funds, err := s.DB.Funds().List(ctx)
	if err != nil {
		return "", err
	}
	for _, f := range funds {
		if f.CashReturnFund && !f.Disabled {
			return f.Code, nil
		}
	}
	return "", nil
}

// Settings returns the council's cash return settings (the zero value when never set), for a
// SystemAdmin.
func (s *Service) Settings(ctx context.Context, p ims.Principal) (_ ims.CashReturnSettings, err error) {
	defer ims.Wrap(&err, "CashReturnSettings")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return ims.CashReturnSettings{}, err
	}
	return s.settings(ctx)
}

func (s *Service) settings(ctx context.Context) (c ims.CashReturnSettings, err error) {
	v, found, err := s.DB.Setting(ctx, settingsKey)
	if err != nil || !found {
		return c, err
	}
	return c, json.Unmarshal([]byte(v), &c)
}

// SetSettings replaces the cash return settings, audited, for a SystemAdmin: the cash and cheque
// methods of payment must exist with those kinds, and the address look like one.
func (s *Service) SetSettings(ctx context.Context, p ims.Principal, c ims.CashReturnSettings) (err error) {
	defer ims.Wrap(&err, "SetCashReturnSettings")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	c.CashMOP, c.ChequeMOP, c.NotifyEmail = strings.TrimSpace(c.CashMOP), strings.TrimSpace(c.ChequeMOP), strings.TrimSpace(c.NotifyEmail)
	problems := ims.Problems{}
	for field, pair := range map[string]struct {
		code string
		kind ims.MOPKind
	}{"cash_mop": {c.CashMOP, ims.KindCash}, "cheque_mop": {c.ChequeMOP, ims.KindCheque}} {
		m, err := s.DB.MOPs().Get(ctx, pair.code)
		switch {
		case ims.ErrorCode(err) == ims.NotFound:
			problems.Add(field, "Choose a method of payment of kind %s", pair.kind)
		case err != nil:
			return err
		case m.Kind != pair.kind:
			problems.Add(field, "Method of payment %s is of kind %s, not %s", m.Code, m.Kind, pair.kind)
		}
	}
	if c.NotifyEmail != "" && (!strings.Contains(c.NotifyEmail, "@") || strings.ContainsAny(c.NotifyEmail, " ,;")) {
		problems.Add("notify_email", "Enter one email address, like cashoffice@council.gov.uk")
	}
	if err := problems.Err("The cash return settings are not valid"); err != nil {
		return err
	}
	b, _ := json.Marshal(c) // plain data: cannot fail
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, _, err := tx.Setting(ctx, settingsKey)
		if err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, settingsKey, string(b)); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "update", "setting", settingsKey, json.RawMessage(orNull(before)), json.RawMessage(b))
	})
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

// StaffForTemplates returns the enabled staff holding the CashReturns role, the people a template
// may be given to, for a SystemAdmin.
func (s *Service) StaffForTemplates(ctx context.Context, p ims.Principal) (_ []ims.User, err error) {
	defer ims.Wrap(&err, "StaffForCashReturnTemplates")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return nil, err
	}
	enabled := false
	list, _, err := s.DB.ListUsers(ctx, sqldb.UserFilter{Role: ims.CashReturns, Disabled: &enabled}, 0, 1000)
	return list, err
}
