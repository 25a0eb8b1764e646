#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# flame: panel 6 in a real terminal (tmux, 80x24) on hotprof (main -> work
# -> leaf_hot 75 % / leaf_cold 25 %): parent and leaves on their own rows,
# leaf_hot's bar (since attach) three times leaf_cold's (within 30 %), callers below;
# search selects and counts the matched share, Enter zooms a leaf to the
# full width and Backspace zooms out; icicle puts the root on top; diff
# says it compares with the window before; 's' saves folded stacks; and
# --ascii keeps the bars apart with '|' in plain ASCII.
. "$top_srcdir/tests/tui/lib.sh"
. "$top_srcdir/tests/tui/flame_lib.sh"

"$top_builddir/tests/workloads/hotprof" 600 >/dev/null &
WL_PID=$!
KILL_PIDS="$KILL_PIDS $WL_PID"
start_ctop fl -p "$WL_PID" -d 0.5
wait_for fl "pid $WL_PID"
T send-keys -t fl 6
wait_for fl "^Flame: last 10s, all threads, [0-9]+ samples"
# Since attach (10s -> 30s -> since attach): a count that only grows, so
# the test waits for enough samples however slow the machine is.
T send-keys -t fl w w
wait_for fl "^Flame: since attach, all threads, [0-9]+ samples"
wait_samples fl 800 240

# Rows and widths from the screen itself.
bar_report fl >"$WORK/bars"
row() { awk -v n="$1" '$1 == n { print $2; exit }' "$WORK/bars"; }
width() { awk -v n="$1" '$1 == n { print $4; exit }' "$WORK/bars"; }
hot_y=$(row leaf_hot)
cold_y=$(row leaf_cold)
work_y=$(row work)
main_y=$(row main)
[ -n "$hot_y" ] && [ -n "$cold_y" ] && [ -n "$work_y" ] && [ -n "$main_y" ] || {
	screen fl
	fail "main, work, leaf_hot and leaf_cold are not all drawn"
}
[ "$hot_y" = "$cold_y" ] || fail "the leaves are on different rows ($hot_y, $cold_y)"
[ "$work_y" -eq $((hot_y + 1)) ] || fail "work is not right under the leaves"
[ "$main_y" -gt "$work_y" ] || fail "main is not under work"
hot_w=$(width leaf_hot)
cold_w=$(width leaf_cold)
python3 -c "import sys; r = $hot_w / $cold_w; sys.exit(0 if 2.1 <= r <= 3.9 else 1)" ||
	{ screen fl; fail "leaf_hot/leaf_cold width $hot_w/$cold_w is not 3 within 30 %"; }

# Search: the line editor takes the keys (even q), counts the share of
# stacks with a match, Enter selects the first match, n the next.
T send-keys -t fl / l e a f
wait_for fl "^/leaf_ [0-9.]+% of [0-9]+"
share=$(screen fl | sed -n 's|^/leaf_ \([0-9.]*\)% .*|\1|p')
python3 -c "import sys; sys.exit(0 if $share >= 90 else 1)" || fail "leaf share $share% < 90 %"
T send-keys -t fl Enter
wait_for fl "samples  leaf_cold( |$)"
T send-keys -t fl n
wait_for fl "samples  leaf_hot  hotprof"

# Zoom into leaf_cold: it fills the width; out one level is work.
T send-keys -t fl Left Enter
wait_for fl "zoom leaf_cold"
bar_report fl >"$WORK/bars"
[ "$(width leaf_cold)" = 80 ] || { screen fl; fail "zoomed leaf_cold is not 80 columns"; }
T send-keys -t fl BSpace
wait_for fl "zoom work$"
T send-keys -t fl BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_gone fl ", zoom "

# Icicle: the root on top, the leaves under work.
T send-keys -t fl i
wait_for fl ", icicle"
bar_report fl >"$WORK/bars"
[ "$(row all)" -lt "$(row work)" ] && [ "$(row leaf_hot)" -gt "$(row work)" ] ||
	{ screen fl; fail "icicle does not put the root on top"; }
T send-keys -t fl d
wait_for fl ", diff, icicle"
wait_for fl "diff vs the window before"
wait_for fl "samples +([+-][0-9.]+ pts|change n/a)"

# Save: a folded file whose name is shown, with the leaves in it.
T send-keys -t fl s
wait_for fl "saved [0-9]+ stacks to "
saved=$(screen fl | sed -n 's/.*saved [0-9]* stacks to \([^ ]*\).*/\1/p' | head -n 1)
case "$saved" in
/*) ;;
*) saved="$(readlink "/proc/$(cat "$WORK/fl.pid")/cwd")/$saved" ;;
esac
grep -q "work;leaf_hot [0-9]" "$saved" || fail "no work;leaf_hot line in '$saved'"
rm -f "$saved"
T send-keys -t fl q
wait_for fl "CTOP_DONE rc=0"

# ASCII: bars end in '|', nothing outside 7-bit ASCII.
start_ctop asc --ascii -p "$WL_PID" -d 0.5
wait_for asc "pid $WL_PID"
T send-keys -t asc 6 w w
wait_for asc "^Flame: since attach"
wait_samples asc 100
wait_for asc "^leaf_cold +\|leaf_hot +\|"
if screen asc | LC_ALL=C grep -q '[^ -~]'; then
	screen asc
	fail "--ascii drew non-ASCII in the flame panel"
fi
T send-keys -t asc q
wait_for asc "CTOP_DONE rc=0"
check_target
echo "PASS"
