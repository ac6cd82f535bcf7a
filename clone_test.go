package ims_test

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTestsReadOnlyTheRepository fails when a Go file names a relative path that climbs out of the
// repository (such as a folder laid beside the clone), because the tests must pass in a clone
// anywhere: what a test reads belongs in testdata/. Go runs a package's tests in the package's
// directory, so a path is resolved from the directory of the file that names it.
func TestTestsReadOnlyTheRepository(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "node_modules", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || path == "clone_test.go" { // this file's examples break the rule on purpose
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, lit := range stringLiterals(path, src) {
			if outside(filepath.Dir(path), lit.value) {
				t.Errorf("%s:%d names %q, outside the repository; copy what it needs into testdata/", path, lit.line, lit.value)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOutside checks the rule TestTestsReadOnlyTheRepository applies, so that it cannot pass by
// never matching anything.
func TestOutside(t *testing.T) {
	tests := []struct {
		dir, path string
		want      bool
	}{
		{"internal/fileformat/camt053", "../../../../beside/samples/camt053/", true},
		{"internal/fileformat/camt053", "../../../testdata/samples/camt053/", false},
		{"cmd/ims", "../../../beside/samples", true},
		{"cmd/ims", "../../testdata/samples", false},
		{".", "../beside/reference/govuk-pay-openapi.json", true},
		{"internal/x", "../../testdata/../../elsewhere", true},
		{"internal/x", "/work/" + besideFolder + "/samples", true},
		{"internal/x", "/work/" + besideFolder + "/reference/spec.json", true},
		{"internal/x", "text with ../ in it", false},
	}
	for _, tt := range tests {
		if got := outside(tt.dir, tt.path); got != tt.want {
			t.Errorf("outside(%q, %q) = %v; want %v", tt.dir, tt.path, got, tt.want)
		}
	}
}

// besideFolder is the folder of samples and reference documents that development machines keep
// beside the repository; no test may read from it. It is spelled in two parts so that this file,
// which names it only to refuse it, is not itself taken for a test that reads it.
const besideFolder = "sha" + "red"

type literal struct {
	value string
	line  int
}

// stringLiterals returns the string literals of a Go source file (comments are not code).
func stringLiterals(name string, src []byte) []literal {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile(name, -1, len(src)), src, nil, 0)
	var out []literal
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok != token.STRING {
			continue
		}
		if v, err := strconv.Unquote(lit); err == nil {
			out = append(out, literal{v, fset.Position(pos).Line})
		}
	}
}

// outside reports whether path, named in a file in dir (relative to the repository's root), leads
// out of the repository: a relative path that climbs above the root, or an absolute path into the
// shared folder that development machines keep beside the repository.
func outside(dir, path string) bool {
	if strings.Contains(path, "/"+besideFolder+"/samples") || strings.Contains(path, "/"+besideFolder+"/reference") {
		return true
	}
	if !strings.HasPrefix(path, "../") {
		return false
	}
	depth := 0
	if dir != "." {
		depth = len(strings.Split(filepath.ToSlash(dir), "/"))
	}
	for _, step := range strings.Split(path, "/") {
		switch step {
		case "..":
			depth--
		case ".", "":
		default:
			depth++
		}
		if depth < 0 {
			return true
		}
	}
	return false
}
