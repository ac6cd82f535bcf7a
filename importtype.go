package ims

import (
	"maps"
	"slices"
	"strings"
)

// ImportFormats returns the names of the file formats an import type may read, as the registry in
// internal/fileformat names them. The domain package cannot import the parsers, so the names are
// repeated here; a test in internal/fileformat checks the two lists agree.
func ImportFormats() []string {
	return []string{"camt053", "dwp", "bai2", "mt940", "imscsv", "allpay", "bankcsv"}
}

// BankCSVProfiles returns the names of the built-in bank CSV profiles an import type may name, as
// internal/fileformat/bankcsv names them; a test there checks the two lists agree.
func BankCSVProfiles() []string {
	return []string{"barclays", "lloyds", "natwest", "nationwide-statement", "nationwide-midata", "hsbc"}
}

// FormatBankCSV is the format whose files are read with a bank CSV profile.
const FormatBankCSV = "bankcsv"

// FormatAllpay is the format whose lines carry a channel letter (P Post Office, Q returned cheque…).
const FormatAllpay = "allpay"

// An ImportType says how one kind of file a council receives is imported: which format reads it,
// the method of payment and office its lines take unless the file or a rule says otherwise, and the
// fund (the account) a bank statement's money belongs to. Which rules apply to it is said by each
// rule (ImportRule), so that there is one place to read it.
type ImportType struct {
	Code string `json:"code" yaml:"code"`
	Name string `json:"name" yaml:"name"`
	// Format is one of ImportFormats; BankCSVProfile names the built-in bank CSV profile when the
	// format is bankcsv (blank: told from the file).
	Format         string `json:"format" yaml:"format"`
	BankCSVProfile string `json:"bank_csv_profile,omitempty" yaml:"bank_csv_profile,omitempty"`
	DefaultMOP     string `json:"default_mop" yaml:"default_mop"`
	DefaultOffice  string `json:"default_office" yaml:"default_office"`
	// Fund is the fund a line posts to unless the file or a rule names another; blank: lines
	// without a fund go to suspense.
	Fund string `json:"fund,omitempty" yaml:"fund,omitempty"`
	// ChannelMOPs maps an allpay channel letter to the method of payment of its lines; a channel
	// not listed takes DefaultMOP.
	ChannelMOPs map[string]string `json:"channel_mops,omitempty" yaml:"channel_mops,omitempty"`
	// DropFolder is the folder under IMS_IMPORT_DIR watched for this type's files; blank: none.
	DropFolder string `json:"drop_folder,omitempty" yaml:"drop_folder,omitempty"`
	Disabled   bool   `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// Validate reports every problem with the import type's own fields; whether its MOPs, office and
// fund exist is checked by the store.
func (t ImportType) Validate() error {
	p := Problems{}
	checkCode(p, "code", t.Code, 20)
	if strings.TrimSpace(t.Name) == "" {
		p.Add("name", "Enter a name")
	}
	switch {
	case t.Format == "":
		p.Add("format", "Choose a format: one of %s", strings.Join(ImportFormats(), ", "))
	case !slices.Contains(ImportFormats(), t.Format):
		p.Add("format", "Format %q is not one of %s", t.Format, strings.Join(ImportFormats(), ", "))
	}
	switch {
	case t.BankCSVProfile == "":
	case t.Format != FormatBankCSV:
		p.Add("bank_csv_profile", "A bank CSV profile is only for the bankcsv format")
	case !slices.Contains(BankCSVProfiles(), t.BankCSVProfile):
		p.Add("bank_csv_profile", "Bank CSV profile %q does not exist; the profiles are %s", t.BankCSVProfile,
			strings.Join(BankCSVProfiles(), ", "))
	}
	if t.DefaultMOP == "" {
		p.Add("default_mop", "Choose the method of payment of lines that name none")
	}
	if t.DefaultOffice == "" {
		p.Add("default_office", "Choose the office of the imported lines")
	}
	if len(t.ChannelMOPs) > 0 && t.Format != FormatAllpay {
		p.Add("channel_mops", "Channels are only for the allpay format")
	}
	for _, ch := range slices.Sorted(maps.Keys(t.ChannelMOPs)) {
		switch {
		case len(ch) != 1 || ch[0] < 'A' || ch[0] > 'Z':
			p.Add("channel_mops", "Channel %q is not one capital letter", ch)
		case t.ChannelMOPs[ch] == "":
			p.Add("channel_mops", "Choose the method of payment of channel %s", ch)
		}
	}
	if t.DropFolder != "" {
		if msg := checkFolderName(t.DropFolder); msg != "" {
			p.Add("drop_folder", "%s", msg)
		}
	}
	return p.Err("Import type " + t.Code + " is not valid")
}

// checkFolderName returns why name cannot be a drop folder, "" when it can: one folder directly
// under the import directory, so a configuration cannot point the watcher anywhere else.
func checkFolderName(name string) string {
	switch {
	case len(name) > 64:
		return "Drop folder name must be 64 characters or fewer"
	case name == "." || name == ".." || strings.HasPrefix(name, "."):
		return "Drop folder name must not start with a dot"
	case strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) >= 0:
		return "Drop folder name must be one folder name of letters, digits, '-', '_' and '.'"
	}
	return ""
}
