package imports

import "context"

// chunkHookKey carries, in a test's context, what to call after each chunk the posting pass of an
// import writes.
type chunkHookKey struct{}

// WithChunkHook returns ctx with f to be called after each chunk of an import posted with it.
func WithChunkHook(ctx context.Context, f func(chunks int)) context.Context {
	return context.WithValue(ctx, chunkHookKey{}, f)
}

func init() {
	afterChunk = func(ctx context.Context, chunks int) {
		if f, ok := ctx.Value(chunkHookKey{}).(func(int)); ok {
			f(chunks)
		}
	}
}
