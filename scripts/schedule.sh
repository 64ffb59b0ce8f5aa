# shellcheck shell=bash
# Runs independent subtests (device variants, host VMs: each a settings
# file, scripts/settings.sh) as scripts/subtest.sh processes, up to N at
# once, and merges their lines into the report in the order given: the
# first unfinished one streams as it runs, the others are buffered in files
# until their turn.  A worker that dies is one failed check of its subtest.
# Progress (done, running, time left) goes to stderr.  Needs report.sh,
# settings.sh, progress.sh, util.sh.
# The SCHED_* globals are this module's own state.

SCHED_FILES=()   # settings file of each subtest, in report order
SCHED_NAMES=()   # its name
SCHED_PID=()     # worker pid, once started
SCHED_STATE=()   # '' waiting, run, ended
SCHED_STATUS=()  # worker exit status, once done
SCHED_START=()   # start time (us)
SCHED_NEXT=0     # next subtest to start
SCHED_PARTIAL='' # a line the head's worker has not finished writing

# sched_jobs JOBS HOST_VMS: how many subtests run at once: JOBS (-j's) when
# set, else the number of CPUs, one more when HOST_VMS test VMs are among
# them: they spend seconds idle (edu's transfers and the VT-d ratelimit's
# waits are real time), which a third VM fills (five VMs on 2 CPUs: 24.2 to
# 26.5 s at -j 3 against 26.6 to 27.6 s at -j 2, README "Speed"); the
# guest's VMs run in virtual time and keep every CPU busy on their own.
sched_jobs() {
	if [[ -n $1 ]]; then
		printf '%s\n' "$1"
	elif (($2 > 0)); then
		printf '%s\n' $(($(nproc) + 1))
	else
		nproc
	fi
}

# sched_start I: starts subtest I's worker.
sched_start() {
	local i=$1 out=${SCHED_FILES[$1]}.out
	# Created here: the head's reader opens it before the worker may have.
	: >"$out"
	"$ROOT/scripts/subtest.sh" "${SCHED_FILES[$i]}" >"$out" &
	now_set
	SCHED_PID[i]=$! SCHED_STATE[i]=run SCHED_START[i]=$NOW_US
}

# sched_reap: marks the workers that ended as done, with their status.
sched_reap() {
	local i status
	for i in "${!SCHED_PID[@]}"; do
		if [[ ${SCHED_STATE[i]} == run ]] && ! kill -0 "${SCHED_PID[i]}" 2>/dev/null; then
			status=0
			wait "${SCHED_PID[i]}" || status=$?
			SCHED_STATE[i]=ended SCHED_STATUS[i]=$status
			now_set
			progress_record "${SCHED_NAMES[i]}" $(((NOW_US - SCHED_START[i]) / 1000))
		fi
	done
}

# sched_fill JOBS: starts waiting subtests while fewer than JOBS run.
sched_fill() {
	local jobs=$1 i running=0
	for i in "${!SCHED_STATE[@]}"; do
		if [[ ${SCHED_STATE[i]} == run ]]; then
			running=$((running + 1))
		fi
	done
	while ((running < jobs && SCHED_NEXT < ${#SCHED_FILES[@]})); do
		sched_start "$SCHED_NEXT"
		SCHED_NEXT=$((SCHED_NEXT + 1)) running=$((running + 1))
	done
}

# sched_drain FD: merges the complete lines the head's worker has written.
sched_drain() {
	local line
	while IFS= read -r -u "$1" line; do
		report_merge "$SCHED_PARTIAL$line"
		SCHED_PARTIAL=''
	done
	SCHED_PARTIAL+=$line
}

# sched_finish I NAME: subtest I's worker ended: a death is a failed check.
sched_finish() {
	local i=$1 name=$2
	if [[ -n $SCHED_PARTIAL ]]; then
		report_merge "$SCHED_PARTIAL"
		SCHED_PARTIAL=''
	fi
	if ((SCHED_STATUS[i] != 0)); then
		report_not_ok "$name: the run ended early (scripts/subtest.sh exited with status ${SCHED_STATUS[i]})"
	fi
	report_subtest_end "$name"
}

# sched_progress: shows how far the subtests are (progress.sh), without a
# fork: the loop below runs it twenty times a second.
sched_progress() {
	local i done=0 running=0 now names=() ran=()
	now_set
	now=$NOW_US
	for i in "${!SCHED_FILES[@]}"; do
		case ${SCHED_STATE[i]} in
		ended)
			done=$((done + 1))
			continue
			;;
		run)
			running=$((running + 1))
			ran+=($(((now - SCHED_START[i]) / 1000)))
			;;
		*) ran+=(0) ;;
		esac
		names+=("${SCHED_NAMES[i]}")
	done
	progress_left "$SCHED_JOBS" "${names[*]}" "${ran[*]}"
	progress_show "$done/${#SCHED_FILES[@]} subtests done, $running running" "$PROGRESS_LEFT"
}

# sched_tick: waits a twentieth of a second (a read that times out on a
# FIFO nobody writes: no sleep(1) to fork).
sched_tick() {
	read -r -t 0.05 -u "$SCHED_TICK" _ || :
}

# sched_run JOBS SETTINGS...: runs the subtests, JOBS at a time, into the
# report.  Their out files and a FIFO go beside the first settings file.
sched_run() {
	local i fd name
	SCHED_JOBS=$1
	shift
	(($# > 0)) || return 0
	SCHED_FILES=("$@") SCHED_PID=() SCHED_STATE=() SCHED_STATUS=() SCHED_START=() SCHED_NEXT=0
	SCHED_NAMES=()
	for i in "${!SCHED_FILES[@]}"; do
		SCHED_STATE[i]=''
		settings_get "${SCHED_FILES[i]}" name
		SCHED_NAMES[i]=$SETTING
	done
	mkfifo -- "$1.tick"
	exec {SCHED_TICK}<>"$1.tick"
	progress_begin
	for i in "${!SCHED_FILES[@]}"; do
		sched_fill "$SCHED_JOBS"
		name=${SCHED_NAMES[i]}
		report_subtest_begin "$name"
		exec {fd}<"${SCHED_FILES[i]}.out"
		SCHED_PARTIAL=''
		while :; do
			sched_reap
			sched_fill "$SCHED_JOBS"
			sched_progress
			if [[ ${SCHED_STATE[i]} == ended ]]; then
				sched_drain "$fd"
				break
			fi
			sched_drain "$fd"
			sched_tick
		done
		exec {fd}<&-
		sched_finish "$i" "$name"
	done
	progress_end
	exec {SCHED_TICK}>&-
}

# sched_stop: stops the workers still running (each stops its VM).
sched_stop() {
	local i
	for i in "${!SCHED_PID[@]}"; do
		if [[ ${SCHED_STATE[i]} == run ]]; then
			kill -TERM "${SCHED_PID[i]}" 2>/dev/null || :
		fi
	done
}
