package transactions

import (
	"context"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// actorNames returns, for each actor (Principal.Actor: "user:7", "apiclient:3", "system"), how
// staff reading a receipt know them: a user's name and email, an API client's name. Staff
// cannot tell who "user:12" is; an actor no longer on record keeps its id.
func (s *Service) actorNames(ctx context.Context, actors []string) (map[string]string, error) {
	names := map[string]string{}
	for _, actor := range actors {
		if _, done := names[actor]; done || actor == "" {
			continue
		}
		kind, idText, _ := strings.Cut(actor, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		names[actor] = actor
		if err != nil {
			continue // "system"
		}
		switch kind {
		case "user":
			u, err := s.DB.UserByID(ctx, id)
			if err == nil {
				names[actor] = u.Name + " (" + u.Email + ")"
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
