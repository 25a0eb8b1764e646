#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sched_cgroup: a busy thread in a cgroup with a CPU limit of 20 % of one
# CPU (cpu.max in cgroup v2, cpu.cfs_quota_us/cfs_period_us in v1, in
# whichever hierarchy this machine has) is throttled: ctop's JSON shows the
# cgroup, the 0.2-CPU limit, throttling in most periods, the hint, and the
# dashboard's header shows the limit.  Skipped, saying why, where no
# cgroup can be made.
. "$top_srcdir/tests/integration/lib.sh"

CG=""
cg_cleanup() {
	lib_cleanup
	[ -n "$CG" ] && rmdir "$CG" 2>/dev/null
	[ -n "$TSOCK" ] && tmux -L "$TSOCK" kill-server 2>/dev/null
}
trap cg_cleanup EXIT
name="ctop-test-$$"
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	# cgroup v2: the cpu controller must be enabled for children.
	grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
		echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	if mkdir "/sys/fs/cgroup/$name" 2>/dev/null; then
		CG="/sys/fs/cgroup/$name"
		echo "20000 100000" >"$CG/cpu.max" 2>/dev/null || {
			echo "SKIP: cannot write $CG/cpu.max (cpu controller not delegated)"
			exit 77
		}
	fi
elif [ -d /sys/fs/cgroup/cpu ] && mkdir "/sys/fs/cgroup/cpu/$name" 2>/dev/null; then
	CG="/sys/fs/cgroup/cpu/$name"
	echo 100000 >"$CG/cpu.cfs_period_us" && echo 20000 >"$CG/cpu.cfs_quota_us" || {
		echo "SKIP: cannot set the CPU quota of $CG"
		exit 77
	}
fi
if [ -z "$CG" ]; then
	echo "SKIP: no cgroup can be made under /sys/fs/cgroup (needs root and a writable" \
		"cgroup v2 or v1 cpu hierarchy)"
	exit 77
fi
# The workload starts inside the cgroup: a shell moves itself, then execs.
# It runs at nice -15 so that other tests running beside it on a small
# machine cannot starve it below its quota (then it would never be
# throttled and there would be nothing to see).
TMPDIR="$TMPD" sh -c 'echo $$ >"$1/cgroup.procs" && exec nice -n -15 "$2" 1 120' sh "$CG" \
	"$WL/pinned" >/dev/null &
WL_PID=$!
WL_PIDS="$WL_PIDS $WL_PID"
i=0
while [ "$(ls /proc/$WL_PID/task 2>/dev/null | wc -l)" -lt 2 ]; do
	i=$((i + 1))
	[ $i -gt 500 ] && fail "pinned did not start in $CG"
	sleep 0.01
done
grep -q "$name" /proc/$WL_PID/cgroup || fail "workload not in $CG: $(cat /proc/$WL_PID/cgroup)"

# Until four snapshots in a row are throttled in most periods (a
# workload starved by a busy machine cannot use even its quota), or 120.
run_json_until "$TMPD/out.json" \
	'len(rows) >= 120 or (len(rows) >= 6 and all(
	 (r.get("cgroup") or {}).get("throttled_pct") is not None and
	 r["cgroup"]["throttled_pct"] >= 50 for r in rows[-4:]))' \
	-p "$WL_PID" --batch -f json -n 200 -d 0.5 -F 0 --locks off
python3 - "$TMPD/out.json" "$name" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
name = sys.argv[2]
bad = []
throttled = 0
for i, d in enumerate(rows[1:], 1):
    g = d["cgroup"]
    print("snapshot %d: v%s %s cpu_max %s throttled %s%% (%s ms/s) cpu %.1f%%" % (
        i, g["version"], g["path"], g["cpu_max"], g["throttled_pct"], g["throttled_ms_per_s"],
        d["process"]["cpu_pct"]))
    if not g["path"] or name not in g["path"]:
        bad.append("snapshot %d: path %s" % (i, g["path"]))
    if g["cpu_max"] is None or abs(g["cpu_max"] - 0.2) > 1e-6 or not g["limited"]:
        bad.append("snapshot %d: cpu_max %s limited %s" % (i, g["cpu_max"], g["limited"]))
    if g["throttled_pct"] is not None and g["throttled_pct"] >= 50:
        throttled += 1
    if d["process"]["cpu_pct"] > 30:
        bad.append("snapshot %d: %.1f%% CPU through a 20%% limit" % (i, d["process"]["cpu_pct"]))
hints = rows[-1]["sched_hints"]
print("hints:", hints)
if throttled < 3:
    if not bad and any("overcommitted" in h for h in hints):
        # Starved by the machine even at nice -15: the quota was never
        # reached, so there was no throttling to show, and ctop said why.
        print("SKIP: the machine was too busy for the workload to reach its quota")
        sys.exit(77)
    bad.append("throttled in >= 50%% of periods in only %d snapshots" % throttled)
if not any(h.startswith("throttled") and "0.20 CPUs" in h for h in hints):
    bad.append("no throttling hint: %s" % hints)
if any("overcommitted" in h for h in hints):
    bad.append("throttling blamed on the machine: %s" % hints)
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
PYEOF
rc=$?
[ $rc -eq 77 ] && exit 77
[ $rc -eq 0 ] || exit 1

# The header of the dashboard names the limit.
command -v tmux >/dev/null 2>&1 || { echo "tmux missing: header not checked"; exit 0; }
TSOCK="ctop-cg-$$"
TERM=xterm-256color tmux -L "$TSOCK" new-session -d -s t -x 140 -y 40 \
	"$CTOP -p $WL_PID -d 0.5 -F 0 --locks off"
i=0
until tmux -L "$TSOCK" capture-pane -p -t t 2>/dev/null | head -1 | grep -q "cgroup cpu max 0.20"; do
	i=$((i + 1))
	if [ $i -gt 200 ]; then
		tmux -L "$TSOCK" capture-pane -p -t t | head -3
		fail "header without the cgroup limit"
	fi
	sleep 0.05
done
tmux -L "$TSOCK" capture-pane -p -t t | head -1
