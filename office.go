package ims

// An Office is where or how a payment was taken: a cash office, the post room, the web portal, a
// batch import.
type Office struct {
	Code     string `json:"code" yaml:"code"` // 1–2 characters
	Name     string `json:"name" yaml:"name"`
	Disabled bool   `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// Validate reports every problem with the office's fields.
func (o Office) Validate() error {
	p := Problems{}
	checkCode(p, "code", o.Code, 2)
	if o.Name == "" {
		p.Add("name", "Enter a name")
	}
	return p.Err("Office " + o.Code + " is not valid")
}

// A FundGroup is a named set of funds. Users are given fund groups and see and take only those funds.
type FundGroup struct {
	Code  string   `json:"code" yaml:"code"`
	Name  string   `json:"name" yaml:"name"`
	Funds []string `json:"funds" yaml:"funds"`
}

// Validate reports every problem with the group's own fields.
func (g FundGroup) Validate() error {
	p := Problems{}
	checkCode(p, "code", g.Code, 10)
	if g.Name == "" {
		p.Add("name", "Enter a name")
	}
	seen := map[string]bool{}
	for _, f := range g.Funds {
		if seen[f] {
			p.Add("funds", "Fund %s is listed twice", f)
		}
		seen[f] = true
	}
	return p.Err("Fund group " + g.Code + " is not valid")
}
