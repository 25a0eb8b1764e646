#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sampler_kthread: a kernel thread as the target (kthreadd, pid 2, else
# the first kernel thread /proc shows).  It has no user stacks and no user
# memory: ctop must say so, not report success with 0 samples or RSS 0.
# Where perf may sample kernel mode (root), the perf back end samples its
# kernel stacks and says "kernel thread: kernel stacks only"; the ptrace
# back end and --user-only have nothing to sample ("kernel thread: no
# user stacks").  Memory figures are null with "kernel thread: no user
# memory".  ctop exits 0 each time.
. "$top_srcdir/tests/integration/lib.sh"

KPID=$(python3 - <<'PY'
import os
def kthread(p):
    try:
        s = open("/proc/%s/stat" % p).read()
    except OSError:
        return False
    return int(s[s.rindex(")") + 2:].split()[6]) & 0x00200000 != 0
pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
print(next((p for p in pids if kthread(p)), ""))
PY
)
if [ -z "$KPID" ]; then
	echo "no kernel thread visible in /proc (a container?)"
	exit 77
fi
echo "kernel thread: pid $KPID ($(cat /proc/$KPID/comm))"

# check OUT BACKEND_RE REASON_RE: every snapshot's sampler and memory.
check() {
	python3 - "$@" <<'PYEOF' || exit 1
import json, re, sys
out, backend_re, reason_re = sys.argv[1:4]
rows = [json.loads(l) for l in open(out) if l.strip()]
assert len(rows) >= 2, "only %d snapshots" % len(rows)
for r in rows:
    s, m, p = r["sampler"], r["memory"], r["process"]
    assert re.fullmatch(backend_re, s["backend"]), "backend %r" % s["backend"]
    assert re.match(reason_re, s["reason"] or ""), "sampler reason %r" % s["reason"]
    assert m["reason"] == "kernel thread: no user memory", "memory reason %r" % m["reason"]
    assert m["rss_bytes"] is None and p["rss_bytes"] is None, "RSS %r" % p["rss_bytes"]
    assert p["vsz_bytes"] is None, "VSZ %r" % p["vsz_bytes"]
    if s["backend"] == "perf":
        assert s["kernel"] is True, "perf on a kernel thread without kernel mode"
        for h in r["hot_interval"]:
            assert h["module"].startswith("["), "user frame on a kernel thread: %r" % h
print("%s: %s; %s" % (rows[-1]["sampler"]["backend"], rows[-1]["sampler"]["reason"],
                      rows[-1]["memory"]["reason"]))
PYEOF
}

run_batch "$TMPD/ptrace.json" -p "$KPID" --batch -f json -n 2 -d 0.3 --sampler ptrace
check "$TMPD/ptrace.json" off '^kernel thread: no user stacks \(the ptrace back end'
run_batch "$TMPD/user.json" -p "$KPID" --batch -f json -n 2 -d 0.3 --user-only
check "$TMPD/user.json" off '^kernel thread: no user stacks \(--user-only\)'
run_batch "$TMPD/auto.json" -p "$KPID" --batch -f json -n 3 -d 0.3
if [ "$(id -u)" -eq 0 ]; then
	# Root may sample kernel mode: perf, unless perf is missing here.
	check "$TMPD/auto.json" 'perf|off' '^kernel thread: (kernel stacks only|no user stacks; kernel stacks: )'
else
	check "$TMPD/auto.json" 'perf|off' '^kernel thread: (kernel stacks only|no user stacks)'
fi
# The text writer says the same.
run_batch "$TMPD/out.txt" -p "$KPID" --batch -f text -n 1 -d 0.3 --sampler ptrace
grep -q "kernel thread: no user memory" "$TMPD/out.txt" || fail "text: no memory reason"
grep -q "sampling n/a (kernel thread: no user stacks" "$TMPD/out.txt" ||
	fail "text: no sampler reason"
echo "PASS"
