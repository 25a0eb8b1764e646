#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sampler_launch: a command launched by ctop (-- CMD) is sampled by the
# ptrace back end on every thread, its main thread included (it is our
# child, so the session must not take the ptrace stops that belong to the
# sampler); ctop still sees it exit and ends with status 0.
. "$top_srcdir/tests/integration/hot_lib.sh"

"$CTOP" --batch -f json -d 0.5 --sampler ptrace -- "$HOTPROF" 2.5 \
	>"$TMPD/launch.json" 2>"$TMPD/err.txt"
rc=$?
[ $rc -eq 0 ] || { cat "$TMPD/err.txt"; fail "ctop exited $rc"; }
grep -q "exited" "$TMPD/err.txt" || { cat "$TMPD/err.txt"; fail "no line saying the command exited"; }
python3 - "$TMPD/launch.json" <<'PYEOF' || fail "the launched command's main thread was not sampled"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert rows, "no snapshots"
s = rows[-1]["sampler"]
if s.get("backend") in (None, "off") and "not permitted" in (s.get("reason") or ""):
    print("ptrace not allowed here: %s" % s["reason"]); sys.exit(77)
assert s["backend"] == "ptrace", "backend %s (%s)" % (s["backend"], s.get("reason"))
# hotprof is single-threaded: every sample of leaf_hot is its main thread.
n = sum(h["samples"] for d in rows for h in d["hot_interval"] if h["function"] == "leaf_hot")
print("ptrace on a launched command: %d samples, %d in leaf_hot, reason %s"
      % (s["samples"], n, s.get("reason")))
assert n > 0, "no sample of the main thread"
PYEOF
rc=$?
[ $rc -eq 0 ] || exit $rc
echo "ok"
