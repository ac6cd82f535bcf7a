package ims

import "context"

type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the request being served, so that whatever the
// request leads to (an audit event written by a service that was given no principal, such as a
// sign-in) can be tied to it in the logs.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id WithRequestID put in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
