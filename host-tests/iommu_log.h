/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest kernel's log (/dev/kmsg), where the IOMMU driver in front of edu
 * reports the faults of its DMA.  The drivers ratelimit these messages (10
 * per 5 s per call site; VT-d's dmar_fault spends 3 on one fault).
 */
#ifndef FAULTLINE_IOMMU_LOG_H
#define FAULTLINE_IOMMU_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "edu_device.h"

/* kmsg_mark_jiffies: a mark of jiffies in the log (ratelimit.h).  A fault
 * counts at the first mark after it, the latest it can have been: a test that
 * DMAs leaves one when it ends (vfio_env_teardown), so that its faults are not
 * counted as late as the next test that reads the log, which made that test
 * wait a whole window for nothing. */
void kmsg_mark_jiffies(void);
/* kmsg_open: /dev/kmsg positioned after the last message, or -errno; leaves
 * a mark first. */
int kmsg_open(void);
/* kmsg_find_fault FD EDU LO HI LINE SIZE: whether a new kernel message is the
 * IOMMU driver's report of a fault by EDU at an address in [lo, hi]; LINE gets
 * it.  virtio-iommu: "page fault from EP <rid> at <addr> [..]"; VT-d:
 * "[DMA Write NO_PASID] Request device [<bb:dd.f>] fault addr <addr> ..". */
int kmsg_find_fault(int fd, const struct edu *edu, uint64_t lo, uint64_t hi, char *line, size_t size);
/* kmsg_find_dma_fault FD EDU IOVA LEN LINE SIZE: kmsg_find_fault for a transfer
 * of LEN bytes at IOVA that faults, at the address its IOMMU reports: a byte of
 * the transfer behind virtio-iommu (QEMU reports the address it translated),
 * exactly the page of IOVA behind VT-d (its fault record holds the page only). */
int kmsg_find_dma_fault(int fd, const struct edu *edu, uint64_t iova, uint64_t len, char *line,
			size_t size);
/* kmsg_wait_ratelimit EDU: for a test that runs after others that faulted:
 * behind VT-d, waits until dmar_fault's ratelimit (10 calls per 5 s, 3 spent
 * on one fault) surely lets the next fault's lines through: no wait while
 * the faults logged in the last 5.5 s leave room, until enough of them are
 * older otherwise (ratelimit.h).  virtio-iommu spends one message on a
 * fault: no wait. */
void kmsg_wait_ratelimit(const struct edu *edu);

#endif
