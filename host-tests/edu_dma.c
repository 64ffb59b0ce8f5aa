// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of edu_dma.h.  Nothing here asserts: the tests do.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "clock.h"
#include "edu_dma.h"

uint8_t *dma_pages(void)
{
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (int i = 0; i < PAGE; i++)
		p[i] = (uint8_t)(i * 7 + 1);
	memset(p + PAGE, POISON, PAGE);
	return p;
}

static void edu_write64(volatile uint8_t *bar0, unsigned int reg, uint64_t v)
{
	*(volatile uint64_t *)(bar0 + reg) = v;
}

/* edu reports no DMA error: a faulting transfer completes like any other
 * (reference §3.2). */
int edu_dma(volatile uint8_t *bar0, uint64_t src, uint64_t dst, uint32_t count, int to_ram)
{
	uint64_t start = mono_ms();

	edu_write64(bar0, EDU_REG_DMA_SRC, src);
	edu_write64(bar0, EDU_REG_DMA_DST, dst);
	edu_write64(bar0, EDU_REG_DMA_CNT, count);
	edu_write64(bar0, EDU_REG_DMA_CMD, EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0));
	while (*(volatile uint32_t *)(bar0 + EDU_REG_DMA_CMD) & EDU_DMA_RUN) {
		if (mono_ms() - start > EDU_DMA_LIMIT_MS)
			return -ETIMEDOUT;
		usleep(10000);
	}
	return 0;
}

int edu_round_trip(volatile uint8_t *bar0, uint64_t src, uint64_t dst)
{
	int rc = edu_dma(bar0, src, EDU_BUF_ADDR, XFER, 0);

	return rc ? rc : edu_dma(bar0, EDU_BUF_ADDR, dst, XFER, 1);
}
