/* SPDX-License-Identifier: MIT */
/*
 * The conformance harness's public face: what a program hands it (a
 * virtio-iommu behind a transport, the DMA endpoints behind that IOMMU) and
 * the one call that runs the suite's test table over them, reporting TAP.
 * The guest (guest-driver/main.c, devices found on PCI) and the host run
 * against the reference model (spec-checks/model-run) are both such programs.
 */
#ifndef FAULTLINE_HARNESS_H
#define FAULTLINE_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <faultline/dma_endpoint.h>
#include <faultline/transport.h>

#define HARNESS_MAX_ENDPOINTS 8

struct harness_endpoint {
	uint32_t id;		/* the endpoint ID the virtio-iommu knows it by */
	const char *kind;	/* "edu", "virtio-rng", ...: one kind behaves alike */
	const char *name;	/* for diagnostics, e.g. "edu 00:02.0" */
	struct dma_endpoint *dma;	/* NULL: no DMA for tests */
};

struct harness_target {
	const char *image;	/* the TAP header's program name */
	/* NULL when no virtio-iommu was found: the run bails out with `missing`. */
	struct vio_transport *iommu;
	const char *missing;
	struct harness_endpoint ep[HARNESS_MAX_ENDPOINTS];
	unsigned int nep;
	/* Extra "# ..." lines after the device and its endpoints (may be NULL). */
	void (*describe)(void);
	/* The machine may reset under the suite (the host model always can). */
	bool may_reset;
};

/*
 * Runs the conformance tests selected by argv (from=N, filter=PAT, list,
 * probe, reboot=on) over the target; returns the exit code (0 passed, 1
 * failed, 2 bail out).  Safe to call again after a system reset.
 */
int harness_main(const struct harness_target *t, int argc, char **argv);
/*
 * After harness_main: the index of the test that must run in a fresh VM
 * (the device could not be made clean before it), or 0.  The guest's runner
 * reads "# fresh-vm" instead; a host program starts its device over.
 */
unsigned int harness_fresh_from(void);

#endif
