package parsebench

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// The baselines do the least any parser of these files must do: read every line and cut it into its
// fields. They check nothing and keep nothing, so the parser's speed as a share of theirs is the cost
// of its checks and of the entries it builds.

// baselineFixedWidth reads lines and cuts each 43-character line into the five allpay fields: site,
// reference (columns 12-23 when columns 8-11 are "BERN", else 8-23), amount, channel and date. In a
// fixed-width format every cut but the reference's is at a fixed offset and costs nothing; the
// reference's depends on the line's bytes. The lengths of the fields are summed and the sum looked
// at once at the end, only so that the compiler cannot drop the cutting as unused, which it does
// with fields that are cut and then ignored.
func baselineFixedWidth(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	rows, cut := 0, 0
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) != 43 {
			continue // the blank line and the trailer
		}
		site, ref, amount, channel, date := line[0:7], line[7:23], line[23:32], line[32:33], line[33:43]
		if string(ref[:4]) == "BERN" {
			ref = line[11:23]
		}
		cut += len(site) + len(ref) + len(amount) + len(channel) + len(date)
		rows++
	}
	if cut > 43*rows {
		return rows, errors.New("the fields are longer than their lines") // never: see above
	}
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
