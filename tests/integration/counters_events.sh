#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# counters_events: an unknown -e event is an error before anything starts:
# exit 2, and the message names the event and gives libpfm4's reason.  A
# good list is accepted.

: "${top_builddir:?run through make check}"

CTOP="$top_builddir/src/ctop"
ERR=$(mktemp "${TMPDIR:-/tmp}/ctop-counters.XXXXXX")
trap 'rm -f "$ERR"' EXIT

"$CTOP" -p $$ --batch -n 1 -d 0.2 -F 0 -e perf::PAGE-FAULTS,perf::NO-SUCH-EVENT >/dev/null 2>"$ERR"
rc=$?
[ $rc -eq 2 ] || { echo "unknown event: exit $rc, expected 2"; cat "$ERR"; exit 1; }
grep -q "perf::NO-SUCH-EVENT" "$ERR" || { echo "error does not name the event:"; cat "$ERR"; exit 1; }
grep -q "event not found" "$ERR" || { echo "error lacks libpfm4's reason:"; cat "$ERR"; exit 1; }

"$CTOP" -p $$ --batch -n 1 -d 0.2 -F 0 -e "perf::PAGE-FAULTS,perf::CONTEXT-SWITCHES:u" \
	>/dev/null 2>"$ERR" || { echo "good events refused:"; cat "$ERR"; exit 1; }
echo "ok"
