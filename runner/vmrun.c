// SPDX-License-Identifier: GPL-2.0
/*
 * vmrun: runs one VM for the runner (scripts/qemu.sh qemu_run), in one
 * process where timeout(1) and a line-buffering grep(1) for each of QEMU's
 * stdout and stderr took four (a process costs ~10 ms of CPU on this
 * project's machines, at each of a run's boots).
 *
 *   vmrun [-s STATUS_FILE] [-o OUT_FILE] LIMIT PIDFILE CMD [ARG...]
 *
 * CMD runs with stdin /dev/null and no other inherited descriptor, in a
 * process group of its own, as under timeout(1).  Its stdout and stderr
 * come out on vmrun's stdout a whole line per write, so that a message of
 * QEMU's never lands inside a serial console line; a line still open at
 * the end gets its newline.  vmrun's pid is in PIDFILE while CMD runs
 * (qemu_stop sends it SIGTERM), which is emptied at the end.
 *
 * The exit status is timeout(1)'s: CMD's own; 124 when LIMIT seconds
 * (decimals allowed; 0: no limit) ended it with SIGTERM; 137 when it had
 * to be killed 2 s after a SIGTERM; 128+N when signal N ended it; 125 when
 * vmrun itself failed.  A SIGTERM to vmrun goes on to CMD's group (SIGKILL
 * 2 s later), and so do SIGINT and SIGHUP unless vmrun started with them
 * ignored (a background job's ^C is not its to pass on).  With -s the
 * status is also written to STATUS_FILE before stdout closes, so a reader
 * that sees the end of the stream finds it there.  A reader of stdout that
 * goes away does not end vmrun: the limit still holds.
 *
 * With -o the lines are appended to OUT_FILE instead, and stdout gets one
 * newline after each batch of them (at most one waiting: it does not
 * block): a shell reads a regular file a buffer at a time where it reads a
 * pipe a byte at a time (a variant's 97 KB of console cost the runner's
 * bash 0.145 s of CPU through a pipe, 0.017 s from a file); it reads the
 * file and waits on stdout for more.  The end of stdout is the end of both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lines.h"

#define KILL_AFTER_MS 2000
#define BATCH_PAUSE_NS 1000000
#define EXIT_TIMEOUT 124
#define EXIT_SETUP 125	/* as timeout(1): vmrun itself failed */
#define MAX_LIMIT_S 1e7

struct vm {
	pid_t pid;
	int status;		/* waitpid's, once reaped */
	int reaped;
	int64_t reaped_at;	/* when (ms) */
	int timed_out;		/* the limit sent SIGTERM */
	int killed;		/* SIGKILL was needed */
	int64_t kill_at;	/* when to send SIGKILL (ms), 0: not armed */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* parse_limit S: milliseconds of "S" or "S.FRACTION" seconds, INT64_MAX for
 * 0 (no limit, as timeout(1)); -1 if malformed. */
static int64_t parse_limit(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v) || v < 0 || v > MAX_LIMIT_S)
		return -1;
	return v == 0 ? INT64_MAX : (int64_t)(v * 1000 + 0.5);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return; /* an interrupted run's cleanup removed the directory: nobody reads it */
	if (write(fd, text, strlen(text)) < 0)
		perror("vmrun: write");
	close(fd);
}

/* spawn: CMD in a group of its own, stdin /dev/null, stdout and stderr to
 * OUT and ERR, nothing else open; the signal mask and SIGPIPE as vmrun found them. */
static pid_t spawn(char **cmd, int out, int err, const sigset_t *old, const struct sigaction *pipe_sa)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setpgid(0, 0);
	sigaction(SIGPIPE, pipe_sa, NULL);
	sigprocmask(SIG_SETMASK, old, NULL);
	int null = open("/dev/null", O_RDONLY);

	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(EXIT_SETUP);
	close_range(3, ~0U, 0);
	execvp(cmd[0], cmd);
	fprintf(stderr, "vmrun: %s: %s\n", cmd[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* signal_vm: SIG to the VM's group (and the VM, should it have left it). */
static void signal_vm(struct vm *vm, int sig)
{
	if (vm->reaped)
		return;
	kill(-vm->pid, sig);
	kill(vm->pid, sig);
	if (sig != SIGKILL && vm->kill_at == 0 && !vm->killed)
		vm->kill_at = now_ms() + KILL_AFTER_MS;
	if (sig == SIGKILL) {
		vm->killed = 1;
		vm->kill_at = 0; /* sent: nothing more to wait for but the reaping */
	}
}

/* reap: the VM's status, if it ended (ECHILD: reaped already, SIGCHLD ignored). */
static void reap(struct vm *vm, int flags)
{
	pid_t r;

	if (vm->reaped)
		return;
	r = waitpid(vm->pid, &vm->status, flags);
	if (r == vm->pid || (r < 0 && errno == ECHILD)) {
		vm->reaped = 1;
		vm->reaped_at = now_ms();
	}
}

/* on_signal: what signalfd delivered. */
static void on_signal(int sfd, struct vm *vm)
{
	struct signalfd_siginfo si;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap(vm, WNOHANG);
		else
			signal_vm(vm, (int)si.ssi_signo);
	}
}

/* exit_status: timeout(1)'s account of how the VM ended. */
static int exit_status(const struct vm *vm)
{
	if (vm->killed)
		return 128 + SIGKILL;
	if (vm->timed_out)
		return EXIT_TIMEOUT;
	if (WIFSIGNALED(vm->status))
		return 128 + WTERMSIG(vm->status);
	return WEXITSTATUS(vm->status);
}

/* next_event: when (ms) the loop must act without input: the limit, the
 * SIGKILL, or, once the VM is reaped, the end of the wait for a process it
 * left holding a stream; -1: none. */
static int64_t next_event(const struct vm *vm, int64_t deadline)
{
	if (vm->reaped)
		return vm->reaped_at + KILL_AFTER_MS;
	if (vm->kill_at)
		return vm->timed_out || vm->kill_at < deadline ? vm->kill_at : deadline;
	return vm->timed_out || deadline == INT64_MAX ? -1 : deadline;
}

/* wait_ms: poll's timeout until the next event. */
static int wait_ms(const struct vm *vm, int64_t deadline)
{
	int64_t next = next_event(vm, deadline), t = now_ms();

	if (next < 0)
		return -1;
	return next <= t ? 0 : next - t > INT_MAX ? INT_MAX : (int)(next - t);
}

/* batch_pause: after a read, a pause for more to arrive.  QEMU writes the
 * serial console a byte at a time: read as it comes, that was a wake-up per
 * few bytes (4400 polls in a boot of 7400 bytes); a millisecond's pause
 * makes it a read per line or more, and no line waits longer. */
static void batch_pause(const struct vm *vm)
{
	struct timespec pause = { .tv_nsec = BATCH_PAUSE_NS };

	if (!vm->reaped)
		nanosleep(&pause, NULL);
}

/* act: the limit's SIGTERM and the SIGKILL when their time has come; 1 when
 * the VM is reaped and a process it left still holds a stream past the wait. */
static int act(struct vm *vm, int64_t deadline)
{
	int64_t t = now_ms();

	if (!vm->reaped && !vm->timed_out && t >= deadline) {
		vm->timed_out = 1;
		signal_vm(vm, SIGTERM);
	}
	if (!vm->reaped && vm->kill_at && t >= vm->kill_at)
		signal_vm(vm, SIGKILL);
	return vm->reaped && t >= vm->reaped_at + KILL_AFTER_MS;
}

/* notify: with -o, a newline on stdout: lines are in OUT_FILE.  Its failure
 * is no matter: stdout does not block, and full (EAGAIN) it has newlines
 * enough waiting; a reader gone does not end vmrun (the limit holds). */
static void notify(int on)
{
	if (on && write(1, "\n", 1) < 0)
		return;
}

/* supervise: streams the VM's lines until both streams end and it is
 * reaped; whatever a stream still holds then goes out with the rest.
 * NOTIFY: -o's newline after each batch. */
static void supervise(struct vm *vm, int sfd, struct line_buf *lb, int64_t deadline, int notify_on)
{
	struct pollfd p[3] = { { .fd = sfd, .events = POLLIN } };

	while (!vm->reaped || lb[0].fd >= 0 || lb[1].fd >= 0) {
		for (int i = 0; i < 2; i++) {
			p[1 + i].fd = lb[i].fd;
			p[1 + i].events = POLLIN;
		}
		if (poll(p, 3, wait_ms(vm, deadline)) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			on_signal(sfd, vm);
		for (int i = 0; i < 2; i++)
			if (p[1 + i].revents)
				lines_read(&lb[i]);
		if (p[1].revents || p[2].revents) {
			notify(notify_on);
			batch_pause(vm);
		}
		if (act(vm, deadline))
			break;
	}
	if (!vm->reaped) { /* poll failed: the VM goes */
		signal_vm(vm, SIGKILL);
		reap(vm, 0);
	}
	lines_drain(&lb[0]);
	lines_drain(&lb[1]);
	notify(notify_on);
}

/* watch_signals: SET gets the signals the loop reads from its signalfd: the
 * children's, SIGTERM, and SIGINT and SIGHUP unless vmrun started with them
 * ignored.  SIGCHLD as by default (an inherited SIG_IGN would reap the VM
 * unseen), SIGPIPE ignored (the old disposition to PIPE_SA, for CMD). */
static void watch_signals(sigset_t *set, struct sigaction *pipe_sa)
{
	static const int maybe[] = { SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = SIG_DFL }, ign = { .sa_handler = SIG_IGN };

	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGPIPE, &ign, pipe_sa);
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGTERM);
	for (size_t i = 0; i < sizeof(maybe) / sizeof(maybe[0]); i++)
		if (sigaction(maybe[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
			sigaddset(set, maybe[i]);
}

/* finish: the pid file emptied, the status to the status file; returns it. */
static int finish(const char *pidfile, const char *status_file, int status)
{
	char text[16];

	if (pidfile)
		write_file(pidfile, "");
	snprintf(text, sizeof(text), "%d\n", status);
	if (status_file)
		write_file(status_file, text);
	return status;
}

int main(int argc, char **argv)
{
	const char *status_file = NULL, *out_file = NULL;
	struct vm vm = { 0 };
	struct line_buf lb[2];
	struct sigaction pipe_sa;
	int out[2], err[2], sfd, sink = 1;
	sigset_t set, old;
	char text[32];
	int64_t limit;

	for (; argc > 2 && (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-o")); argv += 2, argc -= 2)
		*(argv[1][1] == 's' ? &status_file : &out_file) = argv[2];
	if (argc < 4 || (limit = parse_limit(argv[1])) < 0) {
		fputs("usage: vmrun [-s STATUS_FILE] [-o OUT_FILE] LIMIT PIDFILE CMD [ARG...]\n", stderr);
		return finish(NULL, status_file, EXIT_SETUP);
	}
	if (out_file) {
		sink = open(out_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (sink < 0) {
			perror("vmrun: -o");
			return finish(NULL, status_file, EXIT_SETUP);
		}
		fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
	}
	watch_signals(&set, &pipe_sa);
	sigprocmask(SIG_BLOCK, &set, &old);
	sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		perror("vmrun");
		return finish(NULL, status_file, EXIT_SETUP);
	}
	snprintf(text, sizeof(text), "%d\n", (int)getpid());
	write_file(argv[2], text);
	vm.pid = spawn(argv + 3, out[1], err[1], &old, &pipe_sa);
	close(out[1]), close(err[1]);
	if (vm.pid < 0) {
		perror("vmrun: fork");
		return finish(argv[2], status_file, EXIT_SETUP);
	}
	setpgid(vm.pid, vm.pid); /* as the child does: the group exists before any kill */
	lines_init(&lb[0], out[0], sink);
	lines_init(&lb[1], err[0], sink);
	supervise(&vm, sfd, lb, limit == INT64_MAX ? INT64_MAX : now_ms() + limit, out_file != NULL);
	return finish(argv[2], status_file, exit_status(&vm));
}
