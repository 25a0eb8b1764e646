# SPDX-License-Identifier: GPL-2.0-or-later
# collector_lib.sh: shared by the collector_*.sh tests (sourced, not run).
# Runs ctop in batch JSON mode and checks the JSON Lines contract keys
# with python3.

. "$top_srcdir/tests/integration/lib.sh"

# run_ctop PID: five one-second JSON snapshots into $TMPD/out.json.
run_ctop() {
	run_batch "$TMPD/out.json" -p "$1" --batch --format json -d 1 -n 5 -F 0
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
    assert d["ctop"] == 2, "ctop version key"
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
