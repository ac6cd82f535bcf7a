// Package config reads the operator's settings from IMS_* environment variables. There are no
// globals: Main reads a Config and passes it down.
package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/money"
)

// Config is every setting an operator can make. Each field's doc names its variable and default.
type Config struct {
	// DatabaseURL is IMS_DATABASE_URL: "sqlite:PATH" or "postgres://user:pass@host/db". Default
	// "sqlite:ims.db" (and "sqlite:ims-demo.db" for serve --demo).
	DatabaseURL string
	// DBMaxConns is IMS_DB_MAX_CONNS, the most database connections one instance opens (1 to 1000);
	// all of them stay open while idle, for up to five minutes. Zero (unset) means
	// sqldb.DefaultMaxConns, 20. Several instances on one PostgreSQL need their sum below its
	// max_connections.
	DBMaxConns int
	// Addr is IMS_ADDR, the HTTP listen address. Default "127.0.0.1:8080".
	Addr string
	// BaseURL is IMS_BASE_URL, the public address of the service, used in links sent to payers and
	// providers. Default "http://" + Addr; when Addr's port is 0, ims serve uses the address it
	// listens on.
	BaseURL string
	// SecretKey is IMS_SECRET_KEY, at least 32 characters, which signs receipt links and encrypts
	// stored secrets such as payment provider keys. ims serve refuses to start without it (serve
	// --demo makes one up for the run); other commands need it only to store such secrets.
	SecretKey string
	// VATRounding is IMS_VAT_ROUNDING: "half-up" (default, HMRC) or "half-even" (for data migrated
	// from systems that used banker's rounding).
	VATRounding money.Rounding
	// LogLevel is IMS_LOG_LEVEL: debug, info (default), warn or error.
	LogLevel string
	// SMTPURL is IMS_SMTP_URL, smtp://user:password@host:587?from=payments@council.gov.uk (or smtps://
	// for TLS from the start). Without it emails are only stored in the outbox.
	SMTPURL string
	// RefundApprovalLimit is IMS_REFUND_APPROVAL_LIMIT, pounds and pence: a refund above it needs a
	// second person with the RefundApprover role. Default 500.00; 0 means no limit.
	RefundApprovalLimit money.Pence
	// TrustedProxies is IMS_TRUSTED_PROXIES: the reverse proxies and load balancers in front of IMS,
	// as addresses and CIDR ranges separated by commas. Only a request from one of them may say,
	// in X-Forwarded-For, which client it carries (for rate limits, logs and audit). Default none.
	TrustedProxies []netip.Prefix

	// OIDC is the council's single sign-on for staff (IMS_OIDC_ISSUER_URL, IMS_OIDC_CLIENT_ID,
	// IMS_OIDC_CLIENT_SECRET, IMS_OIDC_SCOPES, IMS_OIDC_NAME); off when IMS_OIDC_ISSUER_URL is unset.
	OIDC OIDC
	// StaffIdleTimeout is IMS_STAFF_IDLE_TIMEOUT (a Go duration such as 30m): a back-office session
	// nobody has used for this long ends. Default 30 minutes.
	StaffIdleTimeout time.Duration
	// StaffSessionLifetime is IMS_STAFF_SESSION_LIFETIME: every back-office session ends this long
	// after sign-in, however busy. Default 10 hours (a working day).
	StaffSessionLifetime time.Duration
	// ImportDir is IMS_IMPORT_DIR, the folder holding each import type's drop folder
	// (IMS_IMPORT_DIR/allpay/…), watched by ims serve. Empty (default): no folder is watched.
	ImportDir string
	// ImportPollInterval is IMS_IMPORT_POLL_INTERVAL (a Go duration, 1s to 1h): how often the drop
	// folders are looked at. Default 15 seconds.
	ImportPollInterval time.Duration
	// ExportDir is IMS_EXPORT_DIR, the folder each export batch's file is written to (for SFTP
	// collection; docs/exports.md). Empty (default): batches are kept in the database only.
	ExportDir string
	// MetricsAddr is IMS_METRICS_ADDR, a listen address of its own for /metrics (Prometheus),
	// which is then served there only, not on Addr. Empty (default): /metrics is on Addr.
	MetricsAddr string
}

// OIDC are the single sign-on settings. The redirect URL is IMS_BASE_URL + /admin/sign-in/oidc/callback.
type OIDC struct {
	IssuerURL, ClientID, ClientSecret string
	Scopes                            []string
	// Name is what the sign-in button calls the council's accounts ("Sign in with Name account").
	Name string
}

// Enabled reports whether single sign-on is configured.
func (o OIDC) Enabled() bool { return o.IssuerURL != "" }

// FromEnv reads the configuration through getenv and validates it, naming every variable that is wrong.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: getenv("IMS_DATABASE_URL"),
		Addr:        getenv("IMS_ADDR"),
		BaseURL:     getenv("IMS_BASE_URL"),
		SecretKey:   getenv("IMS_SECRET_KEY"),
		LogLevel:    strings.ToLower(getenv("IMS_LOG_LEVEL")),
		SMTPURL:     getenv("IMS_SMTP_URL"),
		ImportDir:   getenv("IMS_IMPORT_DIR"),
		ExportDir:   getenv("IMS_EXPORT_DIR"),
		MetricsAddr: getenv("IMS_METRICS_ADDR"),
		OIDC: OIDC{IssuerURL: getenv("IMS_OIDC_ISSUER_URL"), ClientID: getenv("IMS_OIDC_CLIENT_ID"),
			ClientSecret: getenv("IMS_OIDC_CLIENT_SECRET"), Scopes: strings.Fields(getenv("IMS_OIDC_SCOPES")),
			Name: getenv("IMS_OIDC_NAME")},
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	var problems []string
	var err error
	if c.VATRounding, err = money.ParseRounding(getenv("IMS_VAT_ROUNDING")); err != nil {
		problems = append(problems, "IMS_VAT_ROUNDING: "+err.Error())
	}
	c.RefundApprovalLimit = money.MustParse("500.00")
	if v := getenv("IMS_REFUND_APPROVAL_LIMIT"); v != "" {
		if c.RefundApprovalLimit, err = money.Parse(v); err != nil || c.RefundApprovalLimit < 0 {
			problems = append(problems, fmt.Sprintf("IMS_REFUND_APPROVAL_LIMIT %q must be an amount like 500.00", v))
		}
	}
	if v := getenv("IMS_DB_MAX_CONNS"); v != "" {
		if c.DBMaxConns, err = strconv.Atoi(v); err != nil || c.DBMaxConns < 1 || c.DBMaxConns > 1000 {
			problems = append(problems, fmt.Sprintf("IMS_DB_MAX_CONNS %q must be a whole number from 1 to 1000", v))
		}
	}
	for _, d := range []struct {
		name string
		into *time.Duration
		def  time.Duration
	}{{"IMS_STAFF_IDLE_TIMEOUT", &c.StaffIdleTimeout, 30 * time.Minute}, {"IMS_STAFF_SESSION_LIFETIME", &c.StaffSessionLifetime, 10 * time.Hour}} {
		*d.into = d.def
		if v := getenv(d.name); v != "" {
			if *d.into, err = time.ParseDuration(v); err != nil || *d.into < time.Minute || *d.into > 7*24*time.Hour {
				problems = append(problems, fmt.Sprintf("%s %q must be a duration from 1m to 168h, like 30m or 10h", d.name, v))
			}
		}
	}
	c.ImportPollInterval = 15 * time.Second
	if v := getenv("IMS_IMPORT_POLL_INTERVAL"); v != "" {
		if c.ImportPollInterval, err = time.ParseDuration(v); err != nil || c.ImportPollInterval < time.Second || c.ImportPollInterval > time.Hour {
			problems = append(problems, fmt.Sprintf("IMS_IMPORT_POLL_INTERVAL %q must be a duration from 1s to 1h, like 15s or 1m", v))
		}
	}
	if c.OIDC.Enabled() && (c.OIDC.ClientID == "" || c.OIDC.ClientSecret == "") {
		problems = append(problems, "IMS_OIDC_ISSUER_URL is set, so IMS_OIDC_CLIENT_ID and IMS_OIDC_CLIENT_SECRET are needed too")
	}
	if c.TrustedProxies, err = parseTrustedProxies(getenv("IMS_TRUSTED_PROXIES")); err != nil {
		problems = append(problems, err.Error())
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("IMS_BASE_URL %q must be an absolute http(s) URL", c.BaseURL))
	}
	if err := checkMetricsAddr(c.MetricsAddr, c.Addr); err != nil {
		problems = append(problems, err.Error())
	}
	if c.SecretKey != "" && len(c.SecretKey) < secretbox.MinSecretKeyLength {
		problems = append(problems, fmt.Sprintf("IMS_SECRET_KEY must be at least %d characters", secretbox.MinSecretKeyLength))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, fmt.Sprintf("IMS_LOG_LEVEL %q is not one of debug, info, warn, error", c.LogLevel))
	}
	if len(problems) > 0 {
		return c, fmt.Errorf("configuration: %s", strings.Join(problems, "; "))
	}
	return c, nil
}
