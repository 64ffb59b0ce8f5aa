/* SPDX-License-Identifier: MIT */
/*
 * What a conformance test gets: a virtio-iommu behind the transport
 * interface, freshly reset and initialised before each test, and the
 * endpoints behind it.  Tests include this, never PCI or platform code.
 */
#ifndef FAULTLINE_ENV_H
#define FAULTLINE_ENV_H

#include <stdint.h>
#include "lib/check.h"
#include "lib/suite.h"
#include "viommu/viommu.h"

#define ENV_MAX_ENDPOINTS 8

struct endpoint {
	uint32_t id;		/* endpoint ID as the virtio-iommu knows it */
	char kind[12];		/* "edu", "virtio-rng", ...: endpoints of one kind behave alike */
	char name[24];
};

struct env {
	struct vio_transport *t;
	struct viommu v;
	struct endpoint ep[ENV_MAX_ENDPOINTS];
	unsigned int nep;
};

/* The features a test runs with unless it asks otherwise. */
uint64_t env_default_features(const struct viommu *v);
/*
 * Resets and re-initialises the device with `want` (device feature bits,
 * plus transport bits such as VIRTIO_F_INDIRECT_DESC).  On failure it prints
 * a failed check for ids/desc and returns false.
 */
bool env_init(struct env *e, uint64_t want, const char *ids, const char *desc);
bool env_setup(struct env *e, const struct test *t);

/* A request status against the status the spec assigns. */
bool check_status(enum level level, const char *ids, const char *desc, int observed,
		  int expected, const char *sent_fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Valid values to build requests from.  Domains are taken inside domain_range
 * (any u32 when DOMAIN_RANGE was not offered), IOVAs inside input_range and
 * aligned to the granule, the smallest page size in page_size_mask.
 */
uint32_t env_domain(const struct env *e, unsigned int k);
uint64_t env_granule(const struct env *e);
uint64_t env_iova(const struct env *e, unsigned int k);
/* A second endpoint of a different kind than ep[0], or NULL. */
const struct endpoint *env_other_kind(const struct env *e);

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

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
