package ims

import (
	"fmt"
	"maps"
	"slices"
)

// ImportConfigurationProblems reports what would make an import post to the wrong place or fail
// every line: an enabled import type whose method of payment (default or a channel's), office or
// fund is missing or disabled, and an enabled rule naming an import type that is missing, or a fund
// or method of payment that is missing or disabled. Storage refuses a missing code when a record is saved; a code
// disabled or deleted (a rule's action names its code in text) since then is found here.
func ImportConfigurationProblems(types []ImportType, rules []ImportRule, mops []MOP, offices []Office, funds []Fund) (problems []string) {
	mopOn, officeOn, fundOn, typeOn := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, m := range mops {
		mopOn[m.Code] = !m.Disabled
	}
	for _, o := range offices {
		officeOn[o.Code] = !o.Disabled
	}
	for _, f := range funds {
		fundOn[f.Code] = !f.Disabled
	}
	for _, t := range types {
		typeOn[t.Code] = !t.Disabled
	}
	// state says how a code is unusable: "does not exist", "is disabled", or "" when it is usable.
	state := func(on map[string]bool, code string) string {
		enabled, ok := on[code]
		switch {
		case !ok:
			return "does not exist"
		case !enabled:
			return "is disabled"
		}
		return ""
	}
	for _, t := range types {
		if t.Disabled {
			continue
		}
		if s := state(mopOn, t.DefaultMOP); s != "" {
			problems = append(problems, fmt.Sprintf("import type %s: its default method of payment %s %s", t.Code, t.DefaultMOP, s))
		}
		for _, ch := range slices.Sorted(maps.Keys(t.ChannelMOPs)) {
			if s := state(mopOn, t.ChannelMOPs[ch]); s != "" {
				problems = append(problems, fmt.Sprintf("import type %s: method of payment %s of channel %s %s", t.Code, t.ChannelMOPs[ch], ch, s))
			}
		}
		if s := state(officeOn, t.DefaultOffice); s != "" {
			problems = append(problems, fmt.Sprintf("import type %s: its office %s %s", t.Code, t.DefaultOffice, s))
		}
		if t.Fund != "" {
			if s := state(fundOn, t.Fund); s != "" {
				problems = append(problems, fmt.Sprintf("import type %s: its fund %s %s", t.Code, t.Fund, s))
			}
		}
	}
	for _, r := range rules {
		if !r.Enabled {
			continue
		}
		for _, t := range r.ImportTypes {
			if _, ok := typeOn[t]; !ok { // a disabled type takes no files, so its rules harm nothing
				problems = append(problems, fmt.Sprintf("import rule %s: import type %s does not exist", r.Code, t))
			}
		}
		for _, a := range r.Actions {
			switch a.Kind {
			case RuleSetFund:
				if s := state(fundOn, a.Value); s != "" {
					problems = append(problems, fmt.Sprintf("import rule %s: it sets fund %s, which %s", r.Code, a.Value, s))
				}
			case RuleSetMOP:
				if s := state(mopOn, a.Value); s != "" {
					problems = append(problems, fmt.Sprintf("import rule %s: it sets method of payment %s, which %s", r.Code, a.Value, s))
				}
			}
		}
	}
	return problems
}
