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
/* Re-initialises the device with `want`; reports a setup failure itself. */
bool env_init(struct env *e, uint64_t want, const struct test *t);
bool env_setup(struct env *e, const struct test *t);

/* A request status against the status the spec assigns. */
bool check_status(enum level level, const char *ids, const char *desc, int observed,
		  int expected, const char *sent_fmt, ...) __attribute__((format(printf, 6, 7)));

/* An endpoint ID nothing uses, for the S_NOENT cases. */
#define ENDPOINT_ABSENT 0xfffffffeu

extern const struct test features_tests[];
extern const unsigned int features_count;
extern const struct test config_tests[];
extern const unsigned int config_count;
extern const struct test framing_tests[];
extern const unsigned int framing_count;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
