#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# replay: a recording made with --batch -f json -o, played back in the
# dashboard (tmux, 80x24) after the process is gone.  The header says it
# is a replay, of when, and the recorded pid; '.' and ',' step forward and
# back, '>' seeks to the end; the CPU panel shows the recorded user CPU of
# the line shown; Hot (5) lists leaf_hot above leaf_cold from the recorded
# stacks and Flame (6) draws them.  A file cut mid-line replays without
# its last line and says so; a newer schema version is refused.  'W'
# writes the settings to $XDG_CONFIG_HOME/ctop/ctoprc, and the next start
# opens on the saved panel.
. "$top_srcdir/tests/tui/lib.sh"

# Before the tmux server starts, so ctop inherits it.
XDG_CONFIG_HOME="$WORK/cfg"
export XDG_CONFIG_HOME

"$top_builddir/tests/workloads/hotprof" 600 >/dev/null &
HP=$!
KILL_PIDS="$KILL_PIDS $HP"
REC="$WORK/rec.jsonl"
# Record until ten lines in a row hold 100 samples (a count: on a loaded
# machine hotprof gets less CPU), then keep those ten lines.
"$CTOP" -p "$HP" --batch -f json -d 0.3 -n 1000 -o "$WORK/all.jsonl" 2>"$WORK/rec.err" &
RECPID=$!
python3 - "$WORK/all.jsonl" "$RECPID" <<'PYEOF'
import json, os, sys, time
out, pid = sys.argv[1], int(sys.argv[2])
deadline = time.time() + 180
while time.time() < deadline:
    try:
        rows = [json.loads(l) for l in open(out).read().split("\n")[:-1]]
    except OSError:
        rows = []
    if len(rows) >= 10 and sum(st["n"] for r in rows[-10:]
                               for st in r["interval_stacks"]["stacks"]) >= 100:
        break
    time.sleep(0.2)
PYEOF
kill -INT "$RECPID"
wait "$RECPID" || { cat "$WORK/rec.err"; fail "recording failed"; }
tail -n 10 "$WORK/all.jsonl" >"$REC"
kill "$HP"
[ "$(wc -l <"$REC")" -eq 10 ] || fail "recording has $(wc -l <"$REC") lines, not 10"
python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows[-1]["interval_stacks"]["stacks"], "no interval stacks recorded"' "$REC" ||
	fail "the recording lacks interval stacks"
# The user CPU of lines 2 and 10, as the CPU panel prints them (fmt_pct).
usr() { python3 -c 'import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2]) - 1]
v = r["process"]["user_pct"]
print("%.1f" % v if abs(v) < 99.95 else "%.0f" % v)' "$REC" "$1"; }
usr2=$(usr 2)
usr10=$(usr 10)

start_ctop rp --replay "$REC"
wait_for rp "REPLAY of [0-9-]+ [0-9:]+  1/10  pid $HP"
wait_for rp "PAUSED"
T send-keys -t rp .
wait_for rp "REPLAY of .*  2/10  pid $HP"
wait_for rp "usr $usr2%"
T send-keys -t rp . . ,
wait_for rp "REPLAY of .*  3/10  pid $HP"
T send-keys -t rp '>'
wait_for rp "REPLAY of .*  10/10  pid $HP"
wait_for rp "END"
wait_for rp "usr $usr10%"
T send-keys -t rp 5
wait_for rp "leaf_hot +hotprof"
screen rp >"$WORK/hot"
hot_y=$(grep -n "leaf_hot" "$WORK/hot" | head -1 | cut -d: -f1)
cold_y=$(grep -n "leaf_cold" "$WORK/hot" | head -1 | cut -d: -f1)
[ -n "$cold_y" ] && [ "$hot_y" -lt "$cold_y" ] || { cat "$WORK/hot"; fail "leaf_hot is not above leaf_cold"; }
T send-keys -t rp 6
wait_for rp "^Flame: .*[0-9]+ samples"
T send-keys -t rp '<'
wait_for rp "REPLAY of .*  1/10  pid $HP"
T send-keys -t rp W
wait_for rp "settings written to $WORK/cfg/ctop/ctoprc"
grep -qx "panel = flame" "$WORK/cfg/ctop/ctoprc" || { cat "$WORK/cfg/ctop/ctoprc"; fail "W did not save the panel"; }
T send-keys -t rp q
wait_for rp "CTOP_DONE rc=0"

# Cut mid-way through the last line: nine lines and a warning.
head -c $(($(wc -c <"$REC") - 40)) "$REC" >"$WORK/cut.jsonl"
start_ctop cut --replay "$WORK/cut.jsonl"
wait_for cut "REPLAY of .*  1/9  pid $HP"
# The saved panel comes first.
wait_for cut "^Flame: "
wait_for cut "cut.jsonl:10: truncated last line ignored"
T send-keys -t cut q
wait_for cut "CTOP_DONE rc=0"

# A newer schema is refused with a message and status 1.
sed '1s/"ctop":2/"ctop":3/' "$REC" >"$WORK/future.jsonl"
"$CTOP" --replay "$WORK/future.jsonl" >"$WORK/future.out" 2>&1 && fail "a newer schema was replayed"
grep -q "future.jsonl:1: schema version 3 is newer than this ctop reads (2)" "$WORK/future.out" ||
	{ cat "$WORK/future.out"; fail "no schema message"; }
echo "not json" >"$WORK/junk.jsonl"
"$CTOP" --replay "$WORK/junk.jsonl" >"$WORK/junk.out" 2>&1 && fail "junk was replayed"
grep -q "junk.jsonl:1: not JSON" "$WORK/junk.out" || { cat "$WORK/junk.out"; fail "no message for junk"; }
echo "PASS"
