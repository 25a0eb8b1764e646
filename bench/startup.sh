#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/startup.sh: time from start to the first full frame on a 120x40
# terminal (bench/firstframe.py), ctop -p PID against htop -p PID on the
# same 5-thread target, alternated BENCH_REPEATS times (at least 5).
# Prints rows for bench/run.sh; asserts nothing.
. "$(dirname "$0")/lib.sh"
WL=$B/tests/workloads/threads
N=$REPEATS
[ "$N" -ge 5 ] || N=5
"$WL" "$W/count" 300 &
TP=$!
KILL_PIDS="$KILL_PIDS $TP"
need htop htop || htop_missing=1
sleep 0.5
for i in $(seq "$N"); do
	python3 "$BENCH_DIR/firstframe.py" quit "$CTOP" -p "$TP" >>"$W/ctop"
	python3 "$BENCH_DIR/firstframe.py" quit "$CTOP" -p "$TP" -F 0 --locks off >>"$W/ctop0"
	[ -z "${htop_missing:-}" ] && python3 "$BENCH_DIR/firstframe.py" Quit htop -p "$TP" >>"$W/htop"
done
S="startup to first frame, 120x40"
row "$S" "ctop -p PID" s "" $(cat "$W/ctop")
row "$S" "ctop -p PID -F 0 --locks off" s "" $(cat "$W/ctop0")
if [ -z "${htop_missing:-}" ]; then
	row "$S" "htop -p PID" s "" $(cat "$W/htop")
else
	skip "$S" "htop -p PID" "htop cannot be installed"
fi
exit 0
