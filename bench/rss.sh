#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/rss.sh: peak memory over a long watch.  A 200-thread pool
# (bench/pool.c, 4 busy) watched for BENCH_RSS_SECS (default 60; 600 with
# BENCH_LONG=1) at the same time by ctop --batch with each back end
# (default rate, JSON to /dev/null), the ctop dashboard on the Hot panel
# and htop -p PID, each in a 120x40 tmux pane.  Peak RSS is VmHWM at the
# end; the note gives VmRSS at a third and two thirds of the run and the
# end, so a cache that keeps growing shows.  One run (the figure is
# min = median = max).  Prints rows for bench/run.sh; asserts nothing.
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_RSS_SECS:-60}
[ -n "${BENCH_LONG:-}" ] && SECS=600
build pool pool.c
need htop htop || htop_missing=1
"$W/pool" 200 4 $((SECS + 60)) 2>/dev/null &
TP=$!
KILL_PIDS="$KILL_PIDS $TP"
sleep 0.5
"$CTOP" -p "$TP" --batch -f json -o /dev/null --sampler perf 2>/dev/null &
echo $! >"$W/perf.wpid"
KILL_PIDS="$KILL_PIDS $!"
"$CTOP" -p "$TP" --batch -f json -o /dev/null --sampler ptrace 2>/dev/null &
echo $! >"$W/ptrace.wpid"
KILL_PIDS="$KILL_PIDS $!"
pane w-dash "$CTOP -p $TP" >"$W/dash.wpid"
names="perf ptrace dash"
if [ -z "${htop_missing:-}" ]; then
	pane w-htop "htop -d 10 -p $TP" >"$W/htop.wpid"
	names="$names htop"
fi
sleep 2
T send-keys -t w-dash 5
kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }
for third in 1 2 3; do
	sleep $((SECS / 3))
	for n in $names; do
		v=$(kb "$(cat "$W/$n.wpid")" VmRSS)
		echo "${v:-gone}" >>"$W/$n.rss"
	done
done
S="peak RSS, 200-thread pool, $SECS s"
label() {
	case $1 in
	perf) echo "ctop --batch --sampler perf" ;;
	ptrace) echo "ctop --batch --sampler ptrace" ;;
	dash) echo "ctop dashboard, Hot panel" ;;
	htop) echo "htop -d 10 -p PID" ;;
	esac
}
for n in $names; do
	hwm=$(kb "$(cat "$W/$n.wpid")" VmHWM)
	mb=$(awk -v k="${hwm:-0}" 'BEGIN { if (k > 0) printf "%.1f\n", k / 1024; else print "n/a" }')
	row "$S" "$(label "$n")" MB "RSS at thirds: $(awk '{ printf "%s%.1f", (NR > 1 ? " / " : ""), $1 / 1024 }' "$W/$n.rss") MB" "$mb"
done
[ -n "${htop_missing:-}" ] && skip "$S" "htop -p PID" "htop cannot be installed"
exit 0
