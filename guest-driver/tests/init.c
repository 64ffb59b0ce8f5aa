// SPDX-License-Identifier: MIT
/*
 * 5.13.5 Device initialization: a device reset leaves no endpoint attached,
 * so the domains and mappings made before it are gone.
 */
#include <stdio.h>
#include "tests/fixture.h"

/* What was set up before the reset. */
struct old {
	uint32_t dom, ep;
	uint64_t iova, last;
};

/* One request after the reset; returns its status. */
struct after_reset {
	const char *what;
	const char *ids;
	enum level level;
	int expected;
	int (*send)(struct fixture *e, const struct old *o);
};

static int map_old_domain(struct fixture *e, const struct old *o)
{
	return viommu_map(&e->v, o->dom, o->iova, o->last, o->iova, MAP_RW);
}

static int unmap_old_mapping(struct fixture *e, const struct old *o)
{
	return viommu_unmap(&e->v, o->dom, o->iova, o->last);
}

static int attach_again(struct fixture *e, const struct old *o)
{
	return viommu_attach(&e->v, o->dom, o->ep, 0);
}

/* S_INVAL here would mean the old mapping survived in a domain of the same ID. */
static int attach_then_map_old_range(struct fixture *e, const struct old *o)
{
	int st = viommu_attach(&e->v, o->dom, o->ep, 0);

	return st ? st : map_old_domain(e, o);
}

static const struct after_reset cases[] = {
	{ "MAP into the old domain", "INF-INIT-1", DESCR, VIRTIO_IOMMU_S_NOENT, map_old_domain },
	{ "UNMAP of the old mapping", "INF-INIT-1", DESCR, VIRTIO_IOMMU_S_NOENT,
	  unmap_old_mapping },
	{ "ATTACH of the old endpoint to the old domain", "INF-INIT-1,DEV-OPS-1", SHOULD,
	  VIRTIO_IOMMU_S_OK, attach_again },
	{ "ATTACH to the old domain, then MAP the old range", "INF-INIT-1", DESCR,
	  VIRTIO_IOMMU_S_OK, attach_then_map_old_range },
};

/* ATTACH and MAP, then reset and re-initialise; false (and a SKIP) if that failed. */
static bool set_up_and_reset(struct fixture *e, const struct old *o, const struct after_reset *c,
			     const char *desc)
{
	int att = viommu_attach(&e->v, o->dom, o->ep, 0);
	int map = att ? att : viommu_map(&e->v, o->dom, o->iova, o->last, o->iova, MAP_RW);

	/* The device was reset for this test: an overlap means a mapping outlived it. */
	if (!att && map == VIRTIO_IOMMU_S_INVAL) {
		check_that(DESCR, "INF-INIT-1", false, desc, "MAP S_OK on the device just reset",
			   "S_INVAL for MAP dom %u [0x%llx, 0x%llx]: a mapping survived the "
			   "test setup's own reset", o->dom, (unsigned long long)o->iova,
			   (unsigned long long)o->last);
		return false;
	}
	/* The device was verified clean (fx_verify_clean): a refusal is its finding. */
	if (att || map) {
		check_status(SHOULD, "DEV-OPS-1", desc, map, VIRTIO_IOMMU_S_OK,
			     "%s dom %u ep 0x%x on a device verified clean, before the reset",
			     att ? "ATTACH" : "ATTACH, then MAP one granule into", o->dom, o->ep);
		return false;
	}
	viommu_reset(&e->v);
	/* Raw: the clean-state check would hide what the reset left. */
	return fx_init_raw(e, fx_default_features(&e->v), c->ids, desc);
}

static void after_reset(struct fixture *e)
{
	struct old o;
	char desc[112];

	if (!e->nep) {
		skip("INF-INIT-1", "init: device reset detaches every endpoint",
		     "no endpoint behind the virtio-iommu");
		return;
	}
	if (!fx_need_map(e, "INF-INIT-1", "init: device reset detaches every endpoint"))
		return;
	o = (struct old){ fx_domain(e, 0), e->ep[0].id, fx_iova(e, 0), 0 };
	o.last = o.iova + fx_granule(e) - 1;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct after_reset *c = &cases[i];

		snprintf(desc, sizeof(desc), "init: after a device reset, %s gives %s", c->what,
			 viommu_status_name(c->expected));
		if (!set_up_and_reset(e, &o, c, desc))
			continue;
		check_status(c->level, c->ids, desc, c->send(e, &o), c->expected,
			     "ATTACH dom %u ep 0x%x, MAP [0x%llx, 0x%llx], reset, then %s", o.dom,
			     o.ep, (unsigned long long)o.iova, (unsigned long long)o.last, c->what);
	}
}

const struct test init_tests[] = {
	{ "init.after_reset", "INF-INIT-1,DEV-OPS-1", after_reset },
};
const unsigned int init_count = ARRAY_SIZE(init_tests);
