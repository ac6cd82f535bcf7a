package ims

import "time"

// CurrentSystemMessage returns the message to show at time at, or nil when none is running: the most
// severe of those that have started and not ended (error, then warning, then info), the latest to
// start among equals. A message with no end runs until it is removed. publicOnly keeps to the
// messages flagged public, for payers on the portal; staff see every message.
func CurrentSystemMessage(msgs []SystemMessage, at time.Time, publicOnly bool) *SystemMessage {
	var best *SystemMessage
	for i := range msgs {
		m := &msgs[i]
		if publicOnly && !m.Public || at.Before(m.Starts) || !m.Ends.IsZero() && !at.Before(m.Ends) {
			continue
		}
		if best == nil || severityRank(m.Severity) > severityRank(best.Severity) ||
			severityRank(m.Severity) == severityRank(best.Severity) && m.Starts.After(best.Starts) {
			best = m
		}
	}
	if best == nil {
		return nil
	}
	m := *best
	return &m
}

func severityRank(s string) int {
	switch s {
	case "error":
		return 3
	case "warning":
		return 2
	}
	return 1
}
