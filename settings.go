package ims

import (
	"regexp"
	"time"
)

// providerName is the shape of a payment provider account name: it appears in webhook URLs.
var providerName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$`)

// A SystemMessage is a banner shown to staff (and, when public, to payers) between two times.
type SystemMessage struct {
	ID       int64     `json:"id" yaml:"id"`             // chosen by the council, so reloading a file replaces the same message
	Severity string    `json:"severity" yaml:"severity"` // info, warning or error
	Text     string    `json:"text" yaml:"text"`
	Public   bool      `json:"public,omitempty" yaml:"public,omitempty"`
	Starts   time.Time `json:"starts" yaml:"starts"`
	Ends     time.Time `json:"ends" yaml:"ends"`
}

// Validate reports every problem with the message's fields.
func (m SystemMessage) Validate() error {
	p := Problems{}
	switch m.Severity {
	case "info", "warning", "error":
	default:
		p.Add("severity", "Severity must be info, warning or error")
	}
	if m.Text == "" {
		p.Add("text", "Enter the message")
	}
	if !m.Ends.IsZero() && m.Ends.Before(m.Starts) {
		p.Add("ends", "The message must end after it starts")
	}
	return p.Err("System message is not valid")
}

// Organisation is the council's own details, printed on VAT receipts.
type Organisation struct {
	Name      string   `json:"name" yaml:"name"`
	Address   []string `json:"address,omitempty" yaml:"address,omitempty"`
	Postcode  string   `json:"postcode,omitempty" yaml:"postcode,omitempty"`
	VATNumber string   `json:"vat_number,omitempty" yaml:"vat_number,omitempty"`
	LogoURL   string   `json:"logo_url,omitempty" yaml:"logo_url,omitempty"`
	Email     string   `json:"email,omitempty" yaml:"email,omitempty"`
	Phone     string   `json:"phone,omitempty" yaml:"phone,omitempty"`
}

// Validate reports every problem with the organisation's fields.
func (o Organisation) Validate() error {
	p := Problems{}
	if o.Name == "" {
		p.Add("name", "Enter the organisation's name")
	}
	return p.Err("Organisation details are not valid")
}

// A ProviderAccount is one account with a payment provider (GOV.UK Pay first). Its API key and
// webhook secret are stored encrypted with IMS_SECRET_KEY and never returned by the API.
type ProviderAccount struct {
	Name          string `json:"name" yaml:"name"`
	Provider      string `json:"provider" yaml:"provider"` // "govukpay"
	BaseURL       string `json:"base_url,omitempty" yaml:"base_url,omitempty"`
	APIKey        string `json:"-" yaml:"api_key,omitempty"`
	WebhookSecret string `json:"-" yaml:"webhook_secret,omitempty"`
	Disabled      bool   `json:"disabled,omitempty" yaml:"disabled,omitempty"`
	HasAPIKey     bool   `json:"has_api_key" yaml:"-"`
}

// Validate reports every problem with the account's fields.
func (a ProviderAccount) Validate() error {
	p := Problems{}
	if !providerName.MatchString(a.Name) {
		p.Add("name", "Name must be 1–30 letters, digits, hyphens or underscores")
	}
	if a.Provider != "govukpay" {
		p.Add("provider", "Provider %q is not supported; use govukpay", a.Provider)
	}
	return p.Err("Payment provider account " + a.Name + " is not valid")
}

// A MetadataKey declares a custom key/value field councils may attach to records of one entity type.
type MetadataKey struct {
	Entity string `json:"entity" yaml:"entity"` // fund or mop
	Key    string `json:"key" yaml:"key"`
	Label  string `json:"label" yaml:"label"`
}

// Validate reports problems with the key's fields: custom metadata is kept on funds and MOPs only.
func (k MetadataKey) Validate() error {
	p := Problems{}
	if k.Entity != "fund" && k.Entity != "mop" {
		p.Add("entity", "Entity must be fund or mop")
	}
	if k.Key == "" {
		p.Add("key", "Enter a key")
	}
	return p.Err("Metadata key is not valid")
}
