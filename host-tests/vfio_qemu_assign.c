// SPDX-License-Identifier: GPL-2.0
/*
 * edu assigned to a nested guest by QEMU itself: QEMU (from this VM's
 * initramfs, scripts/hostvm.sh) runs a KVM guest (-accel kvm) with
 * -device vfio-pci,host=<edu>, and no IOMMU in that guest, so QEMU's VFIO
 * code maps the guest's RAM for edu's DMA at IOVA = guest-physical address.
 * The inner guest (guest-driver/assign/assign.c) programs edu and prints a
 * line per stage; this program turns them into verdicts.  A transfer into
 * the guest's RAM must land; one to a guest-physical address outside its
 * RAM (outside every mapping QEMU made) must change none of its bytes and
 * fault at the IOMMU in front of edu (virtio-iommu or VT-d in this VM),
 * whose driver reports it with edu's requester ID and the address, as in
 * vfio_kvm_assign.c; the guest then runs on.  A VM without /dev/kvm or
 * without the inner QEMU skips.  The IDs above each test are in
 * host-tests/statements.txt.
 *
 * The three tests read one run: every run goes through all the stages, and
 * each run is 1.4 s of this VM's TCG (README, "Speed").  The first test to
 * get here runs QEMU, with the kernel's log read around it, and keeps what
 * it saw in this boot's /tmp (each test is a run of this program of its
 * own); the others read it, so a test run alone (a filter) still runs QEMU
 * itself.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "clock.h"
#include "edu_dma.h"
#include "iommu_log.h"

#define INNER_LOADER "/qemu/lib/ld-linux-x86-64.so.2"
#define INNER_QEMU "/qemu/qemu-system-x86_64"
#define INNER_GUEST "/qemu/assign.flat"
#define INNER_SHARE "/qemu/share"
/* qboot where it was staged (vm-images/qemu-stage.sh copies it when the
 * QEMU has it): under nested SVM, all of it emulated by this VM's TCG, it
 * starts the guest about 0.25 s sooner than SeaBIOS (README, "Speed"); the
 * guest gives edu's BARs their addresses itself under either. */
#define INNER_QBOOT INNER_SHARE "/qboot.rom"
/* The inner guest's RAM: q35 puts it all below 4 GiB, from 0. */
#define INNER_RAM "32M"
#define INNER_RAM_END (32ULL << 20)
/* Above that RAM and below edu's 28-bit dma_mask, in no mapping of QEMU's
 * (its ROMs and BARs lie just below 4 GiB); inside the page, as in
 * vfio_paths.c. */
#define GPA_FAULT (0x6000000ULL + 0x124)
_Static_assert(GPA_FAULT >= INNER_RAM_END && GPA_FAULT < EDU_IOVA_LIMIT, "GPA_FAULT outside RAM, inside edu's reach");
/* QEMU's start, its firmware under nested SVM and five edu transfers of 100 ms,
 * all emulated by this VM's TCG: seconds; killed past the bound. */
#define INNER_LIMIT_MS 40000
/* The harness's bound on a test: the VT-d ratelimit wait (at most 5.5 s) and the run. */
#define INNER_TEST_S 50
/* What QEMU exits with when the guest ends with 0 (isa-debug-exit: 0 << 1 | 1). */
#define INNER_PASSED 1
#define OUT_SIZE 16384
/* The kept run, for the tests after the first in this boot (a RAM disk). */
#define INNER_KEPT "/tmp/faultline-qemu-assign"

struct inner {
	char out[OUT_SIZE];	/* QEMU's stdout (the guest's serial) and stderr */
	size_t len;
	int status;		/* waitpid's */
	bool killed;		/* past INNER_LIMIT_MS */
	uint64_t ms;
	char bdf[32];		/* the edu it ran with */
	int fault_logged;	/* kmsg_find_dma_fault's answer for GPA_FAULT, or -errno */
	char fault_line[512];	/* its message */
	bool kept;		/* read from an earlier test's file */
};

/* inner_exec BDF: the child: QEMU with edu at BDF assigned; never returns. */
static void inner_exec(const char *bdf)
{
	char dev[64], append[64];
	const char *argv[] = {
		INNER_LOADER, "--library-path", "/qemu/lib", INNER_QEMU, "-L", INNER_SHARE,
		"-machine", "q35", "-accel", "kvm", "-m", INNER_RAM, "-nodefaults", "-no-reboot",
		"-display", "none", "-serial", "stdio", "-monitor", "none",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=0x4", "-device", dev,
		"-kernel", INNER_GUEST, "-append", append,
		/* last: "-bios qboot.rom" when staged, else QEMU's default (SeaBIOS) */
		NULL, NULL, NULL,
	};
	size_t n = sizeof(argv) / sizeof(argv[0]) - 3;

	snprintf(dev, sizeof(dev), "vfio-pci,host=%s", bdf);
	snprintf(append, sizeof(append), "relax=spin fault=0x%llx", GPA_FAULT);
	if (access(INNER_QBOOT, R_OK) == 0) {
		argv[n++] = "-bios";
		argv[n++] = "qboot.rom";
	}
	execv(INNER_LOADER, (char **)argv);
	_exit(127);
}

/* inner_collect IN FD PID: reads FD into IN until EOF or the bound, which
 * kills PID. */
static void inner_collect(struct inner *in, int fd, pid_t pid)
{
	uint64_t start = mono_ms();
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n = 1;

	while (n > 0) {
		int64_t left = (int64_t)(start + INNER_LIMIT_MS) - (int64_t)mono_ms();

		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			kill(pid, SIGKILL);
			in->killed = true;
			break;
		}
		n = read(fd, in->out + in->len, sizeof(in->out) - 1 - in->len);
		if (n < 0 && errno == EINTR)
			n = 1;
		else if (n > 0)
			in->len += n;
		if (in->len == sizeof(in->out) - 1)
			in->len = 0;	/* a flood: keep the end */
	}
	in->out[in->len] = '\0';
	waitpid(pid, &in->status, 0);
	in->ms = mono_ms() - start;
}

/* inner_run IN BDF: the inner QEMU's whole run; -errno if it did not start. */
static int inner_run(struct inner *in, const char *bdf)
{
	int fds[2];
	pid_t pid;

	memset(in, 0, sizeof(*in));
	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* A test killed past its own bound (the harness's, /init's) takes
		 * QEMU with it: edu stays free for the next. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(STDIN_FILENO);
		open("/dev/null", O_RDONLY);
		inner_exec(bdf);
	}
	close(fds[1]);
	inner_collect(in, fds[0], pid);
	close(fds[0]);
	return 0;
}

/* stage_ok IN STAGE: whether the guest printed "assign: STAGE ok". */
static bool stage_ok(const struct inner *in, const char *stage)
{
	char want[32];

	snprintf(want, sizeof(want), "assign: %s ok ", stage);
	return strstr(in->out, want) != NULL;
}

/* kept_load IN BDF: whether an earlier test kept a run with edu at BDF. */
static bool kept_load(struct inner *in, const char *bdf)
{
	ssize_t n;
	int fd;

	fd = open(INNER_KEPT, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, in, sizeof(*in));
	close(fd);
	if (n != (ssize_t)sizeof(*in) || strcmp(in->bdf, bdf) != 0)
		return false;
	in->kept = true;
	return true;
}

/* kept_save IN: for the tests after this one; written aside and renamed, so
 * that none reads half of it. */
static void kept_save(const struct inner *in)
{
	const char *tmp = INNER_KEPT ".tmp";
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bool whole;

	if (fd < 0)
		return;
	whole = write(fd, in, sizeof(*in)) == (ssize_t)sizeof(*in);
	close(fd);
	if (!whole || rename(tmp, INNER_KEPT))
		unlink(tmp);
}

/* inner_observe IN EDU: the run the tests read, kept or made now.  Behind
 * VT-d the faults of the tests before would silence this run's: waited out.
 * Returns -errno if QEMU did not start or /dev/kmsg did not open. */
static int inner_observe(struct inner *in, const struct edu *edu)
{
	int kmsg, rc;

	if (kept_load(in, edu->bdf))
		return 0;
	kmsg_wait_ratelimit(edu);
	kmsg = kmsg_open();
	if (kmsg < 0)
		return kmsg;
	rc = inner_run(in, edu->bdf);
	kmsg_mark_jiffies(); /* after the run's fault: the next wait counts it from here */
	if (rc == 0) {
		snprintf(in->bdf, sizeof(in->bdf), "%s", edu->bdf);
		in->fault_logged = kmsg_find_dma_fault(kmsg, edu, GPA_FAULT, FAULT_XFER, in->fault_line,
						       sizeof(in->fault_line));
		/* A run cut short is not kept: the next test tries its own, as
		 * each did before. */
		if (!in->killed && WIFEXITED(in->status))
			kept_save(in);
	}
	close(kmsg);
	return rc;
}

FIXTURE(qemu_assign) {
	struct edu edu;
	struct inner in;
};

FIXTURE_SETUP(qemu_assign)
{
	const char *why = "";
	int rc;

	if (access("/dev/kvm", R_OK | W_OK))
		SKIP(return, "no /dev/kvm (%s): a kernel without KVM, or a CPU without SVM or VMX",
		     strerror(errno));
	if (access(INNER_QEMU, X_OK) || access(INNER_GUEST, R_OK))
		SKIP(return, "no %s or %s: not a VM of scripts/hostvm.sh's HOST_INNER_CONFIGS", INNER_QEMU,
		     INNER_GUEST);
	rc = edu_claim(&self->edu, &why);
	if (rc == VFIO_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
}

FIXTURE_TEARDOWN(qemu_assign)
{
}

/* RUN: the inner QEMU's run (inner_observe), its output logged (shown on a failure). */
#define RUN(self)								\
	do {									\
		int rc_ = inner_observe(&(self)->in, &(self)->edu);		\
										\
		ASSERT_EQ(0, rc_) TH_LOG("the inner QEMU did not start, or /dev/kmsg did not open: %s", \
					 strerror(-rc_));				\
		TH_LOG("inner QEMU (edu %s, fault=0x%llx%s): %llu ms, %s %d; its output:\n%s", \
		       (self)->edu.bdf, GPA_FAULT,					\
		       (self)->in.kept ? ", the run of an earlier test" : "",	\
		       (unsigned long long)(self)->in.ms,				\
		       (self)->in.killed ? "killed after the bound, status" : "exit status", \
		       WIFEXITED((self)->in.status) ? WEXITSTATUS((self)->in.status) : -1,	\
		       (self)->in.out);						\
		ASSERT_FALSE((self)->in.killed);				\
	} while (0)

/* VFIO-QEMU-ASSIGN-1 */
TEST_F_TIMEOUT(qemu_assign, guest_dma_lands, INNER_TEST_S)
{
	RUN(self);
	EXPECT_TRUE(stage_ok(&self->in, "landed"));
}

/* VFIO-QEMU-ASSIGN-2 */
TEST_F_TIMEOUT(qemu_assign, dma_to_unmapped_gpa_faults, INNER_TEST_S)
{
	RUN(self);
	EXPECT_TRUE(stage_ok(&self->in, "fault")) TH_LOG("the transfer changed the guest's RAM, or hung");
	EXPECT_EQ(1, self->in.fault_logged)
		TH_LOG("no fault message of %s for %s at 0x%llx", self->edu.iommu, self->edu.bdf,
		       GPA_FAULT);
	TH_LOG("kernel: %s", self->in.fault_line);
}

/* VFIO-QEMU-ASSIGN-3 */
TEST_F_TIMEOUT(qemu_assign, works_after_fault, INNER_TEST_S)
{
	RUN(self);
	EXPECT_TRUE(stage_ok(&self->in, "after"));
	EXPECT_TRUE(strstr(self->in.out, "assign: done") != NULL);
	EXPECT_TRUE(WIFEXITED(self->in.status) && WEXITSTATUS(self->in.status) == INNER_PASSED);
}

TEST_HARNESS_MAIN
