// SPDX-License-Identifier: MIT
/*
 * The device configuration space (5.13.4): page sizes, the input and domain
 * ranges, probe_size and bypass, the only field a driver may write.  bypass
 * only ever reads 0 or 1 (DEV-CFG-6).
 */
#include <string.h>
#include "model_int.h"

#define CFG(f) offsetof(struct virtio_iommu_config, f)

uint64_t model_page_size_mask(const struct model *m)
{
	static const uint64_t masks[] = {
		[GRANULE_4K] = ~0xfffull,
		[GRANULE_64K] = ~0xffffull,
		[GRANULE_1] = ~0ull,
		[GRANULE_4K_2M_1G] = 0x40201000ull,
	};

	return m->geom.set ? m->geom.page_size_mask : masks[KNOB(m, granule)];
}

uint64_t model_granule(const struct model *m)
{
	uint64_t mask = model_page_size_mask(m);

	return mask & -mask;
}

uint8_t model_config_generation(struct vio_transport *t)
{
	(void)t;
	return 0;
}

static const uint64_t input_ranges[][2] = {
	[INPUT_48BIT] = { 0, (1ull << 48) - 1 },
	[INPUT_HIGH] = { 1ull << 30, (1ull << 47) - 1 },
};

static const uint32_t domain_ranges[][2] = {
	[DOMAINS_1_1023] = { 1, 1023 },
	[DOMAINS_256_511] = { 256, 511 },
};

/* Whether a range feature limits requests: offered or negotiated (7.13 #2). */
static bool range_applies(const struct model *m, unsigned int bit, enum mutant always)
{
	if (mutated(m, always))
		return true;
	return KNOB(m, range_gate) ? model_negotiated(m, bit) : model_offered(m, bit);
}

bool model_domain_valid(const struct model *m, uint32_t id)
{
	const uint32_t own[2] = { m->geom.domain_start, m->geom.domain_end };
	const uint32_t *r = m->geom.set ? own : domain_ranges[KNOB(m, domains)];

	if (!range_applies(m, VIRTIO_IOMMU_F_DOMAIN_RANGE, MUT_OPS_DOMAIN_RANGE_ALWAYS))
		return true;
	return id >= r[0] && id <= r[1];
}

bool model_iova_valid(const struct model *m, uint64_t start, uint64_t end)
{
	const uint64_t own[2] = { m->geom.input_start, m->geom.input_end };
	const uint64_t *r = m->geom.set ? own : input_ranges[KNOB(m, input)];

	if (!range_applies(m, VIRTIO_IOMMU_F_INPUT_RANGE, MUT_OPS_INPUT_RANGE_ALWAYS))
		return true;
	return start >= r[0] && end <= r[1];
}

static void config_image(const struct model *m, struct virtio_iommu_config *c)
{
	static const uint32_t probe_sizes[] = { 512, 64, 4096 };

	memset(c, 0, sizeof(*c));
	if (!mutated(m, MUT_CFG_PAGE_SIZE_ZERO))
		c->page_size_mask = le64_of(model_page_size_mask(m));
	c->input_range.start = le64_of(input_ranges[KNOB(m, input)][0]);
	c->input_range.end = le64_of(input_ranges[KNOB(m, input)][1]);
	c->domain_range.start = le32_of(domain_ranges[KNOB(m, domains)][0]);
	c->domain_range.end = le32_of(domain_ranges[KNOB(m, domains)][1]);
	c->probe_size = le32_of(probe_sizes[KNOB(m, probe_size)]);
	c->bypass = m->bypass | (mutated(m, MUT_CFG_BYPASS_HIGH_BITS) ? 0x80 : 0);
	if (m->geom.set) {
		if (!mutated(m, MUT_CFG_PAGE_SIZE_ZERO))
			c->page_size_mask = le64_of(m->geom.page_size_mask);
		c->input_range.start = le64_of(m->geom.input_start);
		c->input_range.end = le64_of(m->geom.input_end);
		c->domain_range.start = le32_of(m->geom.domain_start);
		c->domain_range.end = le32_of(m->geom.domain_end);
		c->probe_size = le32_of(m->geom.probe_size);
	}
}

uint32_t model_probe_size(const struct model *m)
{
	struct virtio_iommu_config c;

	config_image(m, &c);
	return le32_get(c.probe_size);
}

uint32_t model_config_read(struct vio_transport *t, unsigned int off, unsigned int width)
{
	struct virtio_iommu_config c;
	uint8_t b[sizeof(c)];
	uint32_t v = 0;

	if (off >= sizeof(c) || width > sizeof(c) - off || width > 4)
		return 0;
	config_image(((struct model *)t), &c);
	memcpy(b, &c, sizeof(c));
	for (unsigned int i = 0; i < width; i++)
		v |= (uint32_t)b[off + i] << (8 * i);
	return v;
}

/* bypass is the only field a driver may write, with BYPASS_CONFIG negotiated. */
void model_config_write(struct vio_transport *t, unsigned int off, unsigned int width,
		  uint32_t val)
{
	struct model *m = (struct model *)t;
	uint8_t b;

	if (off > CFG(bypass) || off + width <= CFG(bypass) ||
	    mutated(m, MUT_CFG_BYPASS_WRITE_IGNORED))
		return;
	/* A write the driver must not make: ignored, or (QEMU) DEVICE_NEEDS_RESET. */
	if (!model_negotiated(m, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
		if (KNOB(m, bypass_write))
			model_needs_reset(m);
		return;
	}
	b = (uint8_t)(val >> (8 * (CFG(bypass) - off)));
	if (b <= 1 || mutated(m, MUT_CFG_BYPASS_RAW))
		m->bypass = b;
	else if (KNOB(m, bypass_write))
		model_needs_reset(m);
}
