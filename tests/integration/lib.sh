# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh: the common ground of the integration tests (sourced, not run):
# where ctop and the workloads are, a private temporary directory, and the
# cleanup that kills every workload and ctop on every exit path.

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

CTOP="$top_builddir/src/ctop"
WL="$top_builddir/tests/workloads"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ctop-test.XXXXXX")
WL_PIDS=""
WL_PID=""
CTOP_PID=""

lib_cleanup() {
	[ -n "$CTOP_PID" ] && kill -9 "$CTOP_PID" 2>/dev/null
	for p in $WL_PIDS; do
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$TMPD"
}
trap lib_cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*"
	exit 1
}

if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 is missing: cannot parse the JSON output"
	exit 77
fi

# start_workload PROGRAM ARGS...: starts PROGRAM (a name under
# tests/workloads, or a path) in the background; sets WL_PID and has it
# killed at exit.
start_workload() {
	prog=$1
	shift
	case "$prog" in
	*/*) ;;
	*) prog="$WL/$prog" ;;
	esac
	TMPDIR="$TMPD" "$prog" "$@" >/dev/null &
	WL_PID=$!
	WL_PIDS="$WL_PIDS $WL_PID"
}

# run_batch OUT ARGS...: runs ctop ARGS with stdout to OUT; fails the test,
# showing ctop's stderr, when ctop does not exit 0.
run_batch() {
	out=$1
	shift
	"$CTOP" "$@" >"$out" 2>"$TMPD/err.txt"
	batch_rc=$?
	if [ $batch_rc -ne 0 ]; then
		echo "ctop $* exited $batch_rc"
		cat "$TMPD/err.txt"
		exit 1
	fi
}

# run_json_until OUT COND ARGS...: runs ctop ARGS (JSON lines, a large -n)
# with stdout to OUT until the Python expression COND, over the list rows
# of the lines written so far, is true, or ctop ends; then stops it with
# SIGINT as a user would.  For tests that need an amount of data (samples,
# CPU time), not an amount of time: a loaded machine only makes them slow.
run_json_until() {
	out=$1 cond=$2
	shift 2
	"$CTOP" "$@" >"$out" 2>"$TMPD/err.txt" &
	until_pid=$!
	# The condition is one Python expression over rows; it may span
	# lines.  One that does not compile fails the test at once.
	python3 - "$out" "$until_pid" "$cond" <<'PYEOF'
import json, sys, time
out, pid, cond = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    code = compile("(" + cond + "\n)", "condition", "eval")
except SyntaxError as e:
    print("run_json_until: bad condition: %s" % e)
    sys.exit(3)
def alive():
    try:
        return open("/proc/%d/stat" % pid).read().split()[2] != "Z"
    except OSError:
        return False
while alive():
    rows = [json.loads(l) for l in open(out).read().split("\n")[:-1]]
    if rows and eval(code, {"rows": rows}):
        break
    time.sleep(0.2)
PYEOF
	cond_rc=$?
	kill -INT "$until_pid" 2>/dev/null
	wait "$until_pid"
	until_rc=$?
	[ $cond_rc -eq 0 ] || fail "run_json_until: the condition failed (status $cond_rc)"
	if [ $until_rc -ne 0 ]; then
		echo "ctop $* exited $until_rc"
		cat "$TMPD/err.txt"
		exit 1
	fi
}
