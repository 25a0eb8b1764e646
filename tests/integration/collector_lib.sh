# collector_lib.sh: shared by the collector_*.sh tests (sourced, not run).
# Starts workloads, kills them on every exit path, runs ctop in batch JSON
# mode, and checks the JSON Lines contract keys with python3.

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

CTOP="$top_builddir/src/ctop"
WL="$top_builddir/tests/workloads"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ctop-collector.XXXXXX")
WL_PIDS=""

collector_cleanup() {
	for p in $WL_PIDS; do
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$TMPD"
}
trap collector_cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 is missing: cannot parse the JSON output"
	exit 77
fi

# start_workload NAME ARGS...: starts it in the background, sets WL_PID.
start_workload() {
	name=$1
	shift
	TMPDIR="$TMPD" "$WL/$name" "$@" &
	WL_PID=$!
	WL_PIDS="$WL_PIDS $WL_PID"
}

# run_ctop PID: five one-second JSON snapshots into $TMPD/out.json.
run_ctop() {
	"$CTOP" -p "$1" --batch --format json -d 1 -n 5 -F 0 \
		>"$TMPD/out.json" 2>"$TMPD/err.txt"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "ctop exited $rc"
		cat "$TMPD/err.txt"
		exit 1
	fi
}

# check_contract FILE: every line is one JSON object with every key of
# the batch JSON contract.
check_contract() {
	python3 - "$1" <<'PYEOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no output"
need = {
    "": ["ctop", "ts", "interval_s", "process", "memory", "io", "system", "threads"],
    "process": ["pid", "comm", "state", "threads", "cpu_pct", "user_pct", "sys_pct",
                "rss_bytes", "rss_anon_bytes", "rss_file_bytes", "swap_bytes",
                "vsz_bytes", "minflt_per_s", "majflt_per_s",
                "ctxsw_voluntary_per_s", "ctxsw_involuntary_per_s"],
    "memory": ["rss_bytes", "rss_growth_bytes_per_s", "growth_window_s"],
    "io": ["rchar_per_s", "wchar_per_s", "syscr_per_s", "syscw_per_s",
           "read_bytes_per_s", "write_bytes_per_s", "reason"],
    "system": ["cpus", "mem_total_bytes", "mem_available_bytes", "load1", "disks"],
}
for n, line in enumerate(lines):
    d = json.loads(line)
    assert d["ctop"] == 1, "ctop version key"
    for sect, keys in need.items():
        obj = d[sect] if sect else d
        for k in keys:
            assert k in obj, "line %d: %s.%s missing" % (n + 1, sect or "top", k)
    for c in d["system"]["cpus"]:
        for k in ["cpu", "user_pct", "sys_pct", "iowait_pct", "steal_pct"]:
            assert k in c, "cpus[].%s missing" % k
    assert d["threads"], "no threads"
    for t in d["threads"]:
        for k in ["tid", "comm", "state", "cpu_pct", "user_pct", "sys_pct",
                  "ctxsw_voluntary_per_s", "ctxsw_involuntary_per_s",
                  "rchar_per_s", "wchar_per_s"]:
            assert k in t, "threads[].%s missing" % k
    assert isinstance(d["process"]["state"], str) and len(d["process"]["state"]) == 1
print("contract: %d lines, all keys present" % len(lines))
PYEOF
}
