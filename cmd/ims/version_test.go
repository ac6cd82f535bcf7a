package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	vcs := func(v string, modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/ims-council/ims", Version: v},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}}
	}
	for _, tt := range []struct {
		name   string
		ldflag string
		info   *debug.BuildInfo
		want   string
	}{
		{"release build", "v0.1.0", vcs("(devel)", "false"), "0.1.0"},
		{"release build without the v", "0.1.0", nil, "0.1.0"},
		{"go install at a tag", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, "0.1.0"},
		{"go build at a tag", "", vcs("v0.1.0", "false"), "0.1.0"},
		{"untagged commit", "", vcs("v0.0.0-20261203101500-0123456789ab", "false"), "0.2.0-dev+0123456789ab"},
		{"commit after a tag", "", vcs("v0.1.1-0.20261203101500-0123456789ab", "false"), "0.2.0-dev+0123456789ab"},
		{"uncommitted changes", "", vcs("v0.0.0-20261203101500-0123456789ab+dirty", "true"), "0.2.0-dev+0123456789ab-dirty"},
		{"older Go: (devel)", "", vcs("(devel)", "false"), "0.2.0-dev+0123456789ab"},
		{"no VCS information", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "0.2.0-dev"},
		{"no build information", "", nil, "0.2.0-dev"},
	} {
		if got := buildVersion(tt.ldflag, tt.info); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// semver is the grammar of semantic versioning 2.0.0 (without the leading v).
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// TestVersionOfABuiltBinary builds ims as a release is built and as a developer builds it, and runs
// `ims version`: the -X flag must reach the variable (a renamed variable would silently be ignored),
// and a developer's build names the commit it was built from.
func TestVersionOfABuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	build := func(name string, args ...string) string {
		t.Helper()
		bin := filepath.Join(dir, name)
		cmd := exec.Command("go", append(append([]string{"build", "-o", bin}, args...), ".")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", args, err, out)
		}
		out, err := exec.Command(bin, "version").Output()
		if err != nil {
			t.Fatalf("%s version: %v", name, err)
		}
		v, ok := strings.CutPrefix(strings.TrimSpace(string(out)), "ims ")
		if !ok || !semver.MatchString(v) {
			t.Errorf("%s version printed %q, want ims and a semantic version", name, out)
		}
		return v
	}

	if got := build("release", "-ldflags", "-X main.version=v1.2.3"); got != "1.2.3" {
		t.Errorf("release build: %q, want 1.2.3", got)
	}

	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil { // not a git checkout (an exported tree): no commit to name
		if got := build("dev", "-buildvcs=false"); got != nextRelease+"-dev" {
			t.Errorf("build outside git: %q, want %s-dev", got, nextRelease)
		}
		return
	}
	// -buildvcs=true because GOFLAGS may turn the stamping off (go env GOFLAGS), as it can for any
	// build: the release instructions in CONTRIBUTING.md say so.
	got := build("dev", "-buildvcs=true")
	if tags, _ := exec.Command("git", "tag", "--points-at", "HEAD").Output(); len(tags) > 0 {
		return // at a release tag Go names the build after the tag (checked in TestBuildVersion)
	}
	if want := nextRelease + "-dev+" + string(head[:12]); got != want && got != want+"-dirty" {
		t.Errorf("developer build: %q, want %s (with -dirty when files are changed)", got, want)
	}
}
