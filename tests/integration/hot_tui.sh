#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_tui: panel 5 in a real terminal (tmux, 80x24) on hotprof: the table
# ranks leaf_hot first by self, 's' puts a 100 % total function first, 'w'
# switches to since-attach, the detail line shows work as leaf_hot's
# caller, the status line names the back end, and the help says what the
# perf back end cannot see.  The selection (reverse video with --theme
# mono, read from tmux's cells) starts on the top row, and the callers
# line names the selected row, also after Down moves it.  The screen helpers are tests/tui/lib.sh's.
. "$top_srcdir/tests/tui/lib.sh"

"$top_builddir/tests/workloads/hotprof" 600 >/dev/null &
WL_PID=$!
KILL_PIDS="$KILL_PIDS $WL_PID"
start_ctop hot -p "$WL_PID" -d 0.5 --theme mono
wait_for hot "pid $WL_PID"
T send-keys -t hot 5
wait_for hot "Hot functions: last 10s, by self"
wait_for hot "SELF% TOTAL% +SAMPLES FUNCTION +MODULE"
# Enough samples in the window for the 75/25 ranking to be certain: a
# count, however slow the machine.
wait_for hot "Hot functions: last 10s, by self, all threads, ([1-9][0-9][0-9]+) samples" 180
# The first row is the hottest by self; its caller is work.
wait_for hot "^ +[0-9.]+ +[0-9.]+ +[0-9]+ leaf_hot +hotprof" 15
screen hot | sed -n 5p | grep -qE " leaf_hot +hotprof" || fail "leaf_hot is not ranked first"
wait_for hot "callers of leaf_hot: work 100%"
# selected_row: the table rows (screen line 5 on) drawn in reverse video,
# as "LINE:FUNCTION", and the function the callers line names.  tmux
# writes an attribute where it starts, so the state carries across lines.
selected_row() {
	T capture-pane -e -p -t hot | python3 -c '
import re, sys
rev, sel, who = False, [], "-"
for no, line in enumerate(sys.stdin.read().split("\n"), 1):
    at = None
    for m in re.finditer(r"\x1b\[([0-9;]*)m|(.)", line):
        if m.group(2) is None:
            codes = m.group(1).split(";")
            if "7" in codes: rev = True
            if "0" in codes or "" in codes or "27" in codes: rev = False
        elif at is None and m.group(2) != " ":
            at = rev
    text = re.sub(r"\x1b\[[0-9;]*m", "", line)
    if no >= 5 and at and re.match(r"\s*[0-9.]+ +[0-9.]+ +[0-9]+ ", text):
        sel.append("%d:%s" % (no, text.split()[3]))
    m = re.search(r"callers of (\S+):", text)
    if m: who = m.group(1)
print(" ".join(sel), "callers:%s" % who)'
}
sr=$(selected_row)
[ "$sr" = "5:leaf_hot callers:leaf_hot" ] || fail "selection does not start on the top row: $sr"
T send-keys -t hot Down
deadline=$(($(date +%s) + 10))
while :; do
	sr=$(selected_row)
	case $sr in
	6:*) break ;;
	esac
	[ "$(date +%s)" -lt "$deadline" ] || fail "Down did not select the second row: $sr"
	sleep 0.1
done
name=${sr#6:}
name=${name%% *}
[ "$sr" = "6:$name callers:$name" ] || fail "the callers line does not name the selected row: $sr"
echo "after Down: $sr"
T send-keys -t hot Up
wait_for hot "Hz/thread, [0-9]+ samples, [0-9]+ lost|sampling n/a"
T send-keys -t hot s
wait_for hot "by total"
screen hot | sed -n 5p | grep -qE "^ +[0-9.]+ +100.0 " || fail "sorted by total, the first row is not at 100 %"
# w steps 10s -> 30s -> since attach.
T send-keys -t hot w w
wait_for hot "Hot functions: since attach, by total"
# Wall clock, idle threads unfolded and folded again, back to on-CPU.
T send-keys -t hot o
wait_for hot "Wall clock: since attach"
T send-keys -t hot I
wait_for hot "Wall clock, idle too: since attach"
T send-keys -t hot I
wait_for hot "Wall clock: since attach"
T send-keys -t hot o
wait_for hot "Hot functions: since attach"
T send-keys -t hot h
wait_for hot "hottest callers and callees"
T send-keys -t hot h
T send-keys -t hot q
wait_for hot "CTOP_DONE rc=0"
check_target
echo "PASS"
