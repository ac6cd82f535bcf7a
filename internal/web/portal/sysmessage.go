package portal

import (
	"context"
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// SystemMessages gives the system message running now (internal/refdata); the portal asks only for
// public ones.
type SystemMessages interface {
	CurrentMessage(ctx context.Context, publicOnly bool) (m ims.SystemMessage, ok bool, err error)
}

// withSystemMessage adds the public system message running now, if any, to a page's layout. A
// failure to read it is logged and the page shown without it: a banner is not worth a payment.
func (p *Portal) withSystemMessage(r *http.Request, l govukfrontend.Layout) govukfrontend.Layout {
	if p.messages == nil {
		return l
	}
	m, ok, err := p.messages.CurrentMessage(r.Context(), true)
	if err != nil {
		p.log.ErrorContext(r.Context(), "reading the system message", "request_id", web.RequestID(r.Context()), "err", err)
		return l
	}
	if ok {
		l.Banner = &govukfrontend.Banner{Kind: govukfrontend.BannerKind(m.Severity), Text: m.Text}
	}
	return l
}
