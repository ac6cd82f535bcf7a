package camt053

import (
	"strconv"
	"strings"
)

// A node is one XML element with everything inside it: the small, version-independent view of the
// document that the statement reader walks. Elements are matched by local name, so the same code
// reads every camt.053 version and any namespace prefix.
type node struct {
	name     string
	attrs    map[string]string
	text     string
	children []*node
	line     int
	path     string // e.g. "Document/BkToCstmrStmt/Stmt[2]/Ntry[5]"
}

// repeatable lists the elements that occur more than once in a statement, whose paths carry their
// position (Stmt[2]); an element that occurs once is named without it (Amt).
func repeatable(name string) bool {
	switch name {
	case "Stmt", "Bal", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "Strd", "CdtrRefInf", "RfrdDocInf":
		return true
	}
	return false
}

// childPath returns the path of a child called name under parent, when it is the nth child of
// that name.
func childPath(parent, name string, nth int) string {
	if !repeatable(name) {
		return parent + "/" + name
	}
	return parent + "/" + name + "[" + strconv.Itoa(nth) + "]"
}

// child returns the first child element with the given local name, or nil.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// all returns every child element with the given local name.
func (n *node) all(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// at follows a path of local names from n, returning nil when any step is missing.
func (n *node) at(names ...string) *node {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// textAt returns the text of the element at the path, or "".
func (n *node) textAt(names ...string) string {
	if e := n.at(names...); e != nil {
		return e.text
	}
	return ""
}

// first returns the first non-blank text among the paths, each a slash-separated list of names.
func (n *node) first(paths ...string) string {
	for _, p := range paths {
		if t := n.textAt(strings.Split(p, "/")...); t != "" {
			return t
		}
	}
	return ""
}
