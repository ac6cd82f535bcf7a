package parsebench

import (
	"bufio"
	"bytes"
	"io"
)

// The baselines do the least any parser of these files must do: read every line and cut it into its
// fields. They check nothing and keep nothing, so the parser's speed as a share of theirs is the cost
// of its checks and of the entries it builds.

// baselineFixedWidth reads lines and cuts each 43-character line into the five allpay fields.
func baselineFixedWidth(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	rows, sink := 0, 0
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) != 43 {
			continue // the blank line and the trailer
		}
		site, ref, amount, channel, date := line[0:7], line[7:23], line[23:32], line[32:33], line[33:43]
		sink += len(site) + len(ref) + len(amount) + len(channel) + len(date)
		rows++
	}
	_ = sink
	return rows, sc.Err()
}

// baselineCSV reads lines, skips the header and splits each line on commas.
func baselineCSV(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	rows, sink := 0, 0
	comma := []byte{','}
	header := true
	for sc.Scan() {
		if header {
			header = false
			continue
		}
		fields := bytes.Split(sc.Bytes(), comma)
		sink += len(fields)
		rows++
	}
	_ = sink
	return rows, sc.Err()
}
