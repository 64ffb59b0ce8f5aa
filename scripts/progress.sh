# shellcheck shell=bash
# Progress of the steps that take more than a few seconds, on stderr: one
# updating line on a terminal, a plain line per change otherwise (CI logs).
# Time left is estimated from how long each named step took last time,
# cached in ${XDG_CACHE_HOME:-~/.cache}/faultline/durations ("NAME MS").
# Needs util.sh.  The PROGRESS_* globals are this module's own state.
# shellcheck disable=SC2034 # PROGRESS_LEFT is read by the caller

declare -gA PROGRESS_MS=()  # NAME -> milliseconds it took last time
PROGRESS_KEY=''             # what the last plain line said
PROGRESS_LEFT=''            # progress_left's result
PROGRESS_SHOWN_US=0
PROGRESS_START_US=0

progress_file() {
	printf '%s/faultline/durations\n' "${XDG_CACHE_HOME:-$HOME/.cache}"
}

# progress_begin: loads the durations of the last runs, starts the clock.
progress_begin() {
	local file name ms
	file=$(progress_file)
	PROGRESS_MS=() PROGRESS_KEY='' PROGRESS_SHOWN_US=0
	now_set
	PROGRESS_START_US=$NOW_US
	if [[ -r $file ]]; then
		while read -r name ms; do
			[[ $ms =~ ^[0-9]+$ ]] && PROGRESS_MS[$name]=$ms
		done <"$file"
	fi
}

# progress_record NAME MS: NAME took MS this time (kept for the next run).
# The cache is an estimate: failing to write it costs nothing but that.
progress_record() {
	local file name
	file=$(progress_file)
	PROGRESS_MS[$1]=$2
	[[ -d ${file%/*} ]] || mkdir -p -- "${file%/*}" 2>/dev/null || return 0
	if for name in "${!PROGRESS_MS[@]}"; do
		printf '%s %s\n' "$name" "${PROGRESS_MS[$name]}"
	done 2>/dev/null >"$file.$$"; then
		mv -f -- "$file.$$" "$file" 2>/dev/null || rm -f -- "$file.$$"
	fi
}

# progress_left JOBS "NAME..." "MS...": sets PROGRESS_LEFT to ", about N s
# left" for the named steps still to finish (each has run MS so far), JOBS
# at a time; to '' when a step has no duration on record.
progress_left() {
	local jobs=$1 i left=0 ms
	local -a names ran
	read -r -a names <<<"$2"
	read -r -a ran <<<"$3"
	PROGRESS_LEFT=''
	((${#names[@]} > 0)) || return 0
	for i in "${!names[@]}"; do
		ms=${PROGRESS_MS[${names[i]}]:-}
		[[ -n $ms ]] || return 0
		if ((ms > ran[i])); then
			left=$((left + ms - ran[i]))
		fi
	done
	if ((jobs > ${#names[@]})); then
		jobs=${#names[@]}
	fi
	PROGRESS_LEFT=", about $(((left / jobs + 999) / 1000)) s left"
}

# progress_show WHAT [ESTIMATE]: shows WHAT, the time so far and ESTIMATE
# (progress_left's) on a terminal at most twice a second; otherwise as a
# plain line each time WHAT changes.
progress_show() {
	local now line
	now_set
	now=$NOW_US
	line="$1 ($(((now - PROGRESS_START_US) / 1000000)) s so far${2:-})"
	if [[ -t 2 ]]; then
		((now - PROGRESS_SHOWN_US >= 500000)) || return 0
		PROGRESS_SHOWN_US=$now
		printf '\r\033[Krun.sh: %s' "$line" >&2
	elif [[ $1 != "$PROGRESS_KEY" ]]; then
		PROGRESS_KEY=$1
		printf 'run.sh: %s\n' "$line" >&2
	fi
}

# progress_end: clears a terminal's progress line.
progress_end() {
	if [[ -t 2 ]]; then
		printf '\r\033[K' >&2
	fi
}
