package govukfrontend

import "strings"

// Layout is what every page shares: the document around the content, with the header, service
// navigation, any system banner and the footer.
type Layout struct {
	// Lang is the page's language, "en" (the default when empty) or "cy" for Welsh. It sets the
	// html lang attribute and the language of the fixed text the templates supply ("Skip to main
	// content", the "Error:" prefix and so on).
	Lang string

	// Title is what the page is about; the document title adds the service and organisation names.
	// Put "Error: " (or "Gwall: ") in front when the page shows a validation error.
	Title string

	// OrganisationName is the council's name, shown as the header's homepage link and in the footer's
	// copyright line. OrganisationURL is where that link goes; "/" when empty.
	OrganisationName string
	OrganisationURL  string

	// ServiceName and ServiceURL head the service navigation bar, with Nav as its links.
	ServiceName string
	ServiceURL  string
	Nav         []NavItem

	// Banner is an optional system message shown at the top of every page's content.
	Banner *Banner

	// PhaseTag, when set (such as "Beta"), shows a phase banner under the header.
	PhaseTag string

	// BackLink, when set, is shown above the main content.
	BackLink *BackLink

	// FooterLinks are the footer's support links (accessibility statement, privacy, cookies…).
	FooterLinks []Link

	// Staff, when set, makes this a back-office page: it loads the staff stylesheet and scripts (MOJ
	// Frontend, accessible-autocomplete; ADR 19) and shows who is signed in, the primary navigation
	// and the outcome of what the user just did. The portal never sets it.
	Staff *StaffFrame

	// CSPNonce is reserved for a page that needs a nonce-bearing element; the layout itself uses no
	// inline script or style, so it renders nothing today.
	CSPNonce string
}

// NavItem is one link in the service navigation. Current marks the page the user is on
// (aria-current="page"); Active marks the section it belongs to (aria-current="true").
type NavItem struct {
	Text    string
	Href    string
	Current bool
	Active  bool
}

// Highlighted reports whether the item is shown as the current one, as either the page or its section.
func (n NavItem) Highlighted() bool { return n.Current || n.Active }

// AriaCurrent returns the aria-current value for the item: "page", "true", or "" for none.
func (n NavItem) AriaCurrent() string {
	switch {
	case n.Current:
		return "page"
	case n.Active:
		return "true"
	default:
		return ""
	}
}

// Link is a plain hyperlink.
type Link struct {
	Text string
	Href string
}

// BannerKind says how serious a system message is.
type BannerKind string

// The kinds of system message. Info and Warning use GOV.UK's standard notification banner, titled
// "Important" or "Warning"; Error uses IMS's error-coloured variant, titled "Service problem".
const (
	BannerInfo    BannerKind = "info"
	BannerWarning BannerKind = "warning"
	BannerError   BannerKind = "error"
)

// Banner is a system message shown on every page, such as planned downtime or a payment provider
// outage. Title replaces the kind's default title when set.
type Banner struct {
	Kind  BannerKind
	Title string
	Text  string
}

// IsError reports whether the banner is an error message.
func (b Banner) IsError() bool { return b.Kind == BannerError }

// DocumentTitle returns the text of the page's <title>: the page title, the service name and the
// organisation name, separated by en dashes, leaving out any that are empty or repeated.
func (l Layout) DocumentTitle() string {
	var parts []string
	for _, p := range []string{l.Title, l.ServiceName, l.OrganisationName} {
		p = strings.TrimSpace(p)
		if p != "" && (len(parts) == 0 || parts[len(parts)-1] != p) {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " – ")
}

// HomeURL returns where the header's organisation link goes: OrganisationURL, or "/".
func (l Layout) HomeURL() string {
	if l.OrganisationURL == "" {
		return "/"
	}
	return l.OrganisationURL
}

// CollapseNav reports whether the service navigation collapses behind a Menu button on small
// screens, which GOV.UK Frontend does when there is more than one link.
func (l Layout) CollapseNav() bool { return len(l.Nav) > 1 }

// StaffFrame is what a back-office page adds to the layout.
type StaffFrame struct {
	// UserName is who is signed in, shown beside the sign-out button; empty on the sign-in pages.
	UserName string
	// SignOutAction is the address the sign-out button posts to.
	SignOutAction string
	// Nav is MOJ Frontend's primary navigation: the sections the user's roles open.
	Nav []NavItem
	// Success, when set, is the outcome of the action the user just took, shown as a success banner.
	Success string
}
