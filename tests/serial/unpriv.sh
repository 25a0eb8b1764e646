#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# unpriv: ctop as an ordinary user, under perf_event_paranoid 2 and 3.
# It changes that global setting (restored on every exit path), so it is
# not in make check's parallel TESTS: make check-serial runs it alone.
#
# For each paranoid value, as user nobody:
# - its own workload (hotwork syscall: mostly system time) with the
#   default back end: what the kernel answers this user is probed first
#   (tests/serial/perfprobe.py), and ctop must agree in EVERY snapshot:
#   perf when user-mode perf_event_open works, with kernel frames refused
#   for the reason the probe saw; else ptrace with "perf not allowed
#   (reason); using ptrace".  Counters: the reason for what the probe saw,
#   never perf_event_paranoid where paranoid allowed the event.  No
#   kernel frame claimed, samples taken, exit status 0.
# - the same under a seccomp filter answering EPERM to perf_event_open
#   (a container): ptrace stands in and every snapshot says so, naming the
#   filter and not perf_event_paranoid.
# - a root-owned workload: /proc's figures (CPU, RSS, threads) shown, IO,
#   sampling and counters null with reasons naming the other user.
# Where Yama exists, ptrace_scope 1 (restored) must be named when the
# ptrace back end is refused; this part says so and is left out without.
. "$top_srcdir/tests/integration/lib.sh"

PARANOID=/proc/sys/kernel/perf_event_paranoid
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1 || [ ! -w "$PARANOID" ]; then
	echo "needs root, setpriv and a writable $PARANOID"
	exit 77
fi
YAMA=/proc/sys/kernel/yama/ptrace_scope
old=$(cat "$PARANOID")
old_yama=$(cat "$YAMA" 2>/dev/null)
restore() {
	echo "$old" >"$PARANOID"
	[ -n "$old_yama" ] && echo "$old_yama" >"$YAMA"
	lib_cleanup
}
trap restore EXIT
AS="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
chmod 755 "$TMPD"
# The build tree may sit where nobody cannot go (a CI clone under a
# private directory): copies in a directory it can.
BIN="$CTOP" HOTWORK="$WL/hotwork" SPIN="$WL/spin"
PROBE="$top_srcdir/tests/serial/perfprobe.py"
if ! $AS test -x "$BIN" || ! $AS test -x "$HOTWORK" || ! $AS test -r "$PROBE"; then
	mkdir "$TMPD/bin"
	cp "$CTOP" "$WL/hotwork" "$WL/spin" "$PROBE" "$TMPD/bin/" || fail "cannot copy the programs"
	chmod 755 "$TMPD/bin" "$TMPD/bin/ctop" "$TMPD/bin/hotwork" "$TMPD/bin/spin"
	chmod 644 "$TMPD/bin/perfprobe.py"
	BIN="$TMPD/bin/ctop" HOTWORK="$TMPD/bin/hotwork" SPIN="$TMPD/bin/spin"
	PROBE="$TMPD/bin/perfprobe.py"
fi

# A python3 nobody can run (root's PATH may lead to one under /root).
UPY=""
for py in "$(command -v python3)" /usr/bin/python3 /usr/local/bin/python3; do
	if [ -n "$py" ] && $AS "$py" -c "" 2>/dev/null; then
		UPY=$py
		break
	fi
done
[ -n "$UPY" ] || { echo "no python3 that nobody may run"; exit 77; }

# as_until OUT COND [PREFIX...] -- ARGS: ctop ARGS as nobody (after PREFIX,
# a wrapper) until COND over the rows (see run_json_until), then SIGINT.
as_until() {
	out=$1 cond=$2
	shift 2
	pre=""
	while [ "$1" != "--" ]; do
		pre="$pre $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	$AS $pre "$BIN" "$@" >"$out" 2>"$TMPD/err.txt" &
	cpid=$!
	python3 - "$out" "$cpid" "$cond" <<'PYEOF'
import json, sys, time
out, pid, cond = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def alive():
    try:
        return open("/proc/%d/stat" % pid).read().split()[2] != "Z"
    except OSError:
        return False
while alive():
    rows = [json.loads(l) for l in open(out).read().split("\n")[:-1]]
    if rows and eval(cond, {"rows": rows}):
        break
    time.sleep(0.2)
PYEOF
	kill -INT "$cpid" 2>/dev/null
	wait "$cpid"
	rc=$?
	if [ $rc -ne 0 ]; then
		cat "$TMPD/err.txt"
		fail "ctop as nobody ($pre $*) exited $rc"
	fi
}

# check OUT PROBE_JSON PARANOID MODE: MODE own, seccomp or root.
check() {
	python3 - "$@" <<'PYEOF' || exit 1
import errno, json, os, sys
out, probe, paranoid, mode = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [json.loads(l) for l in open(out) if l.strip()]
assert len(rows) >= 2, "only %d snapshots" % len(rows)
pmu = os.path.exists("/sys/bus/event_source/devices/cpu")

def want(e, kernel_mode, seccomp=False):
    """The phrase for errno e, by the rules the man page states."""
    if e in (errno.ENOENT, errno.EOPNOTSUPP, errno.ENODEV, errno.EINVAL):
        return "event not supported by this CPU" if pmu else "no PMU exposed"
    if e == errno.EPERM and seccomp:
        return "perf_event_open EPERM, not a perf_event_paranoid refusal: a seccomp filter on ctop (a container?)"
    if e == errno.EACCES and kernel_mode and paranoid >= 2:
        return "perf_event_paranoid=%d: kernel mode needs <= 1, root or CAP_PERFMON" % paranoid
    if e == errno.EACCES and mode == "root":
        return "process of another user (uid 0): perf needs root, CAP_PERFMON or CAP_SYS_PTRACE"
    if e == errno.EACCES and paranoid >= 3:
        return "perf_event_paranoid=%d: perf needs root or CAP_PERFMON" % paranoid
    raise AssertionError("probe errno %d not covered by the test" % e)

seccomp = mode == "seccomp"
if seccomp:
    probe = {k: errno.EPERM for k in probe}
samples = 0
for r in rows:
    s, c = r["sampler"], r["counters"]
    frames = [h for h in r["hot"] + r["hot_interval"] if h["module"].startswith("[kernel")]
    assert not frames, "kernel frames claimed: %r" % frames
    assert s.get("kernel") is not True, "kernel frames claimed (kernel true)"
    if mode == "root":
        assert s["backend"] == "off", s["backend"]
        assert "process of another user (uid 0)" in (s["reason"] or ""), s["reason"]
    elif probe["clock_user"] == 0:
        assert s["backend"] == "perf", "perf works for this user, back end %r" % s["backend"]
        assert s["kernel_reason"] == want(probe["clock_kernel"], 1), s["kernel_reason"]
        assert "perf not allowed" not in (s["reason"] or ""), s["reason"]
    else:
        assert s["backend"] == "ptrace", "back end %r: %s" % (s["backend"], s["reason"])
        note = "perf not allowed (%s); using ptrace" % want(probe["clock_user"], 0, seccomp)
        assert (s["reason"] or "").startswith(note), "seq %d reason %r, want %r" % (
            r["seq"], s["reason"], note)
    samples += s["interval_samples"] or 0
    if probe["cycles_user"] == 0:
        assert c["available"], "cycles open for this user, counters %r" % c["reason"]
    else:
        assert not c["available"]
        assert c["reason"] == want(probe["cycles_user"], 0, seccomp), \
            "counters reason %r, probe errno %d" % (c["reason"], probe["cycles_user"])
        if paranoid <= 2 or probe["cycles_user"] != errno.EACCES:
            assert "paranoid=" not in c["reason"], c["reason"]
if mode == "root":
    last = rows[-1]
    p, io = last["process"], last["io"]
    assert p["cpu_pct"] is not None and p["rss_bytes"] and p["threads"] == 2, p
    assert len(last["threads"]) == 2, last["threads"]
    assert io["reason"] == "no permission to read /proc/PID/io", io
    assert io["rchar_per_s"] is None, io
    assert last["locks_backend"]["reason"], last["locks_backend"]
    print("root's process: cpu %.0f %%, rss %d, io: %s; sampler: %s; counters: %s" % (
        p["cpu_pct"], p["rss_bytes"], io["reason"], last["sampler"]["reason"],
        last["counters"]["reason"]))
else:
    assert samples > 0, "no samples in %d snapshots" % len(rows)
    s = rows[-1]["sampler"]
    print("paranoid %d, %s: %s, %d samples; reason %r; kernel %r; counters %r" % (
        paranoid, mode, s["backend"], samples, s["reason"], s["kernel_reason"],
        rows[-1]["counters"]["reason"]))
PYEOF
}

SAMPLED='len(rows) >= 5 and sum(r["sampler"]["interval_samples"] or 0 for r in rows[1:]) >= 30 or rows[-1]["sampler"]["backend"] == "off"'
$AS "$HOTWORK" syscall 600 >/dev/null &
USER_WL=$!
"$SPIN" 600 >/dev/null &
ROOT_WL=$!
WL_PIDS="$WL_PIDS $USER_WL $ROOT_WL"
for p in 2 3; do
	echo "$p" >"$PARANOID"
	probe=$($AS "$UPY" "$PROBE" probe "$USER_WL") || fail "perfprobe failed"
	echo "paranoid $p, nobody on its own process: kernel answers $probe"
	as_until "$TMPD/own$p.json" "$SAMPLED" -- -p "$USER_WL" --batch -f json -d 0.5 -n 60
	check "$TMPD/own$p.json" "$probe" "$p" own
	if $AS "$UPY" "$PROBE" seccomp /bin/true; then
		as_until "$TMPD/sec$p.json" "$SAMPLED" "$UPY" "$PROBE" seccomp -- \
			-p "$USER_WL" --batch -f json -d 0.5 -n 60
		check "$TMPD/sec$p.json" "$probe" "$p" seccomp
	else
		echo "no seccomp filter here: the container case is not tested"
	fi
	# A process of root's: what /proc shows, the rest n/a with reasons.
	probe=$($AS "$UPY" "$PROBE" probe "$ROOT_WL") || fail "perfprobe failed"
	echo "paranoid $p, nobody on root's process: kernel answers $probe"
	as_until "$TMPD/root$p.json" 'len(rows) >= 3' -- -p "$ROOT_WL" --batch -f json -d 0.5 -n 60
	check "$TMPD/root$p.json" "$probe" "$p" root
done

if [ -n "$old_yama" ]; then
	echo 1 >"$YAMA"
	as_until "$TMPD/yama.json" 'len(rows) >= 2' -- -p "$USER_WL" --batch -f json -d 0.5 -n 60 \
		--sampler ptrace
	python3 - "$TMPD/yama.json" <<'PYEOF' || exit 1
import json, sys
for l in open(sys.argv[1]):
    s = json.loads(l)["sampler"]
    assert s["backend"] == "off" and "kernel.yama.ptrace_scope=1" in (s["reason"] or ""), s
print("Yama: %s" % s["reason"])
PYEOF
else
	echo "no Yama on this kernel: the ptrace_scope reason is not tested here"
fi
echo "PASS"
