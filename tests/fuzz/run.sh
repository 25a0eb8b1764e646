#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh: builds the fuzz targets and runs each for FUZZ_SECONDS (default
# 30).  With clang's libFuzzer: coverage-guided, -fsanitize=fuzzer,
# address,undefined.  Without it: tests/fuzz/driver.c (random mutations of
# the seeds) built with the sanitizers the compiler has.  ELF seeds are
# made here: the hostile workload's malformed files and a few real
# programs.  Exits 1 with the crashing input when a target fails; 77 when
# nothing can be built.  Run from the build directory (make fuzz) or
# directly (paths from the script's own location).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
secs=${FUZZ_SECONDS:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/ctop-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

cflags="-g -O1 -I$top_builddir -I$top_srcdir/src -DCTOP_FUZZ"
# The symbol reader decompresses .gnu_debugdata when built with liblzma.
libs="-lm"
grep -q "define HAVE_LZMA 1" "$top_builddir/config.h" 2>/dev/null && libs="-llzma $libs"
elf_src="src/symbols_elf.c src/symbols_ehframe.c src/unwind_elf.c src/util.c"
json_src="src/json.c src/util.c"
maps_src="src/symbols_maps.c"

echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)n * 0; }' \
	>"$work/probe.c"
mode=driver
if command -v clang >/dev/null 2>&1 &&
	clang -fsanitize=fuzzer,address,undefined -o "$work/probe" "$work/probe.c" 2>/dev/null; then
	mode=libfuzzer
	cc="clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
else
	cc="${CC:-cc}"
	if $cc -fsanitize=address,undefined -x c -o "$work/probe" - <<'CEOF' 2>/dev/null; then
int main(void) { return 0; }
CEOF
		cc="$cc -fsanitize=address,undefined -fno-sanitize-recover=undefined"
	fi
fi
echo "fuzz: $mode, $secs s per target"

# ELF seeds: malformed files from the hostile workload, real programs.
mkdir -p "$work/seed-elf" "$work/corpus-elf" "$work/corpus-json" "$work/corpus-maps"
if [ -x "$top_builddir/tests/workloads/hostile" ]; then
	"$top_builddir/tests/workloads/hostile" "$work/seed-elf" 0 >/dev/null 2>&1
	rm -f "$work/seed-elf/ready"
fi
for p in "$top_builddir/tests/workloads/spin" "$top_builddir/tests/workloads/hotprof"; do
	[ -f "$p" ] && cp "$p" "$work/seed-elf/"
done

fail=0
for t in elf json maps; do
	src=$elf_src
	[ $t = json ] && src=$json_src
	[ $t = maps ] && src=$maps_src
	objs=""
	for s in $src; do objs="$objs $top_srcdir/$s"; done
	if [ $mode = libfuzzer ]; then
		# shellcheck disable=SC2086
		$cc $cflags -o "$work/fuzz_$t" "$here/fuzz_$t.c" $objs $libs || { fail=1; continue; }
	else
		# shellcheck disable=SC2086
		$cc $cflags -o "$work/fuzz_$t" "$here/fuzz_$t.c" "$here/driver.c" $objs $libs ||
			{ fail=1; continue; }
	fi
	seeds="$here/corpus/$t"
	[ $t = elf ] && seeds="$work/seed-elf"
	if [ $mode = libfuzzer ]; then
		(cd "$work" && ASAN_OPTIONS=detect_leaks=1 ./fuzz_$t -max_total_time="$secs" \
			-timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
			"$work/corpus-$t" "$seeds") >"$work/$t.log" 2>&1
	else
		FUZZ_SECONDS=$secs "$work/fuzz_$t" "$seeds"/* >"$work/$t.log" 2>&1
	fi
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "fuzz_$t FAILED (status $rc):"
		tail -40 "$work/$t.log"
		for c in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
			[ -f "$c" ] && { echo "input: $c"; od -A x -t x1z "$c" | head -20; }
		done
		fail=1
	else
		echo "fuzz_$t: $(grep -E 'stat::number_of_executed_units|runs over' "$work/$t.log" | tail -1)"
	fi
done
exit $fail
