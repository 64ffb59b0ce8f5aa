// SPDX-License-Identifier: MIT
/*
 * The event queue under pressure: no buffer posted, buffers too small for a
 * report, a burst the buffers can hold and one they cannot.  Transfers are
 * 4 bytes so that one faulting transfer is one access to report.
 */
#include <stdio.h>
#include "tests/dma_util.h"

#define SMALL_LEN	4u
#define BURST		6u
#define SETTLE_NS	(100 * RT_NSEC_PER_MSEC)
/* Reports of a burst arrive together: once one is in, a short quiet spell ends it. */
#define QUIET_NS	(20 * RT_NSEC_PER_MSEC)

/* Gives the device time to deliver (or drop) before the test acts. */
static void settle(uint64_t ns)
{
	rt_sleep_until(rt_clock_ns() + ns);
}

/* Re-initialises the device with the event queue empty, then posts n of size. */
static bool fresh_events(struct fixture *e, unsigned int n, uint32_t size, const char *ids,
			 const char *desc)
{
	if (viommu_init(&e->v, e->t, e->v.negotiated) || events_init(&e->ev, &e->v)) {
		fail_setup(ids, desc, "re-initialising the device");
		return false;
	}
	return events_post(&e->ev, n, size) == n;
}

/* An endpoint attached to a domain with nothing mapped: every read faults. */
static struct endpoint *faulting_endpoint(struct fixture *e, const char *ids, const char *desc)
{
	struct endpoint *ep = dma_endpoint_for(e, true, 0);

	if (!ep) {
		skip(ids, desc, "no endpoint that can read by DMA");
		return NULL;
	}
	if (dma_attach(e, ep, fx_domain(e, 1)) != VIRTIO_IOMMU_S_OK) {
		fail_setup(ids, desc, "ATTACH failed");
		return NULL;
	}
	return ep;
}

static void fault_at(struct endpoint *ep, uint64_t iova)
{
	ep->dma->ops->read(ep->dma, iova, SMALL_LEN);
}

static void no_buffers(struct fixture *e)
{
	const char *ids = "INF-FAULT-1", *desc = "eventq: a fault while no buffer is posted";
	struct viommu_event ev;
	struct endpoint *ep;

	if (!fresh_events(e, 0, 0, ids, desc) || !(ep = faulting_endpoint(e, ids, desc)))
		return;
	fault_at(ep, fx_iova(e, 3));
	settle(SETTLE_NS);
	events_post(&e->ev, 1, sizeof(struct virtio_iommu_fault));
	record(ids, desc, "%s", events_next(&e->ev, &ev, FAULT_WAIT_NS) ?
	       "dropped (nothing after a buffer was posted)" : "kept and delivered once a buffer came");
}

/*
 * A report left waiting for a buffer is device state from before a reset:
 * after it no endpoint is attached (INF-INIT-1) and the fault went with it.
 */
static void reset_discards(struct fixture *e)
{
	const char *ids = "INF-FAULT-1,INF-INIT-1";
	const char *desc = "eventq: a report waiting for a buffer does not outlive a device reset";
	struct endpoint *ep;
	unsigned int n;

	if (!fresh_events(e, 0, 0, ids, desc) || !(ep = faulting_endpoint(e, ids, desc)))
		return;
	fault_at(ep, fx_iova(e, 3));
	settle(SETTLE_NS);
	if (!fx_reinit(e, ids, desc))
		return;
	n = drain_faults(e, FAULT_WAIT_NS);
	check_that(DESCR, ids, !n, desc, "no report", "%u reports within %llu ms of the buffers "
		   "posted after the reset (fault at 0x%llx by 0x%x before it)", n,
		   (unsigned long long)(FAULT_WAIT_NS / RT_NSEC_PER_MSEC),
		   (unsigned long long)fx_iova(e, 3), ep->id);
}

static const uint32_t small_sizes[] = { 8, 16 };

/* One fault, two buffers too small: the report must not be split over both. */
static void small_buffers(struct fixture *e)
{
	const char *ids = "DEV-FAULT-5";

	for (unsigned int i = 0; i < ARRAY_SIZE(small_sizes); i++) {
		uint32_t size = small_sizes[i], used[4] = { 0 };
		struct viommu_event ev;
		struct endpoint *ep;
		unsigned int n = 0;
		char desc[96];

		snprintf(desc, sizeof(desc), "eventq: a report is not split over %u-byte buffers", size);
		if (!fresh_events(e, 2, size, ids, desc) || !(ep = faulting_endpoint(e, ids, desc)))
			return;
		fault_at(ep, fx_iova(e, 3));
		while (n < 4 && !events_next(&e->ev, &ev, FAULT_WAIT_NS))
			used[n++] = ev.used_len;
		check_that(SHOULD, ids, n <= 1 && used[0] <= size, desc, "at most one buffer used",
			   "%u buffers returned, used lengths %u %u", n, used[0], used[1]);
		snprintf(desc, sizeof(desc), "eventq: what a fault does with %u-byte buffers", size);
		record("DEV-FAULT-5", desc, "%s%s", n ? "a shorter report" : "dropped",
		       viommu_needs_reset(&e->v) ? "; device set DEVICE_NEEDS_RESET" : "");
	}
}

/* What a report says of where the fault was: nothing, without F_ADDRESS (DEV-FAULT-4). */
struct seen {
	bool has_address;
	uint64_t address;
	uint8_t reason;
	uint32_t endpoint;
};

/* Reads whatever arrives; got[] keeps the first max reports' addresses. */
static unsigned int collect(struct fixture *e, struct seen *got, unsigned int max)
{
	struct viommu_event ev;
	unsigned int n = 0;

	while (!events_next(&e->ev, &ev, n ? QUIET_NS : FAULT_WAIT_NS)) {
		if (n < max)
			got[n] = (struct seen){ event_flags(&ev) & VIRTIO_IOMMU_FAULT_F_ADDRESS,
						event_address(&ev), ev.fault.reason,
						event_endpoint(&ev) };
		n++;
	}
	return n;
}

/* Reports in the order of the faults: by address where the report gives one. */
static void burst(struct fixture *e)
{
	const char *ids = "INF-FAULT-1", *desc = "eventq: a burst of faults is reported whole, in order";
	struct seen got[2 * BURST];
	unsigned int n, in_order = 0, addressed = 0, right = 0;
	struct endpoint *ep;

	if (!(ep = faulting_endpoint(e, ids, desc)))
		return;
	for (unsigned int i = 0; i < BURST; i++)
		fault_at(ep, fx_iova(e, 8 + i));
	n = collect(e, got, 2 * BURST);
	for (unsigned int i = 0; i < n && i < BURST; i++) {
		addressed += got[i].has_address;
		in_order += !got[i].has_address || got[i].address == fx_iova(e, 8 + i);
		right += got[i].reason == VIRTIO_IOMMU_FAULT_R_MAPPING && got[i].endpoint == ep->id;
	}
	check_that(DESCR, ids, n == BURST && in_order == BURST, desc,
		   "one report per fault, in order where F_ADDRESS is set",
		   "%u reports for %u faults, %u with F_ADDRESS, %u in place", n, BURST, addressed,
		   in_order);
	check_that(SHOULD, "DEV-FAULT-3,INF-FAULT-2", right == (n < BURST ? n : BURST),
		   "eventq: each report of the burst gives R_MAPPING and the endpoint", "all of them",
		   "%u of %u right (endpoint 0x%x)", right, n < BURST ? n : BURST, ep->id);
}

/* More faults than buffers: count what comes now and what comes after a refill. */
static void overflow(struct fixture *e)
{
	const char *ids = "INF-FAULT-1", *desc = "eventq: a burst larger than the buffers posted";
	struct seen got[2 * BURST];
	unsigned int now, later;
	struct endpoint *ep;

	if (!fresh_events(e, 2, sizeof(struct virtio_iommu_fault), ids, desc) ||
	    !(ep = faulting_endpoint(e, ids, desc)))
		return;
	for (unsigned int i = 0; i < BURST; i++)
		fault_at(ep, fx_iova(e, 8 + i));
	now = collect(e, got, 2 * BURST);
	events_post(&e->ev, BURST, sizeof(struct virtio_iommu_fault));
	later = collect(e, got, 2 * BURST);
	record(ids, desc, "%u faults, 2 buffers: %u delivered, %u after a refill, %u dropped", BURST,
	       now, later, BURST - now - later);
}

const struct test eventq_tests[] = {
	{ "eventq.no_buffers", "INF-FAULT-1", no_buffers },
	{ "eventq.reset_discards", "INF-FAULT-1,INF-INIT-1", reset_discards },
	{ "eventq.small_buffers", "DEV-FAULT-5", small_buffers },
	{ "eventq.burst", "INF-FAULT-1,INF-FAULT-2,DEV-FAULT-3", burst },
	{ "eventq.overflow", "INF-FAULT-1", overflow },
};
const unsigned int eventq_count = ARRAY_SIZE(eventq_tests);
