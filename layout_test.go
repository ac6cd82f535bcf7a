package ims_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// imports returns the import paths of the non-test Go files in dir.
func imports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			byPath[path] = append(byPath[path], filepath.Base(f))
		}
	}
	if len(byPath) == 0 {
		t.Fatalf("no imports read from %s: the test would check nothing", dir)
	}
	return byPath
}

// The domain package decides without I/O: it imports nothing of the module but its pure leaves,
// and no database, network or file packages (ADR 16).
func TestDomainPackageIsPure(t *testing.T) {
	allowedModule := map[string]bool{"github.com/ims-council/ims/money": true, "github.com/ims-council/ims/checkdigit": true}
	forbidden := []string{"database/sql", "net/http", "os", "io/fs", "os/exec", "html/template"}
	for path, files := range imports(t, ".") {
		if strings.HasPrefix(path, "github.com/ims-council/ims") && !allowedModule[path] {
			t.Errorf("package ims imports %s (in %v): the domain package depends only on money and checkdigit", path, files)
		}
		for _, f := range forbidden {
			if path == f {
				t.Errorf("package ims imports %s (in %v): its rules take the data they need and do no I/O", path, files)
			}
		}
	}
}

// The storage kernel holds no rules, HTML or email text and never reaches up to the services or the
// web layer (ADR 16): the packages above it depend on it, not the other way round.
func TestStorageKernelDoesNotReachUp(t *testing.T) {
	above := []string{"internal/web", "internal/api", "internal/app", "internal/payments", "internal/ledger",
		"internal/mail", "internal/jobs", "internal/govukfrontend", "internal/psp", "internal/users", "internal/auth"}
	for path, files := range imports(t, "internal/sqldb") {
		for _, a := range above {
			if path == "github.com/ims-council/ims/"+a || strings.HasPrefix(path, "github.com/ims-council/ims/"+a+"/") {
				t.Errorf("internal/sqldb imports %s (in %v)", path, files)
			}
		}
		if path == "html" || path == "html/template" || path == "text/template" {
			t.Errorf("internal/sqldb imports %s (in %v): storage renders nothing", path, files)
		}
	}
}

// Who may do what is decided by the services, before they ask storage (ADR 16): no non-test file of
// the storage kernel calls Principal.Require or RequireScope. A principal reaches storage only to
// name the actor of an audit row.
func TestStorageKernelChecksNoRoles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("internal", "sqldb", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		read++
		ast.Inspect(parsed, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Require" || sel.Sel.Name == "RequireScope") {
				t.Errorf("%s calls %s: the service that owns the work checks the principal, not storage", f, sel.Sel.Name)
			}
			return true
		})
	}
	if read == 0 {
		t.Fatal("no files read from internal/sqldb: the test would check nothing")
	}
}
