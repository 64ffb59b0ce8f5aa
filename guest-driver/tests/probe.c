// SPDX-License-Identifier: MIT
/* 5.13.6.6 PROBE request: the request, the property list, its packing. */
#include <stdio.h>
#include <string.h>
#include "tests/props.h"

#define HDR sizeof(struct virtio_iommu_probe_property)
#define RESV_MEM_LEN (sizeof(struct virtio_iommu_probe_resv_mem) - HDR)
/* Any size will do when the device has no probe_size to honour. */
#define UNOFFERED_AREA 64

static unsigned int kept(const struct props *p)
{
	return p->n < PROPS_MAX ? p->n : PROPS_MAX;
}

/* A statement about the property list one endpoint returned. */
struct rule {
	const char *ids;
	enum level level;
	const char *what;
	const char *expected;
	bool (*holds)(const struct props *p, char *seen, size_t n);
};

static bool header_reserved_clear(const struct props *p, char *seen, size_t n)
{
	for (unsigned int i = 0; i < kept(p); i++) {
		if (p->p[i].reserved) {
			snprintf(seen, n, "property at +%u has type field 0x%04x",
				 p->p[i].offset, p->p[i].reserved << 12 | p->p[i].type);
			return false;
		}
	}
	snprintf(seen, n, "bits 12-15 clear in each of %u headers", p->n);
	return true;
}

static bool length_excludes_header(const struct props *p, char *seen, size_t n)
{
	for (unsigned int i = 0; i < kept(p); i++) {
		if (p->p[i].type == VIRTIO_IOMMU_PROBE_T_RESV_MEM &&
		    p->p[i].length != RESV_MEM_LEN) {
			snprintf(seen, n, "RESV_MEM at +%u has length %u", p->p[i].offset,
				 p->p[i].length);
			return false;
		}
	}
	snprintf(seen, n, "the list takes %u of %u bytes%s", p->end, p->size,
		 p->overrun ? " and its last property overruns the area" : "");
	return !p->overrun;
}

static bool packed(const struct props *p, char *seen, size_t n)
{
	uint32_t left = p->size - p->end, first = 0;

	if (p->overrun) {
		snprintf(seen, n, "the property at +%u claims length %u, %u bytes remain",
			 p->end, p->area[p->end + 2] | p->area[p->end + 3] << 8,
			 left - (uint32_t)HDR);
		return false;
	}
	if (left && left < HDR && props_count_not(p, p->end, p->size, 0, &first)) {
		snprintf(seen, n, "%u stray non-zero bytes at +%u, too few for a header",
			 left, first);
		return false;
	}
	snprintf(seen, n, "the list of %u ends at +%u (%s)", p->n, p->end,
		 left >= HDR ? "NONE header" : "end of the area");
	return true;
}

static bool zero_filled(const struct props *p, char *seen, size_t n)
{
	uint32_t first = 0, bad = props_count_not(p, p->end, p->size, 0, &first);

	if (bad)
		snprintf(seen, n, "%u of the %u bytes after +%u not zero, first at +%u is 0x%02x",
			 bad, p->size - p->end, p->end, first, p->area[first]);
	else
		snprintf(seen, n, "the %u bytes after +%u are zero", p->size - p->end, p->end);
	return !bad;
}

static const struct rule rules[] = {
	{ "DEV-PROBE-4", SHOULD, "property headers have bits 12-15 clear",
	  "reserved bits zero in every header", header_reserved_clear },
	{ "DEV-PROBE-5", MUST, "length excludes the 4-byte header",
	  "RESV_MEM length 20, sum of length+4 within probe_size", length_excludes_header },
	{ "DEV-PROBE-6", MUST, "each property starts length+4 after the previous one",
	  "a walk by length+4 ends at NONE or at probe_size, no overrun", packed },
	{ "DEV-PROBE-8", SHOULD, "the area after the last property is zero-filled",
	  "all zero (the area was poisoned with a5)", zero_filled },
};

static void check_rules(const struct endpoint *ep, const struct props *p)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct rule *r = &rules[i];
		struct check c = { .level = r->level, .ids = r->ids };

		check_desc(&c, "probe: %s: %s", ep->name, r->what);
		if (p->status != VIRTIO_IOMMU_S_OK) {
			skip(r->ids, c.desc, "PROBE answered %s", viommu_status_name(p->status));
			continue;
		}
		check_sent(&c, "PROBE endpoint 0x%x, %u-byte area poisoned with %02x", ep->id,
			   p->size, PROPS_POISON);
		check_expected(&c, "%s", r->expected);
		check_end(&c, r->holds(p, c.observed, sizeof(c.observed)));
	}
}

static void properties(struct fixture *e)
{
	const char *ids = "DEV-OPS-1,DEV-PROBE-4,DEV-PROBE-5,DEV-PROBE-6,DEV-PROBE-8";
	struct props p;
	char desc[96];

	if (!props_can_probe(e, ids, "probe: properties"))
		return;
	for (unsigned int i = 0; i < e->nep; i++) {
		snprintf(desc, sizeof(desc), "probe: PROBE of %s succeeds", e->ep[i].name);
		check_status(SHOULD, "DEV-OPS-1", desc, props_probe_ep(e, &e->ep[i], &p),
			     VIRTIO_IOMMU_S_OK, "PROBE endpoint 0x%x, %u-byte area",
			     e->ep[i].id, p.size);
		props_describe(&p, e->ep[i].name);
		check_rules(&e->ep[i], &p);
	}
}

/* Where two PROBE answers differ, for the diagnostics. */
static void compare(const struct props *a, const struct props *b, char *seen, size_t n)
{
	uint32_t i = 0;

	while (i < a->size && a->area[i] == b->area[i])
		i++;
	if (a->status != b->status || a->used_len != b->used_len)
		snprintf(seen, n, "zeroed: %s, used length %u; ff: %s, used length %u",
			 viommu_status_name(a->status), a->used_len,
			 viommu_status_name(b->status), b->used_len);
	else if (i < a->size)
		snprintf(seen, n, "%s both, areas differ at +%u: %02x zeroed, %02x with ff",
			 viommu_status_name(a->status), i, a->area[i], b->area[i]);
	else
		snprintf(seen, n, "%s, used length %u and the same %u bytes both times",
			 viommu_status_name(a->status), a->used_len, a->size);
}

static void reserved_ignored(struct fixture *e)
{
	struct props zeroed, ff;
	char desc[96], seen[160];

	if (!props_can_probe(e, "DEV-PROBE-1", "probe: request reserved is ignored"))
		return;
	for (unsigned int i = 0; i < e->nep; i++) {
		props_probe(&e->v, e->ep[i].id, e->v.cfg.probe_size, 0, &zeroed);
		props_probe(&e->v, e->ep[i].id, e->v.cfg.probe_size, 0xff, &ff);
		compare(&zeroed, &ff, seen, sizeof(seen));
		snprintf(desc, sizeof(desc), "probe: %s: request reserved is ignored",
			 e->ep[i].name);
		check_that(MUST, "DEV-PROBE-1",
			   zeroed.status == ff.status && zeroed.used_len == ff.used_len &&
			   !memcmp(zeroed.area, ff.area, zeroed.size), desc,
			   "reserved[64] = ff gives what reserved zeroed gives", "%s", seen);
	}
}

static void unknown_endpoint(struct fixture *e)
{
	const char *desc = "probe: an absent endpoint is rejected with S_NOENT";
	struct props p;

	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_PROBE)) {
		skip("DEV-PROBE-2", desc, "VIRTIO_IOMMU_F_PROBE not offered");
		return;
	}
	check_status(SHOULD, "DEV-PROBE-2", desc,
		     props_probe(&e->v, ENDPOINT_ABSENT, e->v.cfg.probe_size, 0, &p),
		     VIRTIO_IOMMU_S_NOENT, "PROBE endpoint 0x%x", ENDPOINT_ABSENT);
}

static uint32_t some_endpoint(const struct fixture *e)
{
	return e->nep ? e->ep[0].id : ENDPOINT_ABSENT;
}

/* "written" when the device touched the area or the tail. */
static const char *touched(const struct props *p)
{
	uint8_t tail[4];

	memset(tail, PROPS_POISON, sizeof(tail));
	if (props_count_not(p, 0, p->size, PROPS_POISON, NULL))
		return "area written";
	return memcmp(p->tail, tail, sizeof(tail)) ? "tail written" : "untouched";
}

static void not_offered(struct fixture *e)
{
	const char *desc = "probe: PROBE without F_PROBE offered is returned unwritten";
	struct props p;

	if (viommu_offered(&e->v, VIRTIO_IOMMU_F_PROBE)) {
		skip("DEV-PROBE-3", desc,
		     "the device offers F_PROBE; the statement covers devices without it");
		return;
	}
	props_probe(&e->v, some_endpoint(e), UNOFFERED_AREA, 0, &p);
	check_that(SHOULD, "DEV-PROBE-3", p.used_len == 0 && !strcmp(touched(&p), "untouched"),
		   desc, "used length 0, area and tail untouched", "%s, used length %u, %s",
		   viommu_status_name(p.status), p.used_len, touched(&p));
}

/* 7.13 #3: offered but declined is not specified, so it is only recorded. */
static void declined(struct fixture *e)
{
	const char *desc = "probe: PROBE with F_PROBE offered but not negotiated";
	uint64_t want = fx_default_features(&e->v) & ~VIRTIO_BIT(VIRTIO_IOMMU_F_PROBE);
	uint32_t size;
	struct props p;

	if (!viommu_offered(&e->v, VIRTIO_IOMMU_F_PROBE)) {
		skip("DEV-PROBE-3", desc, "VIRTIO_IOMMU_F_PROBE not offered");
		return;
	}
	if (!fx_init(e, want, "DEV-PROBE-3", desc))
		return;
	size = e->v.cfg.probe_size ? e->v.cfg.probe_size : UNOFFERED_AREA;
	props_probe(&e->v, some_endpoint(e), size, 0, &p);
	record("DEV-PROBE-3", desc, "%s, used length %u, %s (endpoint 0x%x, %u-byte area)",
	       viommu_status_name(p.status), p.used_len, touched(&p), some_endpoint(e), size);
}

static void short_area(struct fixture *e)
{
	uint32_t size = e->v.cfg.probe_size, area = size > 8 ? size - 8 : 0, written;
	char desc[112];
	struct props p;

	if (!props_can_probe(e, "DEV-PROBE-7", "probe: an area shorter than probe_size"))
		return;
	for (unsigned int i = 0; i < e->nep; i++) {
		snprintf(desc, sizeof(desc),
			 "probe: %s: an area shorter than probe_size gets S_INVAL, no property",
			 e->ep[i].name);
		if (!size) {
			skip("DEV-PROBE-7", desc, "probe_size is 0");
			continue;
		}
		props_probe(&e->v, e->ep[i].id, area, 0, &p);
		written = props_count_not(&p, 0, area, PROPS_POISON, NULL);
		check_that(SHOULD, "DEV-PROBE-7", p.status == VIRTIO_IOMMU_S_INVAL && !written,
			   desc, "S_INVAL, area untouched",
			   "%s, used length %u, %u of %u area bytes written (probe_size %u)",
			   viommu_status_name(p.status), p.used_len, written, area, size);
	}
}

const struct test probe_tests[] = {
	{ "probe.reserved_ignored", "DEV-PROBE-1", reserved_ignored },
	{ "probe.unknown_endpoint", "DEV-PROBE-2", unknown_endpoint },
	{ "probe.not_offered", "DEV-PROBE-3", not_offered },
	{ "probe.declined", "DEV-PROBE-3", declined },
	{ "probe.properties", "DEV-OPS-1,DEV-PROBE-4,DEV-PROBE-5,DEV-PROBE-6,DEV-PROBE-8",
	  properties },
	/* Last: a device that mishandles it may stop. */
	{ "probe.short_area", "DEV-PROBE-7", short_area },
};
const unsigned int probe_count = ARRAY_SIZE(probe_tests);
