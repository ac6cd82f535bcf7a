package govukpay

import (
	"net/http"
	"time"
)

// maxIdleConnsPerHost is how many keep-alive connections to GOV.UK Pay a client keeps. net/http's
// default of 2 is far below the requests IMS has in flight to its one provider host under load
// (each payment creates and reads), so most requests would open a new TCP and TLS connection and
// the extra ones would be closed as soon as they were idle.
const maxIdleConnsPerHost = 64

// newTransport returns net/http's default transport (proxy from the environment, dial and TLS
// timeouts, HTTP/2) keeping enough idle connections to the provider.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = maxIdleConnsPerHost
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	t.IdleConnTimeout = 90 * time.Second
	return t
}
