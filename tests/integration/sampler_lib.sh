# SPDX-License-Identifier: GPL-2.0-or-later
# sampler_lib.sh: shared by the sampler_*.sh tests (sourced, not run).
# Starts the threads workload (4 threads spinning and sleeping, a progress
# counter in a file) and checks that no
# thread of it is stopped or traced and that it still makes progress.

. "$top_srcdir/tests/integration/lib.sh"

THREADS="$WL/threads"

# start_threads SECONDS: starts the workload, sets WL_PID, waits for its
# first counter.
start_threads() {
	start_workload "$THREADS" "$TMPD/count" "$1"
	i=0
	while [ ! -s "$TMPD/count" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$TMPD/count" ] || fail "the workload did not start"
}

# check_released WHEN: no thread in t/T, no tracer, and the counter grows.
check_released() {
	for st in /proc/"$WL_PID"/task/*/stat; do
		state=$(sed 's/.*) //' "$st" 2>/dev/null | cut -d' ' -f1)
		case "$state" in
		t | T) fail "$1: thread ${st%/stat} left in state $state" ;;
		esac
	done
	tracer=$(awk '/^TracerPid:/ { print $2 }' /proc/"$WL_PID"/status)
	[ "$tracer" = "0" ] || fail "$1: still traced by $tracer"
	before=$(cat "$TMPD/count")
	i=0
	while [ $i -lt 40 ]; do
		sleep 0.05
		now=$(cat "$TMPD/count")
		[ -n "$now" ] && [ "$now" -gt "$before" ] 2>/dev/null && return 0
		i=$((i + 1))
	done
	fail "$1: the workload made no progress in 2 s ($before)"
}

# ptrace_check OUT: skip (77) when ptrace is not allowed here, fail when
# the ptrace back end did not run or took no samples.
ptrace_check() {
	python3 - "$1" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
if not rows:
    print("no JSON rows"); sys.exit(1)
s = rows[-1].get("sampler") or {}
why = s.get("reason") or ""
if s.get("backend") in (None, "off"):
    if "Operation not permitted" in why or "Permission denied" in why:
        print("ptrace not allowed here: " + why); sys.exit(77)
    print("sampler off: " + why); sys.exit(1)
if s.get("backend") != "ptrace":
    print("backend is %s, not ptrace" % s.get("backend")); sys.exit(1)
if not s.get("samples"):
    print("no samples taken"); sys.exit(1)
held = s.get("held_us_avg")
print("ptrace: %d samples, rate %s Hz, held %s us per sample"
      % (s["samples"], s.get("rate_hz"), held))
if not isinstance(held, (int, float)) or held <= 0:
    print("held time unknown"); sys.exit(1)
PYEOF
}
