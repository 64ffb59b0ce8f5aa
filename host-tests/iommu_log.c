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
#include <unistd.h>

#include "iommu_log.h"
#include "iommufd_helpers.h"
#include "ratelimit.h"

/* Only the messages after the open are read. */
int kmsg_open(void)
{
	int fd = sys_result(open("/dev/kmsg", O_RDONLY | O_NONBLOCK));

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
 * (10); the margin covers jiffies against the log's clock. */
static const struct rl_limit DMAR_LIMIT = { .interval_us = 5000000, .margin_us = 300000, .burst = 10 };
/* The calls the next fault's own lines take: the DRHD line and its record. */
#define DMAR_NEED 2
#define DMAR_EVENTS 256
/* The whole window and the margin: when the log cannot tell. */
#define DMAR_FULL_WAIT_US 5300000
static const char CLOCK_MARK[] = "faultline: the log's clock now";

/* dmar_wait_us: how long until the next fault's lines will be let through,
 * from every dmar_fault interrupt in the log and the time of a record written
 * now; the whole window when the log cannot tell (records lost, too many). */
static uint64_t dmar_wait_us(void)
{
	struct rl_event ev[DMAR_EVENTS];
	char rec[2048];
	uint64_t now = 0;
	size_t n = 0;
	ssize_t len;
	int fd = open("/dev/kmsg", O_RDWR | O_NONBLOCK), marked = 0, lost = 0;

	if (fd < 0)
		return DMAR_FULL_WAIT_US;
	len = snprintf(rec, sizeof(rec), "<7>%s\n", CLOCK_MARK);
	if (write(fd, rec, len) != len)
		lost = 1;
	while (!lost && !marked) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len <= 0) {
			lost = 1; /* EPIPE: records overwritten; EAGAIN: no mark */
			break;
		}
		rec[len] = '\0';
		if (strstr(rec, CLOCK_MARK))
			marked = kmsg_record_us(rec, &now) == 0;
		else
			n = dmar_event(rec, ev, n, DMAR_EVENTS);
	}
	close(fd);
	if (lost || !marked || n > DMAR_EVENTS)
		return DMAR_FULL_WAIT_US;
	return rl_wait_us(ev, n, DMAR_LIMIT, now, DMAR_NEED);
}

void kmsg_wait_ratelimit(const struct edu *edu)
{
	uint64_t us;
	struct timespec ts;

	if (edu->kind != IOMMU_VTD)
		return;
	us = dmar_wait_us();
	ts = (struct timespec){ .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
