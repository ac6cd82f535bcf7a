package suspense

import (
	"context"

	"github.com/ims-council/ims"
)

// ActorNames returns the names of the people and API clients actors (Principal.Actor: "user:7",
// "apiclient:3", "system") name, for showing who recorded and allocated items. One no longer on
// record keeps its id.
func (s *Service) ActorNames(ctx context.Context, p ims.Principal, actors []string) (map[string]string, error) {
	if err := mayUse(p); err != nil {
		return nil, err
	}
	return s.DB.ActorNames(ctx, actors, false)
}
