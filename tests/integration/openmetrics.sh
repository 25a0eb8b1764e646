#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# openmetrics: ctop's metrics where Prometheus users read them.  hotprof is
# watched with --batch --textfile-dir (nothing on stdout then); promtool
# accepts the .prom file; a node_exporter on a loopback port, with only its
# textfile collector, serves ctop's series back over HTTP with the pid and
# comm labels and no textfile error; and -f openmetrics writes expositions
# that the Python OpenMetrics parser accepts (when it is installed), each
# ending in # EOF, with leaf_hot the top function.
. "$top_srcdir/tests/integration/lib.sh"

for tool in promtool prometheus-node-exporter; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is missing (apt-get install prometheus prometheus-node-exporter)"
		exit 77
	fi
done

start_workload hotprof 600
TF="$TMPD/textfile"
mkdir "$TF"
# Enough snapshots for a ten-second window with samples in it.
run_batch "$TMPD/stdout" -p "$WL_PID" --batch -d 0.3 -n 4 --textfile-dir "$TF"
[ -s "$TMPD/stdout" ] && fail "--textfile-dir alone wrote to stdout: $(head -3 "$TMPD/stdout")"
PROM="$TF/ctop_$WL_PID.prom"
[ -s "$PROM" ] || fail "no $PROM"
ls -a "$TF" | grep -q '\.tmp$' && fail "a temporary file was left in $TF"
promtool check metrics <"$PROM" >"$TMPD/promtool.txt" 2>&1 ||
	{ cat "$TMPD/promtool.txt"; fail "promtool check metrics rejected $PROM"; }
grep -q '^# EOF' "$PROM" && fail "the textfile has OpenMetrics' # EOF"
grep -q "^ctop_process_cpu_ratio{pid=\"$WL_PID\",comm=\"hotprof\",mode=\"user\"} " "$PROM" ||
	fail "no user CPU series in $PROM"

# node_exporter on a free loopback port, serving only the textfile.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$TF" >"$TMPD/ne.log" 2>&1 &
WL_PIDS="$WL_PIDS $!"
python3 - "$port" "$TMPD/scrape.txt" <<'PYEOF' || { cat "$TMPD/ne.log"; fail "node_exporter did not serve /metrics"; }
import sys, time, urllib.request
deadline = time.time() + 30
while True:
    try:
        body = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=5).read()
        open(sys.argv[2], "wb").write(body)
        break
    except OSError:
        if time.time() > deadline:
            sys.exit(1)
        time.sleep(0.1)
PYEOF
grep -q '^node_textfile_scrape_error 0' "$TMPD/scrape.txt" ||
	{ grep textfile "$TMPD/scrape.txt"; cat "$TMPD/ne.log"; fail "node_exporter reports a textfile error"; }
# node_exporter sorts the labels by name.
grep -q "^ctop_process_cpu_ratio{comm=\"hotprof\",mode=\"user\",pid=\"$WL_PID\"} " "$TMPD/scrape.txt" ||
	{ grep ^ctop "$TMPD/scrape.txt"; fail "ctop's CPU series not scraped back"; }
grep -q "^ctop_info{.*pid=\"$WL_PID\".*version=\"" "$TMPD/scrape.txt" || fail "ctop_info not scraped back"
grep -q "^ctop_sampler_samples_total{comm=\"hotprof\",pid=\"$WL_PID\"} " "$TMPD/scrape.txt" ||
	fail "the samples counter not scraped back"
echo "scraped $(grep -c '^ctop_' "$TMPD/scrape.txt") ctop series from node_exporter on port $port"

# OpenMetrics to stdout: one exposition per snapshot.
run_batch "$TMPD/om.txt" -p "$WL_PID" --batch -d 0.3 -n 4 -f openmetrics
[ "$(grep -c '^# EOF$' "$TMPD/om.txt")" -eq 4 ] || fail "not four expositions ending in # EOF"
# Debian's python3-prometheus-client is for the system's python3.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
$PY - "$TMPD/om.txt" <<'PYEOF' || exit 1
import sys
text = open(sys.argv[1]).read()
last = text.split("# EOF\n")[-2] + "# EOF\n"
try:
    from prometheus_client.openmetrics.parser import text_string_to_metric_families
except ImportError:
    print("python3-prometheus-client missing: OpenMetrics parse not checked")
    text_string_to_metric_families = None
if text_string_to_metric_families:
    fams = {f.name: f for f in text_string_to_metric_families(last)}
    assert fams["ctop"].type == "info", fams["ctop"].type
    assert fams["ctop_sampler_samples"].type == "counter"
    hot = sorted(((s.value, s.labels["function"]) for s in fams["ctop_function_self_ratio"].samples
                  if s.labels["function"] != "other"), reverse=True)
    assert hot and hot[0][1] == "leaf_hot", hot
    print("OpenMetrics parser: %d families, top function %s at %.2f" % (len(fams), hot[0][1], hot[0][0]))
PYEOF
echo "PASS"
