package ims

import (
	"fmt"
	"strings"
)

// ConfigurationProblems reports inconsistencies in the reference data that would make the system
// pick the wrong record or none: a role that needs exactly one enabled MOP with none or several (the
// journal MOP, the transfer MOPs…), no suspense fund or suspense VAT code, funds using disabled VAT
// codes, card MOPs without a provider account, portal funds without a reference validator. An
// empty list means the configuration is usable.
func ConfigurationProblems(mops []MOP, funds []Fund, vats []VATCode) (problems []string) {
	byKind := map[MOPKind][]string{}
	for _, m := range mops {
		if !m.Disabled {
			byKind[m.Kind] = append(byKind[m.Kind], m.Code)
		}
		if (m.Kind == KindCardSelfService || m.Kind == KindCardStaff) && m.ProviderAccount == "" && !m.Disabled {
			problems = append(problems, fmt.Sprintf("method of payment %s takes cards but names no payment provider account", m.Code))
		}
	}
	for _, k := range RoleKinds() {
		switch codes := byKind[k]; len(codes) {
		case 0:
			problems = append(problems, fmt.Sprintf("no enabled method of payment of kind %s: the system needs exactly one", k))
		case 1:
		default:
			problems = append(problems, fmt.Sprintf("%d enabled methods of payment of kind %s (%s): the system needs exactly one",
				len(codes), k, strings.Join(codes, ", ")))
		}
	}
	enabledVAT := map[string]bool{}
	suspenseVAT := 0
	for _, v := range vats {
		enabledVAT[v.Code] = !v.Disabled
		if v.Suspense && !v.Disabled {
			suspenseVAT++
		}
	}
	if suspenseVAT == 0 {
		problems = append(problems, "no enabled VAT code is marked as the suspense VAT code")
	}
	suspenseFunds := 0
	for _, f := range funds {
		if f.Suspense && !f.Disabled {
			suspenseFunds++
		}
		if !f.Disabled && !enabledVAT[f.VATCode] {
			problems = append(problems, fmt.Sprintf("fund %s uses VAT code %s, which is disabled", f.Code, f.VATCode))
		}
		if f.Portal && !f.Disabled && f.Validator == "" {
			problems = append(problems, fmt.Sprintf("fund %s is on the portal but has no reference validator", f.Code))
		}
	}
	if suspenseFunds == 0 {
		problems = append(problems, "no enabled fund is marked as the suspense fund")
	}
	return problems
}
