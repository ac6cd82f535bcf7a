package journals

import (
	"context"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// actorName returns the name of the person or API client an actor (Principal.Actor: "user:7",
// "apiclient:3", "system") names, for people reading who made or undid a journal; one no longer on
// record keeps its id.
func (s *Service) actorName(ctx context.Context, actor string) (string, error) {
	kind, idText, _ := strings.Cut(actor, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return actor, nil // "system", or nobody
	}
	switch kind {
	case "user":
		u, err := s.DB.UserByID(ctx, id)
		if err == nil {
			return u.Name, nil
		}
		if ims.ErrorCode(err) != ims.NotFound {
			return "", err
		}
	case "apiclient":
		c, err := s.DB.APIClientByID(ctx, id)
		if err == nil {
			return c.Name + " (API client)", nil
		}
		if ims.ErrorCode(err) != ims.NotFound {
			return "", err
		}
	}
	return actor, nil
}
