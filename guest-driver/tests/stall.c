// SPDX-License-Identifier: MIT
#include <faultline/rt.h>
#include "tests/fixture.h"

/*
 * edu ends every transfer whatever the IOMMU answers: one that did not end
 * within its bound is its host's doing (a starved QEMU main loop, README),
 * and the checks of the test that waited on it may blame the IOMMU wrongly.
 * Said once, as a failure of the test, not of a statement of the device.
 */
void fx_after(struct fixture *e, const struct test *t)
{
	for (unsigned int i = 0; i < e->nep; i++) {
		const struct dma_endpoint *d = e->ep[i].dma;

		if (!d || !d->ends_always || d->timeouts == e->timeouts[i])
			continue;
		fail_setup(t->ids, t->name, "%s left %lu transfer(s) unended after %llu ms; it ends "
			   "every one whatever the IOMMU does: its host stalled, and this "
			   "test's verdicts may be wrong", e->ep[i].name,
			   d->timeouts - e->timeouts[i],
			   (unsigned long long)(d->timeout_ns / RT_NSEC_PER_MSEC));
	}
}
