// SPDX-License-Identifier: MIT
/*
 * edu copies between memory and a 4 KiB buffer of its own, 100 ms (virtual
 * time) after the command is written, so each transfer is costly: tests keep
 * them few.  A transfer that faults in the IOMMU still "completes" for edu.
 * The device buffer is not readable over MMIO: a read is checked by
 * writing the buffer back out to memory.
 */
#include <string.h>
#include <faultline/rt.h>
#include <asm/platform.h>
#include <asm/io.h>
#include "endpoint/edu.h"

#define EDU_ID			0x00
#define EDU_LIVENESS		0x04
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_CMD_RUN		0x1
#define EDU_CMD_TO_RAM		0x2	/* device buffer -> memory */
#define EDU_BUF_ADDR		0x40000	/* the device buffer in edu's own space */
#define EDU_BUF_SIZE		4096
#define EDU_DMA_TIMEOUT_NS	(2 * RT_NSEC_PER_SEC)	/* 100 ms expected */
/* QEMU's edu ends a transfer on a timer this long after the command. */
#define EDU_DMA_NS		(100 * RT_NSEC_PER_MSEC)

static struct edu *to_edu(struct dma_endpoint *ep)
{
	return (struct edu *)ep;
}

/* Until the command ends, or the endpoint's timeout after `start`. */
static int edu_wait(struct edu *edu, uint64_t start)
{
	uint64_t deadline = start + edu->dma.timeout_ns;

	while (mmio_read32(edu->regs + EDU_DMA_CMD) & EDU_CMD_RUN) {
		if (rt_clock_ns() > deadline) {
			edu->dma.timeouts++;
			return DMA_TIMEOUT;
		}
		rt_relax();
	}
	return DMA_DONE;
}

static int edu_transfer(struct edu *edu, uint64_t src, uint64_t dst, uint32_t len,
			uint32_t cmd)
{
	uint64_t start;

	if (!len || len > EDU_BUF_SIZE)
		return DMA_UNSUPPORTED;
	edu->dma.transfers++;
	mmio_write64(edu->regs + EDU_DMA_SRC, src);
	mmio_write64(edu->regs + EDU_DMA_DST, dst);
	mmio_write64(edu->regs + EDU_DMA_COUNT, len);
	start = rt_clock_ns();
	mmio_write32(edu->regs + EDU_DMA_CMD, cmd | EDU_CMD_RUN);
	/* Polled only once it should be over: a poll a millisecond was a hundred
	 * wake-ups a transfer, most of a guest run's host time. */
	if (mmio_read32(edu->regs + EDU_DMA_CMD) & EDU_CMD_RUN)
		rt_sleep_until(start + EDU_DMA_NS);
	return edu_wait(edu, start);
}

static int edu_read(struct dma_endpoint *ep, uint64_t iova, uint32_t len)
{
	return edu_transfer(to_edu(ep), iova, EDU_BUF_ADDR, len, 0);
}

static int edu_write(struct dma_endpoint *ep, uint64_t iova, uint32_t len)
{
	return edu_transfer(to_edu(ep), EDU_BUF_ADDR, iova, len, EDU_CMD_TO_RAM);
}

static int edu_recover(struct dma_endpoint *ep)
{
	return edu_wait(to_edu(ep), rt_clock_ns());
}

static const struct dma_ops edu_ops = {
	.read = edu_read,
	.write = edu_write,
	.recover = edu_recover,
};

int edu_init(struct edu *edu, const struct pci_dev *d)
{
	uint64_t bar = pci_bar_addr(d, 0);

	memset(edu, 0, sizeof(*edu));
	edu->regs = bar ? arch_map_mmio(bar, 0x100000) : NULL;
	if (!edu->regs)
		return -1;
	pci_enable(d);
	/* The liveness register answers with the complement of what was written. */
	mmio_write32(edu->regs + EDU_LIVENESS, 0x12345678);
	if (mmio_read32(edu->regs + EDU_LIVENESS) != ~0x12345678u)
		return -1;
	edu->dma = (struct dma_endpoint){
		.ops = &edu_ops,
		.max_len = EDU_BUF_SIZE,
		.echoes_read = true,
		.can_read = true,
		.ends_always = true,
		.timeout_ns = EDU_DMA_TIMEOUT_NS,
	};
	return 0;
}
