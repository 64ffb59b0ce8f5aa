// SPDX-License-Identifier: MIT
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <faultline/virtio.h>
#include <faultline/rt.h>
#include "viommu/viommu.h"

#define CFG(f) offsetof(struct virtio_iommu_config, f)

const char *viommu_status_name(int status)
{
	static const char *const names[] = {
		"S_OK", "S_IOERR", "S_UNSUPP", "S_DEVERR", "S_INVAL",
		"S_RANGE", "S_NOENT", "S_FAULT", "S_NOMEM",
	};
	static char other[24];

	if (status >= 0 && status < (int)(sizeof(names) / sizeof(names[0])))
		return names[status];
	if (status == VIOMMU_E_USED0)
		return "used length 0";
	if (status == VIOMMU_E_TIMEOUT)
		return "no answer (timeout)";
	if (status == VIOMMU_E_QUEUE)
		return "not queued";
	if (status == VIOMMU_E_NEEDS_RESET)
		return "DEVICE_NEEDS_RESET, buffer not returned";
	snprintf(other, sizeof(other), "status %d", status);
	return other;
}

bool viommu_offered(const struct viommu *v, unsigned int bit)
{
	return v->offered >> bit & 1;
}

bool viommu_negotiated(const struct viommu *v, unsigned int bit)
{
	return v->negotiated >> bit & 1;
}

void viommu_read_config(struct viommu *v, struct viommu_config *c)
{
	struct vio_transport *t = v->t;

	c->page_size_mask = vio_config_read64(t, CFG(page_size_mask));
	c->input_start = vio_config_read64(t, CFG(input_range.start));
	c->input_end = vio_config_read64(t, CFG(input_range.end));
	c->domain_start = t->ops->config_read(t, CFG(domain_range.start), 4);
	c->domain_end = t->ops->config_read(t, CFG(domain_range.end), 4);
	c->probe_size = t->ops->config_read(t, CFG(probe_size), 4);
	c->bypass = (uint8_t)t->ops->config_read(t, CFG(bypass), 1);
}

uint8_t viommu_read_bypass(struct viommu *v)
{
	return (uint8_t)v->t->ops->config_read(v->t, CFG(bypass), 1);
}

void viommu_write_bypass(struct viommu *v, uint8_t val)
{
	/* Only a write the device must honour sets what the suite expects back. */
	if (val <= 1 && viommu_negotiated(v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
		v->bypass_written = true;
		v->bypass_value = val;
	}
	v->t->ops->config_write(v->t, CFG(bypass), 1, val);
}

bool viommu_needs_reset(struct viommu *v)
{
	return v->t->ops->get_status(v->t) & VIRTIO_STATUS_DEVICE_NEEDS_RESET;
}

int viommu_reset(struct viommu *v)
{
	return vio_reset(v->t);
}

static int setup_queues(struct viommu *v)
{
	int err;

	if (!v->queues_allocated) {
		err = vq_init(&v->reqq, v->t, VIRTIO_IOMMU_REQUESTQ, VIOMMU_QUEUE_SIZE);
		if (!err)
			err = vq_init(&v->evtq, v->t, VIRTIO_IOMMU_EVENTQ, VIOMMU_QUEUE_SIZE);
		if (err)
			return err;
		v->queues_allocated = true;
	}
	vq_clear(&v->reqq);
	vq_clear(&v->evtq);
	err = vq_enable(&v->reqq);
	return err ? err : vq_enable(&v->evtq);
}

int viommu_init(struct viommu *v, struct vio_transport *t, uint64_t want)
{
	int err;

	v->t = t;
	v->offered = t->ops->device_features(t);
	err = vio_negotiate(t, want | VIRTIO_BIT(VIRTIO_F_VERSION_1), &v->negotiated);
	if (err)
		return err;
	viommu_read_config(v, &v->cfg);
	err = setup_queues(v);
	if (err)
		return err;
	vio_driver_ok(t);
	return VIO_OK;
}

/* Waits for every request of the batch; requests finish in any order. */
static int reap(struct viommu *v, struct viommu_req *reqs, unsigned int n)
{
	uint64_t deadline = rt_clock_ns() + VIOMMU_REQ_TIMEOUT_NS;
	unsigned int left = n;
	struct vq_used u;

	while (left) {
		if (!vq_get_used(&v->reqq, &u)) {
			if (viommu_needs_reset(v))
				return VIOMMU_E_NEEDS_RESET;
			if (rt_clock_ns() > deadline)
				return VIOMMU_E_TIMEOUT;
			rt_relax();
			continue;
		}
		for (unsigned int i = 0; i < n; i++) {
			if (u.token == &reqs[i] && !reqs[i].done) {
				reqs[i].used_len = u.len;
				reqs[i].done = true;
				left--;
			}
		}
	}
	return VIO_OK;
}

/* Remembers the domain an ATTACH names, however its bytes are split. */
static void note_domain(struct viommu *v, const struct viommu_req *r)
{
	uint8_t head[8];
	size_t got = 0;
	uint32_t dom;

	for (unsigned int i = 0; i < r->nout && got < sizeof(head); i++) {
		size_t n = r->out[i].len < sizeof(head) - got ? r->out[i].len : sizeof(head) - got;

		memcpy(head + got, r->out[i].addr, n);
		got += n;
	}
	if (got < sizeof(head) || head[0] != VIRTIO_IOMMU_T_ATTACH)
		return;
	dom = (uint32_t)head[4] | (uint32_t)head[5] << 8 | (uint32_t)head[6] << 16 |
	      (uint32_t)head[7] << 24;
	for (unsigned int i = 0; i < v->nnamed; i++)
		if (v->named[i] == dom)
			return;
	if (v->nnamed < VIOMMU_NAMED_MAX)
		v->named[v->nnamed++] = dom;
	else
		v->named_overflow = true;
}

static int queue_req(struct viommu *v, struct viommu_req *r)
{
	note_domain(v, r);
	if (r->indirect)
		return vq_add_indirect(&v->reqq, r->out, r->nout, r->in, r->nin, r);
	return vq_add(&v->reqq, r->out, r->nout, r->in, r->nin, r);
}

int viommu_submit(struct viommu *v, struct viommu_req *reqs, unsigned int n)
{
	int err;

	for (unsigned int i = 0; i < n; i++) {
		struct viommu_req *r = &reqs[i];

		r->done = false;
		r->used_len = 0;
		if (queue_req(v, r))
			return VIOMMU_E_QUEUE;
	}
	vq_kick(&v->reqq);
	err = reap(v, reqs, n);
	if (err == VIOMMU_E_TIMEOUT || err == VIOMMU_E_NEEDS_RESET)
		vio_reset(v->t);	/* the buffers may live on a stack frame about to go */
	return err;
}

int viommu_send(struct viommu *v, void *buf, size_t out_len, size_t in_len,
		uint32_t *used_len)
{
	struct viommu_req r = {
		.out = { { buf, (uint32_t)out_len } },
		.nout = 1,
		.in = { { (uint8_t *)buf + out_len, (uint32_t)in_len } },
		.nin = in_len ? 1 : 0,
	};
	int err = viommu_submit(v, &r, 1);

	if (used_len)
		*used_len = r.used_len;
	if (err)
		return err;
	if (!r.used_len)
		return VIOMMU_E_USED0;
	/* The tail is the last four bytes of the writable part. */
	return ((uint8_t *)buf)[out_len + in_len - sizeof(struct virtio_iommu_req_tail)];
}

#define SEND(v, req) \
	viommu_send(v, &(req), offsetof(typeof(req), tail), sizeof((req).tail), NULL)

void viommu_attach_req(struct virtio_iommu_req_attach *r, uint32_t domain,
		       uint32_t endpoint, uint32_t flags)
{
	*r = (struct virtio_iommu_req_attach){
		.head.type = VIRTIO_IOMMU_T_ATTACH,
		.domain = le32_of(domain),
		.endpoint = le32_of(endpoint),
		.flags = le32_of(flags),
	};
}

void viommu_detach_req(struct virtio_iommu_req_detach *r, uint32_t domain, uint32_t endpoint)
{
	*r = (struct virtio_iommu_req_detach){
		.head.type = VIRTIO_IOMMU_T_DETACH,
		.domain = le32_of(domain),
		.endpoint = le32_of(endpoint),
	};
}

void viommu_map_req(struct virtio_iommu_req_map *r, uint32_t domain, uint64_t virt_start,
		    uint64_t virt_end, uint64_t phys_start, uint32_t flags)
{
	*r = (struct virtio_iommu_req_map){
		.head.type = VIRTIO_IOMMU_T_MAP,
		.domain = le32_of(domain),
		.virt_start = le64_of(virt_start),
		.virt_end = le64_of(virt_end),
		.phys_start = le64_of(phys_start),
		.flags = le32_of(flags),
	};
}

void viommu_unmap_req(struct virtio_iommu_req_unmap *r, uint32_t domain,
		      uint64_t virt_start, uint64_t virt_end)
{
	*r = (struct virtio_iommu_req_unmap){
		.head.type = VIRTIO_IOMMU_T_UNMAP,
		.domain = le32_of(domain),
		.virt_start = le64_of(virt_start),
		.virt_end = le64_of(virt_end),
	};
}

int viommu_attach(struct viommu *v, uint32_t domain, uint32_t endpoint, uint32_t flags)
{
	struct virtio_iommu_req_attach r;

	viommu_attach_req(&r, domain, endpoint, flags);
	return SEND(v, r);
}

int viommu_detach(struct viommu *v, uint32_t domain, uint32_t endpoint)
{
	struct virtio_iommu_req_detach r;

	viommu_detach_req(&r, domain, endpoint);
	return SEND(v, r);
}

int viommu_map(struct viommu *v, uint32_t domain, uint64_t virt_start, uint64_t virt_end,
	       uint64_t phys_start, uint32_t flags)
{
	struct virtio_iommu_req_map r;

	viommu_map_req(&r, domain, virt_start, virt_end, phys_start, flags);
	return SEND(v, r);
}

int viommu_unmap(struct viommu *v, uint32_t domain, uint64_t virt_start, uint64_t virt_end)
{
	struct virtio_iommu_req_unmap r;

	viommu_unmap_req(&r, domain, virt_start, virt_end);
	return SEND(v, r);
}

int viommu_probe(struct viommu *v, uint32_t endpoint, void *props, size_t props_len,
		 uint32_t *used_len)
{
	struct virtio_iommu_req_probe r = {
		.head.type = VIRTIO_IOMMU_T_PROBE,
		.endpoint = le32_of(endpoint),
	};
	uint8_t tail[4] = { 0xff, 0xff, 0xff, 0xff };
	struct viommu_req req = {
		.out = { { &r, sizeof(r) } },
		.nout = 1,
		.in = { { props, (uint32_t)props_len }, { tail, sizeof(tail) } },
		.nin = 2,
	};
	int err = viommu_submit(v, &req, 1);

	if (used_len)
		*used_len = req.used_len;
	if (err)
		return err;
	return req.used_len ? tail[0] : VIOMMU_E_USED0;
}
