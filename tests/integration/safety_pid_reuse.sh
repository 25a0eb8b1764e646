#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# safety_pid_reuse: the target is a (pid, start time) pair.  While ctop is
# stopped the target is killed and another program is started under the
# same pid; when ctop is continued it must say the target exited (status
# 0, "exited" on stderr), write no snapshot of the new process, and never
# trace or stop it.  Deterministic: the whole scenario runs in a fresh pid
# namespace, where writing ns_last_pid hands the old pid to the next fork.
#
# Each case is a ctop command line and how ctop is stopped: SIGSTOP when
# it holds nothing that SIGSTOP could leave held (no ptrace), SIGTSTP
# (Ctrl-Z: ctop lets go of every traced thread, then stops) under ptrace.

if [ -z "${CTOP_IN_PIDNS:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "not root: cannot make a pid namespace to reuse a pid in"
		exit 77
	fi
	if ! command -v unshare >/dev/null 2>&1 ||
		! unshare --pid --fork --mount-proc true 2>/dev/null; then
		echo "unshare --pid --fork --mount-proc does not work here"
		exit 77
	fi
	CTOP_IN_PIDNS=1 exec unshare --pid --fork --mount-proc sh "$0" "$@"
fi

. "$top_srcdir/tests/integration/lib.sh"

[ -w /proc/sys/kernel/ns_last_pid ] || {
	echo "/proc/sys/kernel/ns_last_pid is not writable"
	exit 77
}

state_of() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1; }
lines() { wc -l <"$TMPD/out.json"; }

# wait_state PID STATE SECONDS: polls until PID is in STATE.
wait_state() {
	i=0
	while [ "$(state_of "$1")" != "$2" ] && [ $i -lt $(($3 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(state_of "$1")" = "$2" ]
}

# tracers PID: the distinct TracerPids of PID's threads.
tracers() {
	cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^TracerPid/ {print $2}' | sort -u | tr '\n' ' '
}

# reuse_case NAME STOPSIG CTOP-ARGS...
reuse_case() {
	name=$1 stopsig=$2
	shift 2
	rm -f "$TMPD/count" "$TMPD/ready"
	start_workload threads "$TMPD/count" 120
	old=$WL_PID
	i=0
	while [ ! -s "$TMPD/count" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$TMPD/count" ] || fail "$name: the target did not start"

	: >"$TMPD/out.json"
	"$CTOP" -p "$old" --batch -f json -d 0.1 "$@" >"$TMPD/out.json" 2>"$TMPD/err.txt" &
	CTOP_PID=$!
	i=0
	while [ "$(lines)" -lt 3 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(lines)" -ge 3 ] || fail "$name: no snapshots: $(cat "$TMPD/err.txt")"

	kill -"$stopsig" "$CTOP_PID"
	wait_state "$CTOP_PID" T 30 || fail "$name: ctop did not stop on SIG$stopsig"
	[ "$(tracers "$old")" = "0 " ] ||
		fail "$name: ctop stopped but the target is traced by $(tracers "$old")"
	before=$(lines)

	# The old target goes (reaped here: we are its parent) and a
	# different program takes its pid.
	killed_at=$(date +%s.%N)
	kill -KILL "$old"
	wait "$old" 2>/dev/null
	[ -e "/proc/$old" ] && fail "$name: pid $old still there after the kill"
	tries=0
	while :; do
		echo $((old - 1)) >/proc/sys/kernel/ns_last_pid
		"$WL/manythreads" "$TMPD/ready" 6 2 120 >/dev/null &
		new=$!
		WL_PIDS="$WL_PIDS $new"
		[ "$new" = "$old" ] && break
		kill -KILL "$new"
		wait "$new" 2>/dev/null
		tries=$((tries + 1))
		[ $tries -lt 5 ] || fail "$name: could not start a process as pid $old (got $new)"
	done
	i=0
	while [ ! -s "$TMPD/ready" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$TMPD/ready" ] || fail "$name: the new process did not start"

	kill -CONT "$CTOP_PID"
	# Until ctop ends, no thread of the new process may be traced by it
	# or stopped.
	deadline=$(($(date +%s) + 30))
	while [ -e "/proc/$CTOP_PID" ] && [ "$(state_of "$CTOP_PID")" != Z ]; do
		[ "$(date +%s)" -lt "$deadline" ] ||
			fail "$name: ctop still runs 30 s after the target was replaced"
		tr=$(tracers "$new")
		[ "$tr" = "0 " ] || fail "$name: the new process $new is traced: TracerPid $tr"
		for st in /proc/"$new"/task/*/stat; do
			s=$(sed 's/.*) //' "$st" 2>/dev/null | cut -d' ' -f1)
			case "$s" in
			t | T) fail "$name: thread ${st%/stat} of the new process in state $s" ;;
			esac
		done
		sleep 0.05
	done
	wait "$CTOP_PID"
	rc=$?
	CTOP_PID=""
	[ $rc -eq 0 ] || fail "$name: ctop exited $rc: $(cat "$TMPD/err.txt")"
	grep -q "process $old (threads) exited" "$TMPD/err.txt" ||
		fail "$name: ctop did not say the target exited: $(cat "$TMPD/err.txt")"
	[ "$(tracers "$new")" = "0 " ] || fail "$name: the new process is traced: $(tracers "$new")"
	after=$(lines)
	python3 - "$TMPD/out.json" "$before" "$new" "$killed_at" <<'PYEOF' || fail "$name: snapshots of the new process"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
before, new, killed_at = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
bad = [r["seq"] for r in rows if r["process"]["comm"] != "threads"
       or r["process"]["pid"] != new or len(r["threads"]) > 5]
if bad:
    print("rows not of the old target: seq %s" % bad); sys.exit(1)
# ctop may have been stopped between a tick's reads and its write: that
# row is the old target's, read before the kill.  None may be younger.
late = [r["seq"] for r in rows[before:] if r["ts"] >= killed_at]
if late:
    print("rows of ticks begun after the target was killed: seq %s" % late); sys.exit(1)
PYEOF
	echo "$name: pid $old reused by manythreads; ctop wrote $before rows before the kill, none of a later tick," \
		"said: $(cat "$TMPD/err.txt")"
	kill -KILL "$new"
	wait "$new" 2>/dev/null
}

reuse_case nosampler STOP -F 0
reuse_case ptrace TSTP --sampler ptrace -F 200
reuse_case ptrace-locks-wall TSTP --sampler ptrace -F 200 --locks sample --wall --wall-backend sample
reuse_case perf-wall STOP --sampler perf -F 200 --wall
exit 0
