/* SPDX-License-Identifier: MIT */
/*
 * The Linux virtio-iommu driver's request stream, as QEMU's virtio_iommu_*
 * trace events show it, and the DRV statements checked against it.  The
 * trace is what the device received: a driver obligation that shows in it
 * is checked from the device side, with no help from the driver.
 */
#ifndef FAULTLINE_DRIVER_STREAM_H
#define FAULTLINE_DRIVER_STREAM_H

#include <stdbool.h>
#include <stdint.h>

enum ev_kind {
	EV_NONE, EV_RESET, EV_SYSRESET, EV_FEATURES, EV_CONFIG, EV_SET_CONFIG, EV_ATTACH, EV_DETACH,
	EV_MAP, EV_UNMAP, EV_RESV, EV_SWITCH, EV_TRANSLATE,
};

struct event {
	enum ev_kind kind;
	uint32_t domain, endpoint;	/* SWITCH, TRANSLATE: the endpoint's BDF */
	uint64_t start, end, phys;	/* MAP/UNMAP range; RESV region; TRANSLATE address */
	/* MAP flags; RESV subtype; SWITCH: translating (1) or bypassing (0);
	 * TRANSLATE: QEMU's access flags (1 read, 2 write) */
	uint32_t flags;
	uint64_t features;		/* FEATURES: what the device offers */
	/* CONFIG: the config space as last read */
	uint64_t page_size_mask, input_start, input_end;
	uint32_t domain_start, domain_end;
	uint8_t bypass;			/* CONFIG, SET_CONFIG */
	unsigned int line;
};

/* One line of a QEMU trace log; false when it is no event we use. */
bool stream_parse(const char *line, struct event *ev);

#endif
