#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# contrib: what ships beside the binary.  The completions parse (bash -n,
# zsh -n); bash completes "ctop --sampler " with auto, perf and ptrace,
# "-f " with the four formats, and "-p " with our own pid; every long
# option of --help is in the man page and in both completions, and the man
# page passes mandoc -Tlint; the sample ctoprc is read without a complaint
# and takes effect.
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
CTOP="$top_builddir/src/ctop"
C="$top_srcdir/contrib"
fail() {
	echo "FAIL: $*"
	exit 1
}

bash -n "$C/completion/ctop.bash" || fail "bash -n ctop.bash"
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$C/completion/_ctop" || fail "zsh -n _ctop"
else
	echo "zsh is not installed: _ctop not parsed (apt-get install zsh)"
fi

# complete WORDS...: what _ctop offers for the last word.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ctop; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$C/completion/ctop.bash" "$@"
}
got=$(complete_words ctop --sampler "" | tr '\n' ' ')
[ "$got" = "auto perf ptrace " ] || fail "ctop --sampler <TAB> gave '$got'"
got=$(complete_words ctop --sampler p | tr '\n' ' ')
[ "$got" = "perf ptrace " ] || fail "ctop --sampler p<TAB> gave '$got'"
got=$(complete_words ctop -f "" | tr '\n' ' ')
[ "$got" = "text json folded openmetrics " ] || fail "ctop -f <TAB> gave '$got'"
got=$(complete_words ctop -p "$$")
echo "$got" | grep -qx "$$" || fail "ctop -p $$<TAB> gave '$got'"
got=$(complete_words ctop --repl)
[ "$got" = "--replay" ] || fail "ctop --repl<TAB> gave '$got'"

# Every long option of --help in the man page and the completions.
"$CTOP" --help >help.$$.txt || fail "ctop --help"
opts=$(grep -oE -- '--[a-z][a-z-]+' help.$$.txt | sort -u)
rm -f help.$$.txt
[ -n "$opts" ] || fail "no options in --help"
man_text=$(sed 's/\\-/-/g' "$top_srcdir/man/ctop.1")
for o in $opts; do
	echo "$man_text" | grep -q -- "$o" || fail "$o is in --help but not in man/ctop.1"
	grep -q -- "$o" "$C/completion/ctop.bash" || fail "$o is not in the bash completion"
	grep -q -- "$o" "$C/completion/_ctop" || fail "$o is not in the zsh completion"
done
echo "$(echo "$opts" | wc -l) long options in --help, man page and completions"

if command -v mandoc >/dev/null 2>&1; then
	lint=$(mandoc -Tlint "$top_srcdir/man/ctop.1" 2>&1)
	[ -z "$lint" ] || fail "mandoc -Tlint: $lint"
else
	echo "mandoc is not installed: man page not linted (apt-get install mandoc)"
fi

# The sample settings: no complaint, and they take effect (interval 1).
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
mkdir "$cfg/ctop"
sed 's/^interval = 1$/interval = 0.2/' "$C/ctoprc.sample" >"$cfg/ctop/ctoprc"
XDG_CONFIG_HOME="$cfg" "$CTOP" -p $$ --batch -f json -n 3 -F 0 >"$cfg/out" 2>"$cfg/err" ||
	{ cat "$cfg/err"; fail "ctop with the sample ctoprc failed"; }
[ -s "$cfg/err" ] && { cat "$cfg/err"; fail "the sample ctoprc drew complaints"; }
python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
iv = rows[-1]["interval_s"]
assert 0.1 < iv < 0.6, "interval %s is not the ctoprc 0.2 s" % iv' "$cfg/out" || fail "ctoprc interval not applied"
# A bad line: reported with file:line, ignored, not fatal.
printf 'interval = 0.2\nbogus line\n' >"$cfg/ctop/ctoprc"
XDG_CONFIG_HOME="$cfg" "$CTOP" -p $$ --batch -f json -n 1 -F 0 >"$cfg/out" 2>"$cfg/err" ||
	fail "a bad ctoprc line was fatal"
grep -q "$cfg/ctop/ctoprc:2: not \"key = value\": bogus line (ignored)" "$cfg/err" ||
	{ cat "$cfg/err"; fail "no file:line message for the bad line"; }
echo "PASS"
