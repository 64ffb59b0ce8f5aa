/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edu's DMA engine, driven through its BAR0 as VFIO maps it, and the user
 * memory the tests map for it: a page to send from, a page to receive in.
 */
#ifndef FAULTLINE_EDU_DMA_H
#define FAULTLINE_EDU_DMA_H

#include <stdint.h>

/* edu's BAR0 (hw/misc/edu.c): its registers and its DMA buffer. */
enum {
	EDU_REG_ID = 0x00,
	EDU_ID_VALUE = 0x010000ed,
	EDU_REG_DMA_SRC = 0x80,
	EDU_REG_DMA_DST = 0x88,
	EDU_REG_DMA_CNT = 0x90,
	EDU_REG_DMA_CMD = 0x98,
	EDU_DMA_RUN = 1,
	EDU_DMA_TO_RAM = 2,
	EDU_BUF_ADDR = 0x40000,
	EDU_BUF_SIZE = 4096,
};

/* One transfer takes 100 ms of virtual time; TCG on a busy host is slower. */
#define EDU_DMA_LIMIT_MS 5000
/* edu's default dma_mask is 28 bits: every IOVA used stays below 256 MiB. */
#define EDU_IOVA_LIMIT 0x10000000ULL

/* What the tests map: pages, below edu's dma_mask and apart; the transfer. */
#define PAGE 4096
#define IOVA_SRC 0x100000ULL
#define IOVA_DST 0x200000ULL
#define IOVA_HOLE 0x300000ULL
/* Where a faulting transfer starts: inside IOVA_HOLE's page, not at its start,
 * so a driver that logs the page instead of the address is caught. */
#define IOVA_FAULT (IOVA_HOLE + 0x124)
#define XFER 256
/* A faulting transfer: 4 bytes, one fault.  The driver's fault message is
 * ratelimited (10 per 5 s per call site) and edu faults once per 4 bytes, so
 * a longer one would silence the next test's message. */
#define FAULT_XFER 4
#define POISON 0xa5

/* The index of the first byte of BUF that is not VALUE, or -1. */
static inline int first_not(const uint8_t *buf, uint8_t value, int len)
{
	for (int i = 0; i < len; i++)
		if (buf[i] != value)
			return i;
	return -1;
}

/* dma_pages: two pages, the first a pattern to send (src), the second
 * poisoned to receive (dst); NULL if mmap fails. */
uint8_t *dma_pages(void);

/* edu_dma BAR0 SRC DST COUNT TO_RAM: one transfer between the IOVA and edu's
 * buffer; 0 once edu clears RUN, -ETIMEDOUT after EDU_DMA_LIMIT_MS. */
int edu_dma(volatile uint8_t *bar0, uint64_t src, uint64_t dst, uint32_t count, int to_ram);
/* edu_round_trip BAR0 SRC DST: edu reads XFER bytes at SRC, writes them at DST. */
int edu_round_trip(volatile uint8_t *bar0, uint64_t src, uint64_t dst);

#endif
