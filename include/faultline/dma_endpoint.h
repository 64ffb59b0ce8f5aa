/* SPDX-License-Identifier: MIT */
/*
 * The DMA-endpoint interface: what the fault tests need from a device behind
 * the IOMMU.  An endpoint moves bytes between memory at an IOVA and a buffer
 * of its own.  edu and virtio-rng implement it in the guest; the reference
 * model implements it on the host.  Tests see only this.
 */
#ifndef FAULTLINE_DMA_H
#define FAULTLINE_DMA_H

#include <stdbool.h>
#include <stdint.h>

struct dma_endpoint;

enum dma_result {
	DMA_DONE = 0,		/* the endpoint says the transfer ended (faulted or not) */
	DMA_FAILED = -1,	/* the endpoint itself reported an error */
	DMA_TIMEOUT = -2,	/* no end seen within the bound */
	DMA_UNSUPPORTED = -3,	/* this endpoint cannot move data that way */
};

struct dma_ops {
	/* The endpoint reads len bytes at iova into its own buffer. */
	int (*read)(struct dma_endpoint *ep, uint64_t iova, uint32_t len);
	/*
	 * The endpoint writes len bytes to iova: what its last read() brought
	 * in when `echoes_read` is set (edu), else data of its own making
	 * (virtio-rng writes random bytes).
	 */
	int (*write)(struct dma_endpoint *ep, uint64_t iova, uint32_t len);
	/* Re-arms the endpoint after a transfer it reported as failed. */
	int (*recover)(struct dma_endpoint *ep);
	/*
	 * Addresses the endpoint itself needs reachable (its rings, for a
	 * virtio device with iommu_platform=on), identity-mapped, so a test
	 * can map them into the endpoint's domain.  May be NULL.
	 */
	unsigned int (*own_ranges)(struct dma_endpoint *ep, uint64_t *start, uint64_t *end,
				   unsigned int max);
};

struct dma_endpoint {
	const struct dma_ops *ops;
	uint32_t max_len;	/* longest transfer */
	bool echoes_read;	/* write() sends what the last read() received */
	bool can_read;
	/*
	 * The endpoint ends every transfer whatever the IOMMU answers (edu: a
	 * faulting access is dropped and the transfer goes on), so a timeout is
	 * the endpoint's or its host's, never the IOMMU's.
	 */
	bool ends_always;
	uint64_t timeout_ns;	/* bound on one transfer */
	unsigned long transfers;	/* transfers started (a measure of the run) */
	unsigned long timeouts;		/* transfers that ended with DMA_TIMEOUT */
};

#endif
