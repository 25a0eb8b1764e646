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
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "ctop $* exited $rc"
		cat "$TMPD/err.txt"
		exit 1
	fi
}
