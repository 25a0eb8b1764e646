# SPDX-License-Identifier: GPL-2.0-or-later
# locks_lib.sh: what the lock tests share (sourced): a JSON checker of
# the "locks" array.
. "$top_srcdir/tests/integration/lib.sh"

# check_locks FILE BACKEND LOCK MIN_MS [SITE] [QUIET]: in at least two of
# the snapshots after the first, the first contended lock's name starts
# with LOCK with >= MIN_MS ms/s of wait (and SITE among its sites' functions
# when given), QUIET (when given) ranks below it or is absent, and no
# condition variable or join wait counts as contention in any snapshot.
check_locks() {
	python3 - "$@" <<'PY'
import json, sys
path, backend, lock, min_ms = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
site = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
quiet = sys.argv[6] if len(sys.argv) > 6 else None
lines = [json.loads(l) for l in open(path) if l.strip()]
good = 0
for i, d in enumerate(lines[1:], 1):
    lb = d["locks_backend"]
    if lb["backend"] != backend:
        print("snapshot %d: back end %s (%s), want %s" % (i, lb["backend"], lb.get("reason"), backend))
        sys.exit(1)
    cont = [l for l in d["locks"] if not l["idle"]]
    for l in cont:
        if l["kind"] in ("condvar", "join") and l["lock"].startswith(("park_cond", "anon")):
            print("snapshot %d: parked wait counted as contention: %s" % (i, l))
            sys.exit(1)
    why = None
    if not cont:
        why = "no contended lock"
    elif not cont[0]["lock"].startswith(lock):
        why = "first lock %s" % cont[0]["lock"]
    elif cont[0]["wait_ms_per_s"] < min_ms:
        why = "%s: %.0f ms/s < %.0f" % (lock, cont[0]["wait_ms_per_s"], min_ms)
    elif site and site not in [s["function"] for s in cont[0]["sites"]]:
        why = "%s not among sites %s" % (site, [s["function"] for s in cont[0]["sites"]])
    elif quiet and quiet in [l["lock"] for l in cont[:1]]:
        why = "quiet lock first"
    if why is None:
        good += 1
    else:
        print("snapshot %d: %s" % (i, why))
    if cont:
        c = cont[0]
        print("snapshot %d: %s %s %.0f ms/s, %.0f/s, estimated %s, sites %s" % (
            i, c["lock"], c["kind"], c["wait_ms_per_s"], c["contentions_per_s"],
            c["estimated"], [s["function"] for s in c["sites"]][:3]))
if good < 2:
    print("only %d good snapshots of %d" % (good, len(lines) - 1))
    sys.exit(1)
PY
}
