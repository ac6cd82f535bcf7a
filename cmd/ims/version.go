package main

import (
	"context"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
)

// version is the release this binary was built as, set by the release build:
//
//	go build -ldflags "-X main.version=v0.1.0" ./cmd/ims
//
// Left empty, the version comes from the build information instead (see buildVersion).
var version = ""

// nextRelease is the release the changes under "Unreleased" in CHANGELOG.md will become. A build
// that is not a release says it comes before that one ("0.2.0-dev+…", which sorts after 0.1.0 and
// before 0.2.0 under semantic versioning). Raise it right after tagging a release.
const nextRelease = "0.2.0"

func (m *Main) runVersion(_ context.Context, _ []string) int {
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintf(m.Stdout, "ims %s\n", buildVersion(version, info))
	return exitOK
}

// buildVersion returns the semantic version of this build, without a leading "v":
//   - the version set with -ldflags, when there is one;
//   - else the module's version, when the binary was built from a tagged release
//     (go install github.com/ims-council/ims/cmd/ims@v0.1.0, or go build at a tag);
//   - else nextRelease-dev, with the commit it was built from (12 hex digits) as build metadata and
//     "-dirty" when the working tree had uncommitted changes: "0.2.0-dev+0123456789ab-dirty".
//
// info may be nil (a binary without build information).
func buildVersion(ldflag string, info *debug.BuildInfo) string {
	if ldflag != "" {
		return strings.TrimPrefix(ldflag, "v")
	}
	if info == nil {
		return nextRelease + "-dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" && !pseudoVersion.MatchString(v) {
		return strings.TrimPrefix(v, "v")
	}
	var revision string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	v := nextRelease + "-dev"
	if len(revision) >= 12 {
		v += "+" + revision[:12]
		if dirty {
			v += "-dirty"
		}
	}
	return v
}

// pseudoVersion matches the versions Go gives a build of an untagged commit, such as
// v0.0.0-20261203101500-0123456789ab or v0.1.1-0.20261203101500-0123456789ab+dirty: a timestamp and
// a commit, not a release.
var pseudoVersion = regexp.MustCompile(`(^|[-.])\d{14}-[0-9a-f]{12}(\+dirty)?$`)
