/* SPDX-License-Identifier: MIT */
/*
 * PROBE as the probe and resv_mem tests send it, and the property list
 * parsed the way 5.13.6.6 tells a driver to: the next property starts
 * length+4 bytes after the current one, parsing stops at type 0 (NONE) or
 * at the end of the area.
 */
#ifndef FAULTLINE_PROPS_H
#define FAULTLINE_PROPS_H

#include "tests/fixture.h"

#define PROPS_MAX	16	/* properties kept; more are still walked */
#define PROPS_POISON	0xa5	/* what the area holds before the device writes */

struct prop {
	uint32_t offset;	/* of the header in the area */
	uint16_t type;		/* bits 0-11 of the header's first le16 */
	uint16_t reserved;	/* bits 12-15 of it, shifted down */
	uint16_t length;	/* of the value, header excluded */
	const uint8_t *value;
};

struct props {
	int status;		/* tail status or VIOMMU_E_* */
	uint32_t used_len;
	uint8_t *area;		/* the writable properties area, poisoned before sending */
	uint32_t size;		/* its length */
	uint8_t tail[4];
	struct prop p[PROPS_MAX];
	unsigned int n;		/* properties walked (p[] holds the first PROPS_MAX) */
	uint32_t end;		/* where the walk stopped: a NONE header or size */
	bool overrun;		/* a header or value runs past the area */
};

/*
 * PROBE of `endpoint` with its reserved bytes set to rsv and a properties
 * area of area_len bytes; parses the area when the status is S_OK.  Returns
 * the status, or VIOMMU_E_QUEUE when no memory was left for the area.
 */
int props_probe(struct viommu *v, uint32_t endpoint, uint32_t area_len, uint8_t rsv,
		struct props *p);
/* The same with probe_size bytes and a zeroed request: what a driver sends. */
int props_probe_ep(struct fixture *e, const struct endpoint *ep, struct props *p);
void props_parse(struct props *p);
/* Bytes in [from, to) of the area that differ from val: count, first offset. */
uint32_t props_count_not(const struct props *p, uint32_t from, uint32_t to, uint8_t val,
			 uint32_t *first);

/* A RESV_MEM property's fields; false when p is not one of length 20. */
struct resv_mem {
	uint8_t subtype;
	uint8_t reserved[3];
	uint64_t start, end;
};
bool props_resv_mem(const struct prop *p, struct resv_mem *r);

/* An endpoint's RESV_MEM regions, as a driver sees them after one PROBE. */
struct regions {
	int status;		/* of the PROBE */
	struct resv_mem r[PROPS_MAX];
	unsigned int n;
};
int props_regions(struct fixture *e, const struct endpoint *ep, struct regions *g);
/* Whether [start, end] overlaps a region of g. */
bool regions_overlap(const struct regions *g, uint64_t start, uint64_t end);
/* A granule (size g) inside r when one fits, else the one holding r->start. */
uint64_t resv_granule_in(const struct resv_mem *r, uint64_t g);
const char *props_subtype_name(uint8_t subtype);

/* One "#   ..." line per property, for the reader of a log. */
void props_describe(const struct props *p, const char *who);

/* VIRTIO_IOMMU_F_PROBE negotiated and an endpoint to probe; else a SKIP line. */
bool props_can_probe(struct fixture *e, const char *ids, const char *desc);

#endif
