// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <faultline/virtio_iommu.h>
#include "tests/fixture.h"

uint64_t fx_default_features(const struct viommu *v)
{
	uint64_t want = VIRTIO_IOMMU_FEATURES_DEFINED;

	/* The legacy bypass bit only when the device has nothing better. */
	if (viommu_offered(v, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		want &= ~VIRTIO_BIT(VIRTIO_IOMMU_F_BYPASS);
	return want;
}

static bool init_raw(struct fixture *e, uint64_t want, unsigned int bufs, const char *ids,
		     const char *desc);

bool fx_init(struct fixture *e, uint64_t want, const char *ids, const char *desc)
{
	return fx_init_events(e, want, EVENT_DEFAULT_BUFS, ids, desc);
}

bool fx_init_events(struct fixture *e, uint64_t want, unsigned int bufs, const char *ids,
		    const char *desc)
{
	uint64_t with_map = want;

	/* A test's own reset must give it a clean device too; the check MAPs. */
	if (viommu_offered(&e->v, VIRTIO_IOMMU_F_MAP_UNMAP))
		with_map |= VIRTIO_BIT(VIRTIO_IOMMU_F_MAP_UNMAP);
	if (!init_raw(e, with_map, bufs, ids, desc))
		return false;
	if (!fx_clean(e, desc)) {
		fail_setup(ids, desc, "the device kept domains through its reset and DETACH; "
			   "the next test runs in a fresh VM");
		return false;
	}
	/* Nothing left to keep: the reset that declines MAP_UNMAP starts clean. */
	return with_map == want || init_raw(e, want, bufs, ids, desc);
}

bool fx_init_raw(struct fixture *e, uint64_t want, const char *ids, const char *desc)
{
	return init_raw(e, want, EVENT_DEFAULT_BUFS, ids, desc);
}

static bool init_raw(struct fixture *e, uint64_t want, unsigned int bufs, const char *ids,
		     const char *desc)
{
	int err = viommu_init(&e->v, e->t, want);

	if (!err)
		err = events_init(&e->ev, &e->v);
	if (!err && bufs && events_post(&e->ev, bufs, sizeof(struct virtio_iommu_fault)) != bufs)
		err = VIO_ENOMEM;
	if (err) {
		fail_setup(ids, desc, "initialising the virtio-iommu: %s",
			   vio_strerror(err));
		return false;
	}
	return true;
}

bool fx_setup(struct fixture *e, const struct test *t)
{
	bool ok;

	for (unsigned int i = 0; i < e->nep; i++)
		e->timeouts[i] = e->ep[i].dma ? e->ep[i].dma->timeouts : 0;
	e->v.offered = e->t->ops->device_features(e->t);
	ok = fx_init_raw(e, fx_default_features(&e->v), t->ids, t->name);
	/* A device reset keeps bypass (DEV-CFG-4): this is still the power-on value. */
	if (ok && !e->boot_bypass_known) {
		e->boot_bypass = viommu_read_bypass(&e->v);
		e->boot_bypass_known = true;
	}
	return ok && fx_verify_clean(e, t);
}

bool check_status(enum level level, const char *ids, const char *desc, int observed,
		  int expected, const char *sent_fmt, ...)
{
	struct check c = { .level = level, .ids = ids };
	va_list ap;

	check_desc(&c, "%s", desc);
	va_start(ap, sent_fmt);
	vsnprintf(c.sent, sizeof(c.sent), sent_fmt, ap);
	va_end(ap);
	check_expected(&c, "%s", viommu_status_name(expected));
	check_observed(&c, "%s", viommu_status_name(observed));
	return check_end(&c, observed == expected);
}

uint32_t fx_domain(const struct fixture *e, unsigned int k)
{
	if (viommu_offered(&e->v, VIRTIO_IOMMU_F_DOMAIN_RANGE))
		return e->v.cfg.domain_start + k;
	return k + 1;
}

uint64_t fx_granule(const struct fixture *e)
{
	uint64_t mask = e->v.cfg.page_size_mask;

	return mask ? mask & -mask : 0x1000;
}

/* 1 MiB into the range leaves room below for "just outside" cases. */
uint64_t fx_iova(const struct fixture *e, unsigned int k)
{
	uint64_t g = fx_granule(e), base = 0;

	if (viommu_offered(&e->v, VIRTIO_IOMMU_F_INPUT_RANGE))
		base = (e->v.cfg.input_start + g - 1) & ~(g - 1);
	return base + 0x100000 + (uint64_t)k * (g > 0x1000 ? g : 0x1000);
}

bool fx_in_input_range(const struct fixture *e, uint64_t start, uint64_t last)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_INPUT_RANGE))
		return true;
	return start >= e->v.cfg.input_start && last <= e->v.cfg.input_end;
}

const struct endpoint *fx_other_kind(const struct fixture *e)
{
	for (unsigned int i = 1; i < e->nep; i++)
		if (strcmp(e->ep[i].kind, e->ep[0].kind))
			return &e->ep[i];
	return NULL;
}

uint64_t fx_phys(const struct fixture *e)
{
	uint64_t g = fx_granule(e);

	return (FX_PHYS_BASE + g - 1) & ~(g - 1);
}

bool fx_reinit(struct fixture *e, const char *ids, const char *desc)
{
	return fx_init(e, e->v.negotiated, ids, desc);
}

bool fx_require(int st, const char *ids, const char *desc, const char *sent_fmt, ...)
{
	char sent[96];
	va_list ap;

	if (st == VIRTIO_IOMMU_S_OK)
		return true;
	va_start(ap, sent_fmt);
	vsnprintf(sent, sizeof(sent), sent_fmt, ap);
	va_end(ap);
	fail_setup(ids, desc, "%s answered %s", sent, viommu_status_name(st));
	return false;
}

bool fx_need_map(const struct fixture *e, const char *ids, const char *desc)
{
	if (viommu_negotiated(&e->v, VIRTIO_IOMMU_F_MAP_UNMAP))
		return true;
	skip(ids, desc, "VIRTIO_IOMMU_F_MAP_UNMAP not negotiated (device features 0x%llx)",
	     (unsigned long long)e->v.offered);
	return false;
}

bool fx_attach_ep0(struct fixture *e, const char *ids, const char *desc, uint32_t *dom)
{
	if (!fx_need_map(e, ids, desc))
		return false;
	if (!e->nep) {
		skip(ids, desc, "no endpoint behind the virtio-iommu");
		return false;
	}
	*dom = fx_domain(e, 0);
	return fx_require(viommu_attach(&e->v, *dom, e->ep[0].id, 0), ids, desc,
			   "ATTACH dom %u ep 0x%x", *dom, e->ep[0].id);
}
