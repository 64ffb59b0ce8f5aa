// SPDX-License-Identifier: GPL-2.0
/*
 * vmrun: runs one VM for the runner (scripts/qemu.sh qemu_run), in one
 * process where timeout(1) and a line-buffering grep(1) for each of QEMU's
 * stdout and stderr took four (a process costs ~10 ms of CPU on this
 * project's machines, at each of a run's boots).
 *
 *   vmrun [-s STATUS_FILE] LIMIT PIDFILE CMD [ARG...]
 *
 * CMD runs with stdin /dev/null, in a process group of its own (out of
 * reach of the terminal's ^C, as under timeout(1)).  Its stdout and stderr
 * come out on vmrun's stdout a whole line per write, so that a message of
 * QEMU's never lands inside a serial console line; a line still open at
 * the end gets its newline.  vmrun's pid goes to PIDFILE while CMD runs
 * (qemu_stop sends it SIGTERM), which is emptied at the end.
 *
 * The exit status is timeout(1)'s: CMD's own; 124 when LIMIT seconds
 * (decimals allowed) ended it with SIGTERM; 137 when it had to be killed
 * 2 s after a SIGTERM; 128+N when signal N ended it.  A SIGTERM, SIGINT or
 * SIGHUP to vmrun goes on to CMD's group (SIGKILL 2 s later).  With -s the
 * status is also written to STATUS_FILE before stdout closes, so a reader
 * that sees the end of the stream finds it there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

struct vm {
	pid_t pid;
	int status;		/* waitpid's, once reaped */
	int reaped;
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

/* parse_limit S: milliseconds of "S" or "S.FRACTION" seconds; -1 if malformed. */
static int64_t parse_limit(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || v < 0 || v > 1e9)
		return -1;
	return (int64_t)(v * 1000 + 0.5);
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

/* spawn: CMD in a group of its own, stdin /dev/null, stdout and stderr to OUT and ERR. */
static pid_t spawn(char **cmd, int out, int err, const sigset_t *old)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setpgid(0, 0);
	sigprocmask(SIG_SETMASK, old, NULL);
	int null = open("/dev/null", O_RDONLY);

	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(EXIT_SETUP);
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

/* on_signal: what signalfd delivered. */
static void on_signal(int sfd, struct vm *vm)
{
	struct signalfd_siginfo si;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo != SIGCHLD) {
			signal_vm(vm, (int)si.ssi_signo);
			continue;
		}
		if (!vm->reaped && waitpid(vm->pid, &vm->status, WNOHANG) == vm->pid)
			vm->reaped = 1;
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

/* wait_ms: how long poll may sleep: until the limit or the SIGKILL (once
 * the VM is reaped, a process it left holding a stream gets till the limit). */
static int wait_ms(const struct vm *vm, int64_t deadline)
{
	int64_t t = now_ms(), next = -1;

	if (vm->reaped || !vm->timed_out)
		next = deadline;
	if (!vm->reaped && vm->kill_at)
		next = next < 0 || vm->kill_at < next ? vm->kill_at : next;
	if (next < 0)
		return -1;
	return next <= t ? 0 : (int)(next - t);
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

/* supervise: streams the VM's lines until both streams end and it is reaped. */
static void supervise(struct vm *vm, int sfd, struct line_buf *lb, int64_t deadline)
{
	struct pollfd p[3] = { { .fd = sfd, .events = POLLIN } };

	p[1].fd = lb[0].fd;
	p[2].fd = lb[1].fd;
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
		if (p[1].revents || p[2].revents)
			batch_pause(vm);
		int64_t t = now_ms();

		if (!vm->reaped && !vm->timed_out && t >= deadline) {
			vm->timed_out = 1;
			signal_vm(vm, SIGTERM);
		}
		if (!vm->reaped && vm->kill_at && t >= vm->kill_at)
			signal_vm(vm, SIGKILL);
		if (vm->reaped && t >= deadline)
			break;
	}
	if (!vm->reaped) { /* poll failed: the VM goes */
		signal_vm(vm, SIGKILL);
		vm->reaped = waitpid(vm->pid, &vm->status, 0) == vm->pid;
	}
}

static int usage(void)
{
	fputs("usage: vmrun [-s STATUS_FILE] LIMIT PIDFILE CMD [ARG...]\n", stderr);
	return EXIT_SETUP;
}

int main(int argc, char **argv)
{
	const char *status_file = NULL;
	struct vm vm = { 0 };
	struct line_buf lb[2];
	int out[2], err[2], sfd;
	sigset_t set, old;
	char text[32];
	int64_t limit;

	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		status_file = argv[2];
		argv += 2, argc -= 2;
	}
	if (argc < 4 || (limit = parse_limit(argv[1])) < 0)
		return usage();
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD), sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT), sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);
	sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		perror("vmrun");
		return EXIT_SETUP;
	}
	snprintf(text, sizeof(text), "%d\n", (int)getpid());
	write_file(argv[2], text);
	vm.pid = spawn(argv + 3, out[1], err[1], &old);
	close(out[1]), close(err[1]);
	if (vm.pid < 0) {
		perror("vmrun: fork");
		return EXIT_SETUP;
	}
	lines_init(&lb[0], out[0], 1);
	lines_init(&lb[1], err[0], 1);
	supervise(&vm, sfd, lb, now_ms() + limit);
	write_file(argv[2], "");
	snprintf(text, sizeof(text), "%d\n", exit_status(&vm));
	if (status_file)
		write_file(status_file, text);
	return exit_status(&vm);
}
