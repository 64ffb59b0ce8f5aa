/* SPDX-License-Identifier: MIT */
/*
 * What the DMA and fault tests share: test pages to poison and inspect,
 * attaching an endpoint with the ranges it needs for itself, and checking a
 * fault report field by field.
 */
#ifndef FAULTLINE_DMA_UTIL_H
#define FAULTLINE_DMA_UTIL_H

#include <faultline/rt.h>
#include "tests/fixture.h"

#define MIN_PAGE	4096u		/* test pages are never smaller */
#define DMA_PAGES	8
#define DMA_LEN		64u		/* bytes per transfer: enough to see, cheap to move */
#define PATTERN		0x5a
#define POISON_BYTE	0xc3
#define FAULT_WAIT_NS	(200 * RT_NSEC_PER_MSEC)	/* a report trails its DMA */
#define EXTRA_FAULT_WAIT_NS (10 * RT_NSEC_PER_MSEC)

/*
 * Test pages are granule-sized (at least MIN_PAGE) and granule-aligned, so a
 * MAP of one page is valid whatever page_size_mask says.  dma_endpoint_for()
 * sizes them for the device under test; test_page_size() is their size.
 */
uint32_t test_page_size(void);
uint8_t *test_page(unsigned int k);
uint64_t test_page_pa(unsigned int k);
void page_fill(unsigned int k, uint8_t byte);
/* Bytes of page k in [off, off + len) not equal to byte; 0 when untouched. */
unsigned int page_diff(unsigned int k, unsigned int off, unsigned int len, uint8_t byte);

/*
 * The first endpoint that can DMA (and read, when asked), with the test pages
 * sized for e's granule; NULL: skip.
 */
struct endpoint *dma_endpoint_for(struct fixture *e, bool need_read, unsigned int nth);

/* A DMA endpoint of another kind than `like`; NULL: skip. */
struct endpoint *dma_endpoint_unlike(struct fixture *e, const struct endpoint *like);

/* ATTACH ep to dom, then map 1:1 what the endpoint needs for itself (its rings). */
int dma_attach(struct fixture *e, struct endpoint *ep, uint32_t dom);

/*
 * Makes an echoing endpoint (edu) hold DMA_LEN bytes of PATTERN: it reads
 * them from test page 0 through a read-only mapping at `iova` in dom (any
 * u32, 0 included, is a domain ID).  Returns false (and reports) on failure.
 */
bool dma_load_pattern(struct fixture *e, struct endpoint *ep, uint32_t dom, uint64_t iova,
		      const char *ids);

/* The bypass field, for tests that need translation on or off. */
bool set_bypass(struct fixture *e, uint8_t val, const char *ids, const char *desc);

struct fault_expect {
	const char *what;	/* prefix of each TAP line, e.g. "fault: unmapped write" */
	uint8_t reason;
	uint32_t dir;		/* VIRTIO_IOMMU_FAULT_F_READ or _WRITE */
	uint32_t endpoint;
	uint64_t address;
	/* Also the right address: [first_access, first_access_end], where an endpoint
	 * touches its own rings before the buffer (0, 0: none). */
	uint64_t first_access, first_access_end;
};

/*
 * Takes the next report and checks reason, direction, address, endpoint,
 * reserved fields and undefined flags, one TAP line each.  Returns false
 * when no report came.
 */
bool check_fault(struct fixture *e, const struct fault_expect *x);
/* Drains reports that arrive within `wait_ns`; returns how many. */
unsigned int drain_faults(struct fixture *e, uint64_t wait_ns);

#endif
