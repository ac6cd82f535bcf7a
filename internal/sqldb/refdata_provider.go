package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
)

// ProviderAccount is a payment provider account as stored: the secrets sealed with IMS_SECRET_KEY.
type ProviderAccount struct{ ims.ProviderAccount }

// Redacted returns the account without its secrets, for the audit trail.
func (a ProviderAccount) Redacted() any {
	r := a.ProviderAccount
	r.HasAPIKey = r.HasAPIKey || r.APIKey != ""
	r.APIKey, r.WebhookSecret = "", ""
	return r
}

// ProviderAccounts returns the store of payment provider accounts. Secrets given blank on update
// keep their stored value, so an administrator can change a name without re-entering the key.
// Reading returns HasAPIKey but never the secrets; ProviderSecrets opens them for the provider code.
func (db *DB) ProviderAccounts() Store[ProviderAccount] {
	t := table{"provider_accounts", []string{"name"}, []string{"name", "provider", "base_url", "api_key_sealed",
		"webhook_secret_sealed", "disabled"}}
	return Store[ProviderAccount]{db, entity[ProviderAccount]{
		table: t,
		kind:  "payment provider account",
		key:   func(a ProviderAccount) []any { return []any{a.Name} },
		inUse: `SELECT 1 FROM pending_payments WHERE provider_account = $1 LIMIT 1`,
		upsert: `INSERT INTO provider_accounts (name, provider, base_url, api_key_sealed, webhook_secret_sealed, disabled)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET provider = excluded.provider,
			base_url = excluded.base_url, disabled = excluded.disabled,
			api_key_sealed = CASE WHEN excluded.api_key_sealed = '' THEN provider_accounts.api_key_sealed ELSE excluded.api_key_sealed END,
			webhook_secret_sealed = CASE WHEN excluded.webhook_secret_sealed = '' THEN provider_accounts.webhook_secret_sealed ELSE excluded.webhook_secret_sealed END`,
		row: func(db *DB, a ProviderAccount) ([]any, error) {
			key, err := db.seal(a.APIKey, "provider_account:"+a.Name+":api_key")
			if err != nil {
				return nil, err
			}
			secret, err := db.seal(a.WebhookSecret, "provider_account:"+a.Name+":webhook_secret")
			if err != nil {
				return nil, err
			}
			return []any{a.Name, a.Provider, a.BaseURL, key, secret, a.Disabled}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (a ProviderAccount, err error) {
			var key, secret string
			err = scan(&a.Name, &a.Provider, &a.BaseURL, &key, &secret, &a.Disabled)
			a.HasAPIKey = key != ""
			return a, err
		},
	}}
}

func (db *DB) seal(secret, context string) (string, error) {
	if secret == "" {
		return "", nil
	}
	if db.Secrets == nil {
		return "", ims.Errorf(ims.Invalid, "Set IMS_SECRET_KEY before storing payment provider secrets")
	}
	return db.Secrets.Seal([]byte(secret), context)
}

// ProviderSecrets returns the decrypted API key and webhook secret of a provider account.
func (db *DB) ProviderSecrets(ctx context.Context, name string) (apiKey, webhookSecret string, err error) {
	defer ims.Wrap(&err, "ProviderSecrets(%q)", name)
	var key, secret string
	err = db.SQL.QueryRowContext(ctx, `SELECT api_key_sealed, webhook_secret_sealed FROM provider_accounts WHERE name = $1`, name).Scan(&key, &secret)
	if err == sql.ErrNoRows {
		return "", "", ims.Errorf(ims.NotFound, "Payment provider account %s does not exist", name)
	}
	if err != nil {
		return "", "", err
	}
	open := func(sealed, field string) (string, error) {
		if sealed == "" {
			return "", nil
		}
		if db.Secrets == nil {
			return "", ims.Errorf(ims.Unavailable, "IMS_SECRET_KEY is not set, so provider secrets cannot be read")
		}
		b, err := db.Secrets.Open(sealed, "provider_account:"+name+":"+field)
		return string(b), err
	}
	if apiKey, err = open(key, "api_key"); err != nil {
		return "", "", err
	}
	webhookSecret, err = open(secret, "webhook_secret")
	return apiKey, webhookSecret, err
}

// AccountHolders returns the store of account holders.
func (db *DB) AccountHolders() Store[ims.AccountHolder] {
	return Store[ims.AccountHolder]{db, entity[ims.AccountHolder]{
		table: table{"account_holders", []string{"fund", "reference"}, []string{"fund", "reference", "name", "address",
			"postcode", "balance", "stop_message", "updated_at", "name_key", "address_key", "postcode_key"}},
		kind: "account holder",
		key:  func(h ims.AccountHolder) []any { return []any{h.Fund, h.Reference} },
		row: func(db *DB, h ims.AccountHolder) ([]any, error) {
			return []any{h.Fund, h.Reference, h.Name, linesText(h.Address), h.Postcode, h.Balance,
				nullString(h.StopMessage), db.now(), nameKey(h.Name), addressKey(h.Address), PostcodeKey(h.Postcode)}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (h ims.AccountHolder, err error) {
			var address, keys string
			var stop sql.NullString
			err = scan(&h.Fund, &h.Reference, &h.Name, &address, &h.Postcode, &h.Balance, &stop, &h.UpdatedAt, &keys, &keys, &keys)
			h.Address, h.StopMessage = linesFrom(address), stop.String
			return h, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, h ims.AccountHolder) error {
			if err := mustExist(ctx, tx, "fund_code", "Fund", "funds", "code", h.Fund); err != nil {
				return err
			}
			if h.StopMessage == "" {
				return nil
			}
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM fund_messages WHERE fund = $1 AND code = $2`, h.Fund, h.StopMessage).Scan(&one)
			if err == sql.ErrNoRows {
				return ims.FieldError("stop_message_code", "Fund %s has no message %s", h.Fund, h.StopMessage)
			}
			return err
		},
	}}
}
