package suspense

import (
	"context"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// ActorNames returns the names of the people and API clients actors (Principal.Actor: "user:7",
// "apiclient:3", "system") name, for showing who recorded and allocated items. One no longer on
// record keeps its id.
func (s *Service) ActorNames(ctx context.Context, p ims.Principal, actors []string) (map[string]string, error) {
	if err := mayUse(p); err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, actor := range actors {
		if _, done := names[actor]; done {
			continue
		}
		names[actor] = actor
		kind, idText, _ := strings.Cut(actor, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			continue // "system"
		}
		switch kind {
		case "user":
			u, err := s.DB.UserByID(ctx, id)
			if err == nil {
				names[actor] = u.Name
			} else if ims.ErrorCode(err) != ims.NotFound {
				return nil, err
			}
		case "apiclient":
			c, err := s.DB.APIClientByID(ctx, id)
			if err == nil {
				names[actor] = c.Name + " (API client)"
			} else if ims.ErrorCode(err) != ims.NotFound {
				return nil, err
			}
		}
	}
	return names, nil
}
