#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# safety_jobctl: Ctrl-Z of ctop under the ptrace sampler.  On SIGTSTP ctop
# lets go of every thread and stops itself: while it is stopped, no thread
# of the target is traced (TracerPid 0) or stopped, and a signal sent to
# the target runs its handler at once.  On SIGCONT ctop samples again
# (threads traced again, samples keep coming) and still ends with status 0.
. "$top_srcdir/tests/integration/lib.sh"

cat >"$TMPD/target.py" <<'PYEOF'
import signal, sys
out = sys.argv[1]
def on_usr1(signo, frame):
    with open(out, "a") as f:
        f.write("x\n")
signal.signal(signal.SIGUSR1, on_usr1)
open(out + ".ready", "w").close()
n = 0
while True:
    n += 1
PYEOF
python3 "$TMPD/target.py" "$TMPD/handled" &
WL_PID=$!
WL_PIDS="$WL_PIDS $WL_PID"
i=0
while [ ! -e "$TMPD/handled.ready" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$TMPD/handled.ready" ] || fail "the target did not start"

: >"$TMPD/out.json"
"$CTOP" -p "$WL_PID" --batch -f json -d 0.3 -n 1000 --sampler ptrace >"$TMPD/out.json" \
	2>"$TMPD/err.txt" &
CTOP_PID=$!

# tracers PID: the distinct TracerPids of the target's threads.
tracers() {
	cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^TracerPid/ {print $2}' | sort -u | tr '\n' ' '
}
lines() { wc -l <"$TMPD/out.json"; }

i=0
while [ "$(lines)" -lt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(lines)" -ge 3 ] || fail "no snapshots: $(cat "$TMPD/err.txt")"
case "$(tracers "$WL_PID")" in
*"$CTOP_PID"*) ;;
*) echo "the target is not traced by ctop: ptrace not allowed here?"; exit 77 ;;
esac

kill -TSTP "$CTOP_PID"
i=0
while [ "$(awk '{print $3}' /proc/"$CTOP_PID"/stat)" != T ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(awk '{print $3}' /proc/"$CTOP_PID"/stat)" = T ] || fail "ctop did not stop on SIGTSTP"
[ "$(tracers "$WL_PID")" = "0 " ] || fail "stopped ctop still traces: TracerPid $(tracers "$WL_PID")"
state=$(awk '{print $3}' /proc/"$WL_PID"/stat)
[ "$state" = R ] || [ "$state" = S ] || fail "target in state $state while ctop is stopped"
kill -USR1 "$WL_PID"
i=0
while [ ! -s "$TMPD/handled" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMPD/handled" ] || fail "the target's signal handler did not run while ctop was stopped"

before=$(lines)
kill -CONT "$CTOP_PID"
i=0
while [ "$(lines)" -lt $((before + 4)) ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(lines)" -ge $((before + 4)) ] || fail "no snapshots after SIGCONT"
case "$(tracers "$WL_PID")" in
*"$CTOP_PID"*) ;;
*) fail "threads not traced again after SIGCONT" ;;
esac
python3 - "$TMPD/out.json" "$before" <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
after = sum(r["sampler"]["interval_samples"] for r in rows[int(sys.argv[2]) + 1:])
print("samples after SIGCONT: %d" % after)
assert after > 0, "no samples after SIGCONT"
PYEOF
kill -INT "$CTOP_PID"
wait "$CTOP_PID"
rc=$?
CTOP_PID=""
[ $rc -eq 0 ] || fail "ctop exited $rc: $(cat "$TMPD/err.txt")"
[ "$(tracers "$WL_PID")" = "0 " ] || fail "still traced after exit"
echo "PASS"
