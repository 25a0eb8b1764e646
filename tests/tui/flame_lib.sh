# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the flame panel's screen tests (sourced after lib.sh).

# wait_samples TARGET N [SECONDS]: waits until the flame title counts at
# least N samples (a count, not a time: a loaded machine samples slower).
wait_samples() {
	deadline=$(($(date +%s) + ${3:-60}))
	while :; do
		n=$(screen "$1" | sed -n 's/^Flame: .*, \([0-9][0-9]*\) samples.*/\1/p' | head -n 1)
		if [ -n "$n" ] && [ "$n" -ge "$2" ]; then
			return 0
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "FAIL: fewer than $2 samples in the flame title:"
			screen "$1"
			exit 1
		fi
		sleep 0.2
	done
}

# bar_report TARGET: the pane's rows, bottom-up index, and the width of
# each named bar (from its first letter through its separator, which is
# U+2595 or '|'), one "NAME ROW X WIDTH" line per bar.
bar_report() {
	screen "$1" | python3 -c '
import re, sys
rows = sys.stdin.read().split("\n")
for y, line in enumerate(rows):
    for m in re.finditer(r"([+-]?)([A-Za-z_][A-Za-z0-9_~.]*)[^\u2595|]*[\u2595|]", line):
        print(m.group(2), y, m.start(), m.end() - m.start())
'
}
