#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/hot.sh [CTOP] [SECONDS]: how the Hot functions hold up on real
# servers and compilers, side by side with perf record on the same process
# in the same run.  Two bounded runs, loopback only:
#   g++   cc1plus compiling a large generated C++ file
#   redis redis-server under redis-benchmark (127.0.0.1, a spare port)
# For each, ctop --batch --sampler perf and `perf record -F 99 -g
# --call-graph dwarf` watch the same pid for SECONDS (default 10).  It
# prints ctop's samples per second, process_vm_readv per sample, unwind +
# symbolize microseconds (median, p99, ctop's own counters) and how many
# of perf report --no-children's top 5 functions are in ctop's top 5, the
# same among named functions only (perf lists code with no symbol one
# address per row, ctop groups it by unwind range: not comparable), and
# how much of the two named profiles coincide (sum of the smaller share).
# Installs g++, redis and linux-perf from Debian when missing (root).
# Not a test: it asserts nothing.
set -u
cd "$(dirname "$0")/.."
CTOP=${1:-src/ctop}
SECS=${2:-10}
W=$(mktemp -d /tmp/ctop-bench-hot.XXXXXX)
PIDS=""
cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

need=""
command -v g++ >/dev/null || need="$need g++"
command -v redis-server >/dev/null || need="$need redis-server"
command -v redis-benchmark >/dev/null || need="$need redis-tools"
command -v perf >/dev/null || need="$need linux-perf"
if [ -n "$need" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null || exit 1
fi
[ -x "$CTOP" ] || { echo "no $CTOP: build first"; exit 1; }

# watch NAME PID: ctop and perf record on PID for SECS, then the figures.
watch() {
	name=$1 pid=$2
	"$CTOP" -p "$pid" --batch -f json -d 1 -n "$SECS" --window "$SECS" --sampler perf \
		>"$W/$name.json" 2>"$W/$name.err" &
	c=$!
	perf record -q -F 99 -g --call-graph dwarf -p "$pid" -o "$W/$name.data" -- sleep "$SECS" \
		>/dev/null 2>&1
	wait "$c"
	perf report --no-children --stdio --sort sym -g none -i "$W/$name.data" \
		>"$W/$name.perf" 2>/dev/null
	python3 - "$name" "$W/$name.json" "$W/$name.perf" <<'PYEOF'
import json, re, sys
name, js, rep = sys.argv[1:4]
rows = [json.loads(l) for l in open(js) if l.strip()]
if not rows:
    print("%-6s ctop wrote nothing" % name); sys.exit(0)
last, first = rows[-1], rows[0]
s = last["sampler"]
secs = sum(d["interval_s"] for d in rows[1:]) or 1
taken = s["samples"] - first["sampler"]["samples"]
def norm(f):
    # Compare names as perf prints them: no parameter list, no clone suffix.
    f = re.sub(r" \[clone [^]]*\]", "", f)
    depth = 0
    for i, ch in enumerate(f):
        if ch == "<": depth += 1
        elif ch == ">": depth -= 1
        elif ch == "(" and depth == 0 and i > 0 and not f.startswith("operator", i - 8):
            return f[:i]
    return f
def unnamed(f):
    # perf prints an address with no symbol as 0x..., one row per address;
    # ctop groups such code by its unwind range as module+0x...
    return f == "[unknown]" or f.startswith("0x") or re.search(r"\+0x[0-9a-f]+$", f) is not None
hot = sorted(last["hot"], key=lambda h: -h["self_pct"])
ours_pct = {}
for h in hot:
    k = norm(h["function"])
    ours_pct[k] = ours_pct.get(k, 0) + h["self_pct"]
theirs_pct, perf_n = {}, 0
for l in open(rep):
    m = re.match(r"# Samples: (\d+)", l)
    if m: perf_n = int(m.group(1))
    m = re.match(r"\s*([\d.]+)%\s+\[[.k]\]\s+(.*\S)", l)
    if m:
        k = norm(m.group(2))
        theirs_pct[k] = theirs_pct.get(k, 0) + float(m.group(1))
def top(d, n=5, named=False):
    return [k for k, v in sorted(d.items(), key=lambda kv: -kv[1]) if not (named and unnamed(k))][:n]
ours, theirs = top(ours_pct), top(theirs_pct)
ours_n, theirs_n = top(ours_pct, named=True), top(theirs_pct, named=True)
agree = len(set(ours) & set(theirs))
agree_n = len(set(ours_n) & set(theirs_n))
# How much of the two profiles coincide, function by function (named only).
overlap = sum(min(v, theirs_pct.get(k, 0)) for k, v in ours_pct.items() if not unnamed(k))
un_o = sum(v for k, v in ours_pct.items() if unnamed(k))
un_t = sum(v for k, v in theirs_pct.items() if unnamed(k))
print("%-6s %6.1f samples/s (requested %g Hz, %s threads' CPU), %.2f vm reads/sample, "
      "unwind %s/%s us median/p99, kernel %s; top-5 agreement with perf %d/5" % (
      name, taken / secs, s["requested_hz"], last["process"]["cpu_pct"],
      s.get("vm_reads_per_sample") or 0, s.get("unwind_us_median"), s.get("unwind_us_p99"),
      s.get("kernel"), agree))
print("       samples: ctop %d in its %g s window, perf %d; top-5 of named functions %d/5; "
      "named profiles overlap %.0f%%; unnamed code: ctop %.0f%%, perf %.0f%%" % (
      last.get("hot_window_samples", 0), last.get("hot_window_s", 0), perf_n, agree_n,
      overlap, un_o, un_t))
print("       ctop: %s" % "; ".join(ours))
print("       perf: %s" % "; ".join(theirs))
print("       ctop named: %s" % "; ".join(ours_n))
print("       perf named: %s" % "; ".join(theirs_n))
PYEOF
}

# g++: a large translation unit of templates and inline code.
python3 - "$W/big.cc" <<'PYEOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("#include <map>\n#include <string>\n#include <vector>\n#include <algorithm>\n"
            "#include <functional>\n#include <unordered_map>\n#include <sstream>\n")
    for i in range(1500):
        f.write("template <class T> struct S%d { std::map<std::string, std::vector<T>> m;\n"
                "  T sum() const { T s{}; for (auto &kv : m) for (auto &v : kv.second) s += v; return s; }\n"
                "  void add(const std::string &k, T v) { m[k].push_back(v); std::sort(m[k].begin(), m[k].end()); } };\n"
                "double f%d(int n) { S%d<double> a; S%d<long> b; std::unordered_map<int, std::string> u;\n"
                "  std::ostringstream o; for (int i = 0; i < n; i++) { o << i; a.add(o.str(), i); b.add(o.str(), i); u[i] = o.str(); }\n"
                "  return a.sum() + b.sum() + u.size(); }\n" % (i, i, i, i))
PYEOF
g++ -O2 -c "$W/big.cc" -o "$W/big.o" &
gpp=$!
PIDS="$PIDS $gpp"
cc1=""
for _ in $(seq 50); do
	cc1=$(pgrep -P "$gpp" cc1plus | head -1)
	[ -n "$cc1" ] && break
	sleep 0.1
done
if [ -n "$cc1" ]; then
	sleep 1
	watch g++ "$cc1"
else
	echo "g++    cc1plus did not start"
fi
kill -9 "$gpp" $cc1 2>/dev/null

# redis: a server on loopback under a bounded benchmark.
port=16379
redis-server --port $port --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
	>"$W/redis.log" 2>&1 &
rs=$!
PIDS="$PIDS $rs"
for _ in $(seq 50); do
	# (redis-benchmark -n 1 with its default 50 clients never ends.)
	timeout 2 redis-cli -h 127.0.0.1 -p $port ping 2>/dev/null | grep -q PONG && break
	sleep 0.1
done
timeout $((SECS + 20)) redis-benchmark -h 127.0.0.1 -p $port -n 100000000 -c 20 -q \
	-t set,get >/dev/null 2>&1 &
rb=$!
PIDS="$PIDS $rb"
sleep 1
watch redis "$rs"
kill -9 "$rb" "$rs" 2>/dev/null
