# shellcheck shell=bash
# One run's settings (a guest variant or a host VM: one subtest), in a file
# of its own, so that runs share no state and can run at the same time.
# The file has one "key=value" line per setting and one "arg=VALUE" line
# per word of the QEMU command line (everything before -append); values
# hold no newline.  Keys:
#   name      the subtest's name
#   log       console logs are LOG_DIR/console-<log>-<boot>.log
#   log_dir   where console logs go
#   timeout   seconds one VM may run
#   stall     seconds a boot may print no line before it is stopped as stalled
#             (0 or absent: no such limit; scripts/suite.sh)
#   monitor   the VM's monitor FIFOs, asked where a stalled VM is (scripts/monitor.sh)
#   outer     1: the console also carries an outer VM's kernel (nested-kvm),
#             whose crash is the harness's, not the device's (scripts/suite.sh)
#   filter    the guest's filter= ('' for none)
#   append    kernel arguments before the protocol's ('' for the guest)
#   diag      a diagnostic the subtest starts with (repeatable)
#   counts    the file the run's counts are written to when it ends
# Needs util.sh.
# shellcheck disable=SC2034 # RUN* are read by suite.sh

# settings_write FILE KEY=VALUE... -- ARG...: writes a settings file.
# Returns 2 when a value holds a newline.
settings_write() {
	local file=$1 item args=0
	shift
	: >"$file"
	for item in "$@"; do
		if [[ $item == -- ]] && ((!args)); then
			args=1
			continue
		fi
		if [[ $item == *$'\n'* ]]; then
			warn "settings $file: a value holds a newline: $item"
			return 2
		fi
		if ((args)); then
			item=arg=$item
		fi
		printf '%s\n' "$item" >>"$file"
	done
}

# settings_load FILE: sets RUN (an associative array of the keys), RUN_ARGV
# (the QEMU words) and RUN_DIAGS (the diag lines).
settings_load() {
	local line key
	declare -gA RUN=()
	RUN_ARGV=() RUN_DIAGS=()
	while IFS= read -r line; do
		key=${line%%=*}
		case $key in
		arg) RUN_ARGV+=("${line#*=}") ;;
		diag) RUN_DIAGS+=("${line#*=}") ;;
		*) RUN[$key]=${line#*=} ;;
		esac
	done <"$1"
}

# settings_get FILE KEY: sets SETTING to one setting's value (the first, for
# a repeated key); returns 1 when FILE has none.
settings_get() {
	local line
	SETTING=''
	while IFS= read -r line; do
		if [[ $line == "$2="* ]]; then
			SETTING=${line#*=}
			return 0
		fi
	done <"$1"
	return 1
}
