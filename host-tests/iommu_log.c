// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of iommu_log.h.  Nothing here asserts: the tests do.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/times.h>
#include <unistd.h>

#include "iommu_log.h"
#include "clock.h"
#include "iommufd_helpers.h"
#include "ratelimit.h"

/* ticks_now: jiffies as times(2) gives them, in clock ticks. */
static uint64_t ticks_now(void)
{
	struct tms tm;

	return (uint64_t)times(&tm);
}

/* mark FD: a mark of the jiffies now in the log (level 7: not on the console). */
static void mark(int fd)
{
	char rec[64];
	int len = snprintf(rec, sizeof(rec), "<7>" RL_MARK "%llu\n", (unsigned long long)ticks_now());

	if (write(fd, rec, len) != len)
		return; /* a missing mark makes a later wait longer, not wrong */
}

void kmsg_mark_jiffies(void)
{
	int fd = open("/dev/kmsg", O_WRONLY);

	if (fd >= 0) {
		mark(fd);
		close(fd);
	}
}

/* Only the messages after the open are read. */
int kmsg_open(void)
{
	int fd;

	kmsg_mark_jiffies();
	fd = sys_result(open("/dev/kmsg", O_RDONLY | O_NONBLOCK));

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* fault_key EDU SEGMENT KEY SIZE: the text the IOMMU driver writes before the
 * faulting address (virtio-iommu.c viommu_fault_handler; intel/dmar.c
 * dmar_fault_do_one, which names the PCI segment too since 6.13 or so:
 * "[0000:01:00.0]" where 6.12 wrote "[01:00.0]"). */
static void fault_key(const struct edu *edu, bool segment, char *key, size_t size)
{
	if (edu->kind == IOMMU_VTD)
		snprintf(key, size, "Request device [%s%02x:%02x.%u] fault addr ",
			 segment ? "0000:" : "", edu->rid >> 8, (edu->rid >> 3) & 0x1f, edu->rid & 7);
	else
		snprintf(key, size, "fault from EP %u at ", edu->rid);
}

/* The key's end in REC, in either of the forms; NULL when neither. */
static const char *after_key(const struct edu *edu, const char *rec)
{
	char key[64];
	const char *at;

	for (int segment = 0; segment < 2; segment++) {
		fault_key(edu, segment, key, sizeof(key));
		at = strstr(rec, key);
		if (at)
			return at + strlen(key);
	}
	return NULL;
}

int kmsg_find_fault(int fd, const struct edu *edu, uint64_t lo, uint64_t hi, char *line,
		    size_t size)
{
	char rec[2048];
	const char *at;
	unsigned long long addr;
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue; /* overwritten records: go on with the next */
		if (n <= 0)
			return 0;
		rec[n] = '\0';
		at = after_key(edu, rec);
		if (!at || sscanf(at, "%llx", &addr) != 1 || addr < lo || addr > hi)
			continue;
		rec[strcspn(rec, "\n")] = '\0';
		snprintf(line, size, "%s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
		return 1;
	}
}

/* VT-d's fault recording registers keep bits 63:12 of the address. */
#define VTD_PAGE_MASK (~(uint64_t)0xfff)

int kmsg_find_dma_fault(int fd, const struct edu *edu, uint64_t iova, uint64_t len, char *line,
			size_t size)
{
	uint64_t page = iova & VTD_PAGE_MASK;

	if (edu->kind == IOMMU_VTD)
		return kmsg_find_fault(fd, edu, page, page, line, size);
	return kmsg_find_fault(fd, edu, iova, iova + len - 1, line, size);
}

/* dmar_fault's ratelimit state: DEFAULT_RATELIMIT_INTERVAL (5 s) and BURST
 * (10), in clock ticks, with 0.2 s for their rounding from jiffies. */
#define DMAR_INTERVAL_S 5
#define DMAR_BURST 10
/* The calls the next fault's own lines take: the DRHD line and its record. */
#define DMAR_NEED 2
#define DMAR_MAX 256
/* A wait ends in jiffies; this bounds it in time all the same. */
#define DMAR_WAIT_LIMIT_MS 30000

static struct rl_limit dmar_limit(void)
{
	uint64_t tck = (uint64_t)sysconf(_SC_CLK_TCK);

	return (struct rl_limit){ .interval = DMAR_INTERVAL_S * tck, .margin = tck / 5,
				  .burst = DMAR_BURST };
}

/* dmar_wait_ticks NOW: how many ticks after NOW the next fault's lines will
 * be let through, from every dmar_fault interrupt in the log and the marks;
 * the whole window when the log cannot tell (records lost, too many). */
static uint64_t dmar_wait_ticks(uint64_t *now)
{
	static struct rl_event ev[DMAR_MAX];
	static struct rl_mark mk[DMAR_MAX];
	struct rl_limit lim = dmar_limit();
	char rec[2048];
	size_t n = 0, m = 0;
	ssize_t len;
	int fd = open("/dev/kmsg", O_RDWR | O_NONBLOCK);

	*now = ticks_now();
	if (fd < 0)
		return lim.interval + lim.margin;
	mark(fd);
	while ((len = read(fd, rec, sizeof(rec) - 1)) > 0) {
		rec[len] = '\0';
		if (m < DMAR_MAX && kmsg_mark(rec, &mk[m]))
			m++;
		else
			n = dmar_event(rec, ev, n, DMAR_MAX);
	}
	close(fd);
	/* EPIPE: records overwritten; EAGAIN: the end, our mark last. */
	if (len < 0 && errno != EAGAIN)
		return lim.interval + lim.margin;
	if (n > DMAR_MAX || m == 0 || m == DMAR_MAX || !rl_to_ticks(ev, n, mk, m))
		return lim.interval + lim.margin;
	*now = mk[m - 1].ticks;
	/* On stderr: the harness shows it under a failed check. */
	for (size_t i = 0; i < n; i++)
		if (ev[i].t + lim.interval + lim.margin >= *now)
			fprintf(stderr, "dmar_fault's ratelimit: an interrupt at most %llu ticks ago, "
				"%u calls\n", (unsigned long long)(*now - ev[i].t), ev[i].calls);
	return rl_wait(ev, n, lim, *now, DMAR_NEED);
}

void kmsg_wait_ratelimit(const struct edu *edu)
{
	uint64_t now, wait, start = mono_ms();
	struct timespec nap = { .tv_nsec = 20 * 1000 * 1000 };

	if (edu->kind != IOMMU_VTD)
		return;
	wait = dmar_wait_ticks(&now);
	fprintf(stderr, "dmar_fault's ratelimit: waiting %llu ticks of %ld a second\n",
		(unsigned long long)wait, sysconf(_SC_CLK_TCK));
	while (ticks_now() - now < wait && mono_ms() - start < DMAR_WAIT_LIMIT_MS)
		nanosleep(&nap, NULL);
}
