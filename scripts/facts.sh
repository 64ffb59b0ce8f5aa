# shellcheck shell=bash
# What a QEMU binary answers about itself (-L help, -device NAME,help,
# --version), asked once per binary and kept in ~/.cache/faultline/qemu-facts/:
# each question costs a QEMU start (about 60 ms), four at every run.  The key
# is the binary as found (device, inode, size, modification and change
# times), never its version; a script is asked every time, since what it
# runs can change under it, but for a --qemu-release wrapper, whose binary
# is known.
# Needs nothing.
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

FACTS_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/faultline/qemu-facts
declare -gA FACTS_STAMPS=() # QEMU path -> "KIND FILE-KEY BINARY-KEY" ('-': none)
QEMU_ANSWER=''

# The second line of a --qemu-release wrapper (scripts/qemu-release.sh),
# which runs root/usr/bin/<its own name> beside it.
FACTS_WRAPPER_LINE="# Runs the QEMU of this directory's private Debian root (scripts/qemu-release.sh)."

# qemu_stamp QEMU: sets QEMU_FILE_STAMP to the file's key ('' when it cannot
# be read) and QEMU_STAMP to the key of what it runs: the same for an ELF
# binary; for a --qemu-release wrapper (not a link), its own and that of the
# binary it runs; '' for any other script.  One stat(1) per path and process.
qemu_stamp() {
	local magic='' second='' kind=script bin=''
	local -a stamps=()
	if [[ ! -v FACTS_STAMPS[$1] ]]; then
		if { IFS= read -r -n 4 magic; } 2>/dev/null <"$1" && [[ $magic == $'\x7fELF' ]]; then
			kind=ELF
		elif [[ ! -L $1 ]] && { IFS= read -r _ && IFS= read -r second; } 2>/dev/null <"$1" &&
			[[ $second == "$FACTS_WRAPPER_LINE" ]]; then
			kind=wrapper bin=${1%/*}/root/usr/bin/${1##*/}
		fi
		# ctime too: a copy that keeps the time (cp -p) onto a reused inode.
		mapfile -t stamps < <(stat -L -c '%d-%i-%s-%Y-%Z' -- "$1" ${bin:+"$bin"} 2>/dev/null)
		# A wrapper whose binary is missing is a script like any other.
		[[ $kind != wrapper || ${#stamps[@]} == 2 ]] || kind=script
		FACTS_STAMPS[$1]="$kind ${stamps[0]:--} ${stamps[1]:--}"
	fi
	read -r kind QEMU_FILE_STAMP bin <<<"${FACTS_STAMPS[$1]}"
	[[ $QEMU_FILE_STAMP != - ]] || QEMU_FILE_STAMP=''
	case $kind in
	ELF) QEMU_STAMP=$QEMU_FILE_STAMP ;;
	wrapper) QEMU_STAMP=$QEMU_FILE_STAMP-$bin ;;
	*) QEMU_STAMP='' ;;
	esac
}

# qemu_ask QEMU NAME ARG...: sets QEMU_ANSWER to what "QEMU ARG..." prints
# on stdout (its warnings on stderr are no answer; at most 20 s), from the cache (NAME is the question's
# file there) when the same binary answered before with status 0.  Returns
# the status of QEMU when it asks it, 0 for a cached answer.
qemu_ask() {
	local qemu=$1 name=$2 file='' status=0
	shift 2
	qemu_stamp "$qemu"
	if [[ -n $QEMU_STAMP ]]; then
		file=$FACTS_DIR/$QEMU_STAMP/$name
		if [[ -f $file ]]; then
			IFS= read -r -d '' QEMU_ANSWER <"$file" || :
			return 0
		fi
	fi
	QEMU_ANSWER=$(timeout 20 "$qemu" "$@" 2>/dev/null </dev/null) || status=$?
	if [[ -n $file ]] && ((status == 0)); then
		# Written aside and renamed: a run at the same time reads all or nothing.
		# A cache that cannot be written only costs the next run the question.
		if mkdir -p -- "${file%/*}" 2>/dev/null && printf '%s' "$QEMU_ANSWER" >"$file.$$" 2>/dev/null; then
			mv -f -- "$file.$$" "$file" 2>/dev/null || :
		fi
	fi
	return "$status"
}
