#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sampler_sigkill: ctop sampling a multi-threaded workload with the ptrace
# back end at 500 Hz is SIGKILLed at random moments, 30 times; after each
# kill no thread of the workload may be stopped (t/T) or traced, and the
# workload must still make progress.  The kernel detaches every tracee
# when the tracer dies, including one held in an interrupt stop; this
# checks that nothing we do defeats that.  Then the same with fatal
# signals that ctop catches (SEGV, ABRT, BUS): its handler detaches.
. "$top_srcdir/tests/integration/sampler_lib.sh"

start_threads 600

# First make sure the ptrace back end really runs here.
"$CTOP" -p "$WL_PID" --batch -f json -d 0.2 -n 3 --sampler ptrace -F 500 \
	>"$TMPD/first.json" 2>"$TMPD/err.txt" || { cat "$TMPD/err.txt"; fail "ctop exited $?"; }
ptrace_check "$TMPD/first.json"
rc=$?
[ $rc -eq 0 ] || exit $rc
check_released "after a normal end"

# Random delays of 50-400 ms, from the kernel's random source.
delays=$(od -An -N60 -tu2 /dev/urandom | tr -s ' ' '\n' | grep . |
	awk '{ printf "%.3f\n", (50 + $1 % 351) / 1000 }')
n=0
for d in $delays; do
	"$CTOP" -p "$WL_PID" --batch -f json -d 0.2 --sampler ptrace -F 500 \
		>/dev/null 2>&1 &
	CTOP_PID=$!
	sleep "$d"
	kill -KILL "$CTOP_PID"
	wait "$CTOP_PID" 2>/dev/null
	CTOP_PID=""
	n=$((n + 1))
	check_released "kill $n after ${d}s"
done
[ $n -eq 30 ] || fail "ran $n iterations, not 30"
echo "30 SIGKILLs at random moments: workload never left stopped or traced"

# The fatal-signal path (sampler_emergency_release, then death by the
# signal), without core files.
ulimit -c 0
for sig in SEGV ABRT BUS SEGV ABRT; do
	"$CTOP" -p "$WL_PID" --batch -f json -d 0.2 --sampler ptrace -F 500 \
		>/dev/null 2>&1 &
	CTOP_PID=$!
	sleep 0.3
	kill -"$sig" "$CTOP_PID"
	wait "$CTOP_PID" 2>/dev/null
	CTOP_PID=""
	check_released "after SIG$sig"
done
echo "fatal signals: workload never left stopped or traced"
exit 0
