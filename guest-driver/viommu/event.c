// SPDX-License-Identifier: MIT
#include <string.h>
#include <faultline/rt.h>
#include "viommu/event.h"

int events_init(struct viommu_events *ev, struct viommu *v)
{
	if (!ev->pool)
		ev->pool = rt_alloc(EVENT_SLOTS * EVENT_SLOT, 64);
	if (!ev->pool)
		return VIO_ENOMEM;
	ev->v = v;
	memset(ev->busy, 0, sizeof(ev->busy));
	ev->posted = 0;
	return VIO_OK;
}

static int free_slot(const struct viommu_events *ev)
{
	for (int i = 0; i < EVENT_SLOTS; i++)
		if (!ev->busy[i])
			return i;
	return -1;
}

unsigned int events_post(struct viommu_events *ev, unsigned int n, uint32_t size)
{
	unsigned int done = 0;

	if (size > EVENT_SLOT)
		size = EVENT_SLOT;
	for (; done < n; done++) {
		int slot = free_slot(ev);
		uint8_t *buf;

		if (slot < 0)
			break;
		buf = ev->pool + slot * EVENT_SLOT;
		memset(buf, EVENT_POISON, EVENT_SLOT);
		if (vq_add(&ev->v->evtq, NULL, 0, &(struct vq_seg){ buf, size }, 1, buf))
			break;
		ev->busy[slot] = true;
		ev->size[slot] = size;
		ev->posted++;
	}
	if (done)
		vq_kick(&ev->v->evtq);
	return done;
}

int events_next(struct viommu_events *ev, struct viommu_event *out, uint64_t timeout_ns)
{
	struct vq_used u;
	int slot, err = vq_wait_used(&ev->v->evtq, timeout_ns, &u);

	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->used_len = u.len;
	slot = u.token ? (int)(((uint8_t *)u.token - ev->pool) / EVENT_SLOT) : -1;
	if (slot >= 0 && slot < EVENT_SLOTS) {
		memcpy(out->raw, u.token, EVENT_SLOT);
		out->size = ev->size[slot];
		memcpy(&out->fault, u.token, sizeof(out->fault));
		ev->busy[slot] = false;
		ev->posted--;
		ev->received++;
	}
	return VIO_OK;
}

uint32_t event_flags(const struct viommu_event *e)
{
	return le32_get(e->fault.flags);
}

uint32_t event_endpoint(const struct viommu_event *e)
{
	return le32_get(e->fault.endpoint);
}

uint64_t event_address(const struct viommu_event *e)
{
	return le64_get(e->fault.address);
}
