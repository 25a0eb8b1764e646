# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for ctop: options, the values of --sampler, --locks,
# --format and --theme, pids with their command names for -p, files for
# -o and --replay, directories for --textfile-dir.
# Install as /usr/share/bash-completion/completions/ctop.

_ctop_pids() {
	# "PID" words; the command name is shown beside each when listing.
	local p comm
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[[ $p == "$1"* ]] || continue
		if [[ ${COMP_TYPE:-9} == 63 ]] && read -r comm <"/proc/$p/comm" 2>/dev/null; then
			COMPREPLY+=("$p ($comm)")
		else
			COMPREPLY+=("$p")
		fi
	done
}

_ctop() {
	local cur prev
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	local opts="-p --pid --demo -d --delay -F --freq --sampler --user-only --window
		--locks -e --events -b --batch -o --output -n --iterations -f --format
		--textfile-dir --metrics-top --replay --ascii --theme --no-config
		--wall --wall-backend --wall-idle -h --help -V --version --"

	# After "--": the command to launch.
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			COMPREPLY=($(compgen -c -- "$cur"))
			return
		fi
	done
	case $prev in
	--wall-backend)
		COMPREPLY=($(compgen -W "auto trace sample" -- "$cur"))
		return
		;;
	--sampler)
		COMPREPLY=($(compgen -W "auto perf ptrace" -- "$cur"))
		return
		;;
	--locks)
		COMPREPLY=($(compgen -W "auto trace sample off" -- "$cur"))
		return
		;;
	-f | --format)
		COMPREPLY=($(compgen -W "text json folded openmetrics" -- "$cur"))
		return
		;;
	--theme)
		COMPREPLY=($(compgen -W "default mono" -- "$cur"))
		return
		;;
	-p | --pid)
		_ctop_pids "$cur"
		# One match: the bare pid goes on the line.
		if [[ ${#COMPREPLY[@]} == 1 ]]; then
			COMPREPLY=("${COMPREPLY[0]%% *}")
		fi
		return
		;;
	-o | --output | --replay)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--textfile-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	-d | --delay | -F | --freq | --window | -n | --iterations | -e | --events | --metrics-top)
		return
		;;
	esac
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _ctop ctop
