#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sampler_detach: the plain ways ctop ends (-n reached, SIGTERM, SIGINT)
# release every thread of the target under the ptrace back end; -F 0
# turns sampling off; --sampler auto picks a back end and says which.
. "$top_srcdir/tests/integration/sampler_lib.sh"

start_threads 600

"$CTOP" -p "$WL_PID" --batch -f json -d 0.3 -n 3 --sampler ptrace \
	>"$TMPD/n.json" 2>"$TMPD/err.txt" || { cat "$TMPD/err.txt"; fail "ctop exited $?"; }
ptrace_check "$TMPD/n.json"
rc=$?
[ $rc -eq 0 ] || exit $rc
check_released "after -n 3"

for sig in TERM INT; do
	"$CTOP" -p "$WL_PID" --batch -f json -d 0.2 --sampler ptrace -F 300 \
		>"$TMPD/$sig.json" 2>"$TMPD/err.txt" &
	CTOP_PID=$!
	# Until a line reports samples (a count: slow on a loaded machine).
	i=0
	until python3 -c 'import json,sys; sys.exit(0 if any((json.loads(l).get("sampler") or {}).get("samples") for l in open(sys.argv[1]) if l.endswith("\n")) else 1)' "$TMPD/$sig.json" 2>/dev/null; do
		[ $i -lt 600 ] || break
		sleep 0.1
		i=$((i + 1))
	done
	kill -"$sig" "$CTOP_PID"
	wait "$CTOP_PID"
	rc=$?
	CTOP_PID=""
	[ $rc -eq 0 ] || { cat "$TMPD/err.txt"; fail "ctop exited $rc on SIG$sig"; }
	ptrace_check "$TMPD/$sig.json" >/dev/null || fail "no ptrace samples before SIG$sig"
	check_released "after SIG$sig"
done

"$CTOP" -p "$WL_PID" --batch -f json -d 0.2 -n 2 -F 0 >"$TMPD/off.json" ||
	fail "ctop -F 0 failed"
python3 - "$TMPD/off.json" <<'PYEOF' || fail "-F 0 did not turn sampling off"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])][-1]["sampler"]
# Off: nothing was held, so the hold time is unknown (null), not 0.
sys.exit(0 if s["backend"] == "off" and s["samples"] in (0, None)
         and s["held_us_avg"] is None and s["reason"] else 1)
PYEOF

"$CTOP" -p "$WL_PID" --batch -f json -d 0.3 -n 2 --sampler auto >"$TMPD/auto.json" ||
	fail "ctop --sampler auto failed"
python3 - "$TMPD/auto.json" <<'PYEOF' || fail "--sampler auto chose nothing"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])][-1]["sampler"]
print("--sampler auto chose %s (%s)" % (s["backend"], s.get("reason")))
sys.exit(0 if s["backend"] in ("perf", "ptrace") and s["samples"] else 1)
PYEOF
check_released "after auto"
exit 0
