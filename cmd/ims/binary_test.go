package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// TestMain removes the ims binary the tests built, once they have all run.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built is the ims binary that tests run as a process, built once per test run: linking it takes
// seconds.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// imsBinary builds this checkout's ims (once) and returns its path.
func imsBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "ims-test-binary-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "ims")
		built.out, built.err = exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("building ims: %v\n%s", built.err, built.out)
	}
	return built.path
}
