#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# locks_unpriv: the fallback for an unprivileged user.  lockmutex and ctop
# both run as nobody (setpriv); ctop's default --locks auto cannot trace
# and must say so, then sample /proc and still rank contended_lock first
# with its locking function (call sites from the ptrace sampler's copy).
. "$top_srcdir/tests/integration/locks_lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "needs root and setpriv to become an unprivileged user"
	exit 77
fi
AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
if ! $AS test -x "$WL/lockmutex" || ! $AS test -x "$CTOP"; then
	echo "nobody cannot run the build tree's programs here"
	exit 77
fi
$AS "$WL/lockmutex" 60 2>/dev/null &
WL_PID=$!
WL_PIDS="$WL_PIDS $WL_PID"
# Until setpriv has become nobody and run lockmutex, the pid is root's:
# ctop as nobody would be refused it.
n=0
until [ "$(cat "/proc/$WL_PID/comm" 2>/dev/null)" = lockmutex ]; do
	n=$((n + 1))
	[ $n -le 300 ] || fail "lockmutex did not start as nobody"
	sleep 0.1
done
# stdout is opened by this shell: nobody needs no write access to TMPD.
$AS "$CTOP" -p "$WL_PID" --batch -f json -n 4 --sampler ptrace >"$TMPD/auto.json" \
	2>"$TMPD/err.txt" || {
	cat "$TMPD/err.txt"
	fail "ctop as nobody failed"
}
python3 - "$TMPD/auto.json" <<'PY' || exit 1
import json, sys
d = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]["locks_backend"]
print("back end %s: %s" % (d["backend"], d["reason"]))
if "tracing not allowed" not in (d["reason"] or ""):
    print("the reason does not say why tracing is not used")
    sys.exit(1)
if not d["estimated"]:
    print("sampled figures not marked estimated")
    sys.exit(1)
PY
check_locks "$TMPD/auto.json" sample contended_lock 500 hold_contended quiet_lock || exit 1
echo "PASS"
