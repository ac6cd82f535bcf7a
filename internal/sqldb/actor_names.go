package sqldb

import (
	"context"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// ActorNames returns, for each actor (Principal.Actor: "user:7", "apiclient:3", "system"), the
// name staff know them by: a user's name, followed by their email when withEmail, or an API
// client's name marked as one. Staff cannot tell who "user:12" is; an actor no longer on record,
// and "system", keep what they are.
func (db *DB) ActorNames(ctx context.Context, actors []string, withEmail bool) (map[string]string, error) {
	names := map[string]string{}
	for _, actor := range actors {
		if _, done := names[actor]; done || actor == "" {
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
			u, err := db.UserByID(ctx, id)
			switch {
			case err == nil && withEmail:
				names[actor] = u.Name + " (" + u.Email + ")"
			case err == nil:
				names[actor] = u.Name
			case ims.ErrorCode(err) != ims.NotFound:
				return nil, err
			}
		case "apiclient":
			c, err := db.APIClientByID(ctx, id)
			if err == nil {
				names[actor] = c.Name + " (API client)"
			} else if ims.ErrorCode(err) != ims.NotFound {
				return nil, err
			}
		}
	}
	return names, nil
}
