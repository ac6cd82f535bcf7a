package xmllimit

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// tokens reads every token of doc through a Reader with the given limit, calling Next before each.
func tokens(doc string, limit int) (int, error) {
	in := NewReader(strings.NewReader(doc), limit)
	dec := xml.NewDecoder(in)
	n := 0
	for {
		in.Next()
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

func TestTokensUpToTheLimitAreRead(t *testing.T) {
	t.Parallel()
	// Many tokens, each within the limit, make a file far longer than it.
	doc := "<a>" + strings.Repeat(`<b x="12345">0123456789</b><!-- 12345 -->`, 1000) + "</a>"
	n, err := tokens(doc, 64)
	if err != nil || n != 4002 {
		t.Errorf("%d tokens, %v; want 4002 and no error", n, err)
	}
}

func TestALongTokenIsRefused(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"text":      "<a>" + strings.Repeat("x", 1000) + "</a>",
		"attribute": `<a x="` + strings.Repeat("x", 1000) + `"/>`,
		"comment":   "<a><!--" + strings.Repeat("x", 1000) + "--></a>",
		"CDATA":     "<a><![CDATA[" + strings.Repeat("<", 1000) + "]]></a>",
		"name":      "<" + strings.Repeat("a", 1000) + "/>",
	} {
		_, err := tokens(doc, 100)
		var long *TooLongError
		if !errors.As(err, &long) || err.Error() != "a single XML text, tag or comment is longer than 100 bytes, the limit" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{
		300: "300 bytes", 128 << 10: "128 KB", 1 << 20: "1 MB", 64 << 20: "64 MB",
		480 << 20: "480 MB", 64<<20 + 1: "65 MB", 1<<20 + 1: "1025 KB",
	} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q; want %q", n, got, want)
		}
	}
}
