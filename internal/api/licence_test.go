package api_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/ims-council/ims/internal/api"
)

// TestOpenAPILicenceIsTheRepositorys: the API description named AGPL-3.0 while the code had no
// licence at all. It must name the licence of the LICENSE file at the repository's root.
func TestOpenAPILicenceIsTheRepositorys(t *testing.T) {
	f, err := os.Open("../../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first := bufio.NewScanner(f)
	first.Scan()
	if first.Text() != "MIT License" {
		t.Fatalf("LICENSE starts %q; this test knows only the MIT licence", first.Text())
	}

	b, err := api.OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Info struct {
			License struct{ Name, Identifier string }
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if l := doc.Info.License; l.Identifier != "MIT" || l.Name != "MIT" {
		t.Errorf("openapi.yaml info.license = %+v, want name and SPDX identifier MIT", l)
	}
}
