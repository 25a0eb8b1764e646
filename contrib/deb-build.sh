#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the Debian package from the committed tree in a scratch copy (the
# working tree and its build stay untouched) with dpkg-buildpackage -us
# -uc -b, then runs lintian on the result and fails on any lintian error.
# Usage: contrib/deb-build.sh [OUTDIR]  (the .deb is copied there).
set -eu
cd "$(dirname "$0")/.."
out=${1:-}
for tool in dpkg-buildpackage lintian dh; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "$tool is missing: apt-get install dpkg-dev debhelper lintian"
		exit 77
	}
done
dpkg-checkbuilddeps || { echo "build dependencies missing (see above)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/ctop"
# The tracked files only: no build products of this tree.
git ls-files -z | xargs -0 tar cf - | tar xf - -C "$work/ctop"
(cd "$work/ctop" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 || {
	tail -60 "$work/build.log"
	echo "dpkg-buildpackage failed"
	exit 1
}
deb=$(ls "$work"/ctop_*.deb)
dpkg-deb -c "$deb" | grep ' ./usr/bin/ctop$' >/dev/null || { echo "no /usr/bin/ctop in $deb"; exit 1; }
dpkg-deb -c "$deb" | grep 'usr/share/man/man1/ctop.1.gz$' >/dev/null || { echo "no man page in $deb"; exit 1; }
dpkg-deb -c "$deb" | grep 'bash-completion/completions/ctop$' >/dev/null || { echo "no bash completion in $deb"; exit 1; }
lintian --fail-on error "$work"/ctop_*.changes >"$work/lintian.txt" 2>&1 || {
	cat "$work/lintian.txt"
	echo "lintian reports errors"
	exit 1
}
echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors, $(grep -c '^W:' "$work/lintian.txt" || true) warnings"
cat "$work/lintian.txt"
if [ -n "$out" ]; then cp "$deb" "$out/"; fi
echo "built $(basename "$deb")"
