/* SPDX-License-Identifier: MIT */
/*
 * What a conformance test gets: a virtio-iommu behind the transport
 * interface, freshly reset and initialised before each test, and the
 * endpoints behind it.  Tests include this, never PCI or platform code.
 */
#ifndef FAULTLINE_FIXTURE_H
#define FAULTLINE_FIXTURE_H

#include <stdint.h>
#include <faultline/dma_endpoint.h>
#include "harness/check.h"
#include "harness/suite.h"
#include "viommu/event.h"
#include "viommu/viommu.h"

#define FX_MAX_ENDPOINTS 8

struct endpoint {
	uint32_t id;		/* endpoint ID as the virtio-iommu knows it */
	char kind[12];		/* "edu", "virtio-rng", ...: endpoints of one kind behave alike */
	char name[24];
	struct dma_endpoint *dma;	/* NULL when the endpoint cannot do DMA for tests */
};

struct fixture {
	struct vio_transport *t;
	struct viommu v;
	struct viommu_events ev;	/* posted at setup: EVENT_DEFAULT_BUFS fault-sized buffers */
	struct endpoint ep[FX_MAX_ENDPOINTS];
	unsigned int nep;
	unsigned int faults_checked;	/* reports check_fault took apart, since boot */
	bool boot_bypass_known;
	uint8_t boot_bypass;		/* config.bypass before any test wrote it (DEV-CFG-5) */
	unsigned int reset_leftovers;	/* tests whose setup found domains a reset kept */
	unsigned long timeouts[FX_MAX_ENDPOINTS];	/* each endpoint's DMA timeouts at setup */
};

/* The features a test runs with unless it asks otherwise. */
uint64_t fx_default_features(const struct viommu *v);
/*
 * Resets and re-initialises the device with `want` (device feature bits,
 * plus transport bits such as VIRTIO_F_INDIRECT_DESC).  On failure it prints
 * a failed check for ids/desc and returns false.
 */
bool fx_init(struct fixture *e, uint64_t want, const char *ids, const char *desc);
/* The same with `bufs` fault-sized event buffers posted (0: none; fx_init posts EVENT_DEFAULT_BUFS). */
bool fx_init_events(struct fixture *e, uint64_t want, unsigned int bufs, const char *ids,
		    const char *desc);
/* fx_init without the clean-state check: for tests of what a reset leaves. */
bool fx_init_raw(struct fixture *e, uint64_t want, const char *ids, const char *desc);
bool fx_setup(struct fixture *e, const struct test *t);
/* After a test: a transfer an endpoint that always ends did not end is a failure of its own. */
void fx_after(struct fixture *e, const struct test *t);
/*
 * After the setup's reset: no domain an ATTACH named since boot exists and
 * bypass is as last written (tests/isolation.c).  Leftovers are reported
 * once per boot and removed with DETACH; false when the test must run in a
 * fresh VM instead (suite_fresh_vm was called).
 */
bool fx_verify_clean(struct fixture *e, const struct test *t);
/* The domain part of it, after any reset; `where` names the place for a finding. */
bool fx_clean(struct fixture *e, const char *where);

/* A request status against the status the spec assigns. */
bool check_status(enum level level, const char *ids, const char *desc, int observed,
		  int expected, const char *sent_fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Valid values to build requests from.  Domains are taken inside domain_range
 * (any u32 when DOMAIN_RANGE was not offered), IOVAs inside input_range and
 * aligned to the granule, the smallest page size in page_size_mask.
 */
uint32_t fx_domain(const struct fixture *e, unsigned int k);
uint64_t fx_granule(const struct fixture *e);
uint64_t fx_iova(const struct fixture *e, unsigned int k);
/* [start, last] inside input_range, or anywhere when INPUT_RANGE is not negotiated. */
bool fx_in_input_range(const struct fixture *e, uint64_t start, uint64_t last);
#define MAP_RW (VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE)
#define MAP_FMT "MAP dom %u [0x%llx, 0x%llx] -> 0x%llx flags 0x%x"
/* Where MAP requests point when no DMA uses them (granule-aligned by fx_phys). */
#define FX_PHYS_BASE 0x100000ull
uint64_t fx_phys(const struct fixture *e);

/* The same features again, on a freshly reset device. */
bool fx_reinit(struct fixture *e, const char *ids, const char *desc);
/* A request a check depends on: when refused, the check fails as a setup failure. */
bool fx_require(int st, const char *ids, const char *desc, const char *sent_fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * MAP_UNMAP negotiated, or a SKIP line for ids/desc: a device that does not
 * offer it (DEV-FEAT-1) has no MAP or UNMAP to test.
 */
bool fx_need_map(const struct fixture *e, const char *ids, const char *desc);
/* ATTACH ep[0] to fx_domain(e, 0) for a test that MAPs (checks fx_need_map first). */
bool fx_attach_ep0(struct fixture *e, const char *ids, const char *desc, uint32_t *dom);

/* A second endpoint of a different kind than ep[0], or NULL. */
const struct endpoint *fx_other_kind(const struct fixture *e);

/* An endpoint ID nothing uses, for the S_NOENT cases. */
#define ENDPOINT_ABSENT 0xfffffffeu

/* Test groups, one file each, in the order of the spec's sections. */
#define DECLARE_GROUP(g) \
	extern const struct test g##_tests[]; \
	extern const unsigned int g##_count
DECLARE_GROUP(features);
DECLARE_GROUP(config);
DECLARE_GROUP(framing);
DECLARE_GROUP(ops);
DECLARE_GROUP(attach);
DECLARE_GROUP(detach);
DECLARE_GROUP(map);
DECLARE_GROUP(unmap);
DECLARE_GROUP(probe);
DECLARE_GROUP(resv_mem);
DECLARE_GROUP(bypass);
DECLARE_GROUP(init);
DECLARE_GROUP(descriptors);
DECLARE_GROUP(dma);
DECLARE_GROUP(faults);
DECLARE_GROUP(eventq);
DECLARE_GROUP(sequences);
DECLARE_GROUP(reset);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
