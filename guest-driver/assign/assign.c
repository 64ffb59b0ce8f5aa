// SPDX-License-Identifier: MIT
/*
 * The inner guest of host-tests/vfio_qemu_assign.c: a KVM guest of QEMU's,
 * with edu assigned by -device vfio-pci and no IOMMU of its own, so that the
 * addresses it programs into edu are guest-physical, which QEMU's VFIO code
 * mapped 1:1 to its RAM.  It runs three stages and prints one line each,
 *	assign: <stage> ok|fail <detail>
 * for the test outside to judge (the IOMMU's report of the fault is in the
 * outer kernel's log, where this guest cannot look):
 *	landed  a round trip through edu into a page of its RAM lands, exactly
 *	fault   a transfer to fault=GPA (outside its RAM) ends, and its DMA
 *	        buffers keep every byte
 *	after   a further round trip lands
 * then "assign: done" and the exit code (0: every stage ok).  It talks to
 * edu through the DMA-endpoint interface only; PCI just finds it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <faultline/rt.h>
#include "endpoint/edu.h"
#include "pci/pci.h"

#define PAGE 4096u
#define XFER 256u	/* a round trip's length: host-tests/edu_dma.h's */
#define FAULT_XFER 4u	/* the faulting transfer's: as in VFIO-KVM-ASSIGN-2 */
#define POISON 0xa5

struct run {
	struct dma_endpoint *ep;
	uint8_t *src;	/* one page: the pattern edu reads */
	uint8_t *dst;	/* three pages, poisoned: where edu writes */
	uint64_t fault;	/* the guest-physical address outside RAM */
	int failed;
};

static void report(struct run *r, const char *stage, bool ok, const char *detail)
{
	printf("assign: %s %s %s\n", stage, ok ? "ok" : "fail", detail);
	r->failed += !ok;
}

/* first_diff A B LEN: the first offset where A and B differ, or -1. */
static long first_diff(const uint8_t *a, const uint8_t *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

/* check_dst R EXPECT: DST holds EXPECT (3 pages) byte for byte; detail in BUF.
 * EXPECT starts each stage as a copy of DST (a stage is judged by its own
 * transfer alone, whatever the one before left). */
static bool check_dst(const struct run *r, const uint8_t *expect, char *buf, size_t size)
{
	long at = first_diff(r->dst, expect, 3 * PAGE);

	if (at < 0)
		return true;
	snprintf(buf, size, "byte 0x%lx of the buffer at 0x%llx is 0x%02x, expected 0x%02x", at,
		 (unsigned long long)rt_virt_to_phys(r->dst), r->dst[at], expect[at]);
	return false;
}

/* round_trip R OFF SEED EXPECT: XFER bytes of a pattern through edu into DST
 * at OFF, and nowhere else in DST. */
static void round_trip(struct run *r, const char *stage, size_t off, unsigned int seed, uint8_t *expect)
{
	char detail[160];
	int rc;

	for (unsigned int i = 0; i < XFER; i++)
		r->src[i] = (uint8_t)(i * seed + 1);
	memcpy(expect, r->dst, 3 * PAGE);
	memcpy(expect + off, r->src, XFER);
	rc = r->ep->ops->read(r->ep, rt_virt_to_phys(r->src), XFER);
	if (rc == DMA_DONE)
		rc = r->ep->ops->write(r->ep, rt_virt_to_phys(r->dst) + off, XFER);
	snprintf(detail, sizeof(detail), "%u bytes at GPA 0x%llx", XFER,
		 (unsigned long long)rt_virt_to_phys(r->dst) + off);
	if (rc != DMA_DONE)
		snprintf(detail, sizeof(detail), "edu's transfer ended with %d (timeout %d)", rc, DMA_TIMEOUT);
	report(r, stage, rc == DMA_DONE && check_dst(r, expect, detail, sizeof(detail)), detail);
}

static void fault_stage(struct run *r, uint8_t *expect)
{
	char detail[160];
	int rc;

	memcpy(expect, r->dst, 3 * PAGE);
	rc = r->ep->ops->write(r->ep, r->fault, FAULT_XFER);
	snprintf(detail, sizeof(detail), "%u bytes to GPA 0x%llx, its buffers unchanged", FAULT_XFER,
		 (unsigned long long)r->fault);
	if (rc != DMA_DONE)
		snprintf(detail, sizeof(detail), "edu's transfer to 0x%llx ended with %d",
			 (unsigned long long)r->fault, rc);
	report(r, "fault", rc == DMA_DONE && check_dst(r, expect, detail, sizeof(detail)), detail);
}

/*
 * edu's 100 ms transfer, waited for longer than in the suite's guest: here it
 * runs under KVM nested in TCG, where the guest's clock runs ahead of the
 * QEMU's timers (KVM cannot give the lower TSC rate QEMU asks for: "user
 * requested TSC rate below hardware speed") and the QEMU is starved on a
 * loaded machine; 2 s ran out with two test VMs a core.  Three transfers
 * stay inside vfio_qemu_assign's 40 s bound on this QEMU.
 */
#define ASSIGN_DMA_TIMEOUT_NS (10 * RT_NSEC_PER_SEC)

static struct dma_endpoint *find_edu(void)
{
	static struct pci_dev devs[PCI_MAX_DEVICES];
	static struct edu edu;
	int n = pci_scan(devs, PCI_MAX_DEVICES);
	char bdf[8];

	for (int i = 0; i < n; i++) {
		if (devs[i].vendor != EDU_VENDOR || devs[i].device != EDU_DEVICE)
			continue;
		printf("# assign: edu at %s\n", pci_name(&devs[i], bdf));
		if (edu_init(&edu, &devs[i]))
			return NULL;
		edu.dma.timeout_ns = ASSIGN_DMA_TIMEOUT_NS;
		return &edu.dma;
	}
	return NULL;
}

static uint64_t arg_fault(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "fault=", 6))
			return strtoull(argv[i] + 6, NULL, 0);
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t expect[3 * PAGE];
	struct run r = { .fault = arg_fault(argc, argv) };

	r.ep = find_edu();
	r.src = rt_alloc(PAGE, PAGE);
	r.dst = rt_alloc(3 * PAGE, PAGE);
	if (!r.ep || !r.src || !r.dst || !r.fault) {
		printf("assign: bail %s\n", !r.ep ? "no edu that answers" : !r.fault ? "no fault=GPA" : "no memory");
		return 2;
	}
	memset(r.dst, POISON, 3 * PAGE);
	round_trip(&r, "landed", 0, 7, expect);
	fault_stage(&r, expect);
	round_trip(&r, "after", PAGE, 13, expect);
	printf("assign: done\n");
	return r.failed ? 1 : 0;
}
