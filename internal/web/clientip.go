package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type clientIPKey struct{}

// ClientIP returns the address of the client that sent r, as withClientIP found it: the address
// of the connection, or, when that is a trusted proxy, the client's address as the proxies report
// it. Rate limits, logs and audit use it; nothing else should read X-Forwarded-For or RemoteAddr.
// A request that did not pass through withClientIP (a handler tested on its own) gets the address
// of its connection.
func ClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey{}).(string); ok {
		return ip
	}
	return hostOf(r.RemoteAddr)
}

// withClientIP finds the client's address once for every request (see clientAddress) and keeps it
// in the request's context for ClientIP.
func (s *Server) withClientIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := clientAddress(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.TrustedProxies)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip)))
	})
}

// clientAddress returns the address of the client behind a request from the connection's address
// (remoteAddr, host:port) and the request's X-Forwarded-For headers.
//
// Anyone can write X-Forwarded-For, so it is read only when the connection comes from a trusted
// proxy, and then from the right: each proxy appends the address it received the request from, so
// the entries on the right were written by our proxies and those on the left by whoever sent the
// request first. The client is the rightmost address that is not a trusted proxy; an address a
// client puts in front of its own is never reached. When every entry is a trusted proxy, the
// leftmost is the best known; an entry that is not an address stops the walk at the last proxy.
func clientAddress(remoteAddr string, forwardedFor []string, trusted []netip.Prefix) string {
	peer := hostOf(remoteAddr)
	addr, err := netip.ParseAddr(peer)
	if err != nil || !isTrusted(addr.Unmap(), trusted) {
		return peer
	}
	var hops []string
	for _, h := range forwardedFor {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := addr.Unmap()
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(strings.TrimSpace(hops[i]))
		if !ok {
			break
		}
		client = hop
		if !isTrusted(hop, trusted) {
			break
		}
	}
	return client.String()
}

// parseHop reads one X-Forwarded-For entry: an address, or an address with a port as some proxies
// write it ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil && ap.Addr().Zone() == "" {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// hostOf returns the host of a host:port address, or the address itself when it has no port.
func hostOf(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}
