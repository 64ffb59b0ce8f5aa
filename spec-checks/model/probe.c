// SPDX-License-Identifier: MIT
/*
 * PROBE (5.13.6.6) and the RESV_MEM property (5.13.6.7): one property per
 * reserved region of the endpoint, packed, lengths without the header, the
 * rest of the probe_size area zero-filled.  A properties area shorter than
 * probe_size gets no property and S_INVAL (DEV-PROBE-7).
 */
#include <string.h>
#include "model_int.h"

#define S(x) VIRTIO_IOMMU_S_##x
#define PROPS_MAX 4096u
#define RESV_LEN ((uint16_t)(sizeof(struct virtio_iommu_probe_resv_mem) - \
			     sizeof(struct virtio_iommu_probe_property)))

/* Regions a mutant adds to what the endpoint reports. */
static unsigned int reported(const struct model *m, const struct mep *ep, struct resv *out)
{
	unsigned int n = ep->nresv;

	memcpy(out, ep->resv, n * sizeof(*out));
	if (mutated(m, MUT_RESV_TWO_MSI))
		out[n++] = (struct resv){ VIRTIO_IOMMU_RESV_MEM_T_MSI, 0xfef00000, 0xfef0ffff };
	if (mutated(m, MUT_RESV_OVERLAP) && n)
		out[n++] = (struct resv){ VIRTIO_IOMMU_RESV_MEM_T_RESERVED, out[0].start,
					  out[0].start + 0xffff };
	if (mutated(m, MUT_RESV_INVERTED))
		out[n++] = (struct resv){ VIRTIO_IOMMU_RESV_MEM_T_RESERVED, 0x30000000,
					  0x2fffffff };
	return n;
}

static uint16_t resv_length(const struct model *m)
{
	if (mutated(m, MUT_PROBE_LENGTH_PLUS_4))
		return RESV_LEN + 4;
	if (mutated(m, MUT_PROBE_LENGTH_MINUS_4))
		return RESV_LEN - 4;
	return RESV_LEN;
}

static void put_resv(const struct model *m, uint8_t *p, const struct resv *r)
{
	struct virtio_iommu_probe_resv_mem prop = {
		.head.type = le16_of(VIRTIO_IOMMU_PROBE_T_RESV_MEM |
				     (mutated(m, MUT_PROBE_HEADER_RESERVED) ? 0x1000 : 0)),
		.head.length = le16_of(resv_length(m)),
		.subtype = r->subtype,
		.start = le64_of(r->start),
		.end = le64_of(r->end),
	};

	if (mutated(m, MUT_RESV_RESERVED_SET))
		memset(prop.reserved, 0xff, sizeof(prop.reserved));
	memcpy(p, &prop, sizeof(prop));
}

/* Lays the properties out in props[0, size); returns the bytes used. */
static uint32_t build(const struct model *m, const struct mep *ep, uint8_t *props,
		      uint32_t size)
{
	struct resv r[MODEL_MAX_RESV + 3];
	unsigned int n = reported(m, ep, r);
	uint32_t off = 0, step = sizeof(struct virtio_iommu_probe_resv_mem);

	if (mutated(m, MUT_PROBE_PADDED))
		step += 4;
	memset(props, 0, PROPS_MAX);
	for (unsigned int i = 0; i < n && off + sizeof(struct virtio_iommu_probe_resv_mem) <= size;
	     i++) {
		put_resv(m, props + off, &r[i]);
		off += step;
	}
	return off < size ? off : size;
}

/* Writes the area: properties, then zeros (unless a mutant skips them). */
static void write_area(const struct model *m, const struct chain *c, const uint8_t *props,
		       uint32_t used, uint32_t len)
{
	static const uint8_t zeros[PROPS_MAX];

	if (mutated(m, MUT_PROBE_NO_ZERO_FILL)) {
		chain_scatter(c, 0, props, used);
		return;
	}
	chain_scatter(c, 0, props, len < PROPS_MAX ? len : PROPS_MAX);
	for (uint32_t off = PROPS_MAX; off < len; off += PROPS_MAX)
		chain_scatter(c, off, zeros, len - off < PROPS_MAX ? len - off : PROPS_MAX);
}

static uint8_t unknown_endpoint(const struct model *m, const struct chain *c,
				uint32_t props_len)
{
	static const uint8_t none[PROPS_MAX];

	if (mutated(m, MUT_PROBE_NOENT_INVAL))
		return S(INVAL);
	if (!mutated(m, MUT_PROBE_NOENT_OK))
		return S(NOENT);
	write_area(m, c, none, 0, props_len);
	return S(OK);
}

uint8_t req_probe(struct model *m, const struct virtio_iommu_req_probe *r,
		  const struct chain *c, uint32_t props_len)
{
	static uint8_t props[PROPS_MAX];
	struct mep *ep = endpoint_find(m, le32_get(r->endpoint));
	uint32_t size = model_probe_size(m), used;
	bool short_area = props_len < size;

	if (mutated(m, MUT_PROBE_RESERVED_CHECKED) && nonzero(r->reserved, sizeof(r->reserved)))
		return S(INVAL);
	if (!ep)
		return unknown_endpoint(m, c, props_len);
	if (short_area && mutated(m, MUT_PROBE_SHORT_DEVERR)) {
		/* QEMU 10.0: the whole writable part from the full answer, then the tail at 0 */
		build(m, ep, props, size);
		write_area(m, c, props, size, props_len + sizeof(struct virtio_iommu_req_tail));
		return ST_TAIL_AT_START;
	}
	if (short_area && !mutated(m, MUT_PROBE_SHORT_WRITTEN) && !mutated(m, MUT_PROBE_SHORT_OK))
		return S(INVAL);
	used = build(m, ep, props, short_area ? props_len : size);
	write_area(m, c, props, used, props_len);
	return short_area && mutated(m, MUT_PROBE_SHORT_WRITTEN) ? S(INVAL) : S(OK);
}
