// SPDX-License-Identifier: MIT
/* The model's oracle interface (oracle.h). */
#include <stddef.h>
#include <string.h>
#include <faultline/rt.h>
#include "model_int.h"
#include "oracle.h"

/* The mappings only up to the slots used: the oracle copies the model for each choice. */
void model_copy(struct model *dst, const struct model *src)
{
	unsigned int old = dst->nmap;

	memcpy(dst, src, offsetof(struct model, map) + src->nmap * sizeof(src->map[0]));
	if (old > src->nmap)
		memset(&dst->map[src->nmap], 0, (old - src->nmap) * sizeof(src->map[0]));
	for (unsigned int i = 0; i < dst->nep; i++)
		dst->ep[i].m = dst;
}

struct model_cfg *model_cfg_of(struct model *m)
{
	return &m->knobs;
}

void model_set_mutant(struct model *m, enum mutant mu)
{
	memset(m->mutants, 0, sizeof(m->mutants));
	model_add_mutant(m, mu);
}

void model_del_mutant(struct model *m, enum mutant mu)
{
	m->mutants[mu / 64] &= ~(1ull << (mu % 64));
}

void model_add_mutant(struct model *m, enum mutant mu)
{
	if (mu != MUT_NONE)
		m->mutants[mu / 64] |= 1ull << (mu % 64);
}

void model_set_offered(struct model *m, uint64_t features)
{
	m->offered = features;
}

void model_set_geometry(struct model *m, const struct model_geometry *g)
{
	m->geom = *g;
	m->geom.set = true;
}

void model_set_bypass(struct model *m, uint8_t bypass)
{
	m->bypass = bypass;
}

void model_set_endpoints(struct model *m, const struct model_ep_def *defs, unsigned int n)
{
	m->nep = n < MODEL_MAX_EPS ? n : MODEL_MAX_EPS;
	for (unsigned int i = 0; i < m->nep; i++) {
		struct mep *ep = &m->ep[i];

		ep->id = defs[i].id;
		ep->rng = defs[i].rng;
		ep->domain = NO_DOMAIN;
		ep->nresv = defs[i].nresv < MODEL_MAX_RESV ? defs[i].nresv : MODEL_MAX_RESV;
		for (unsigned int k = 0; k < ep->nresv; k++)
			ep->resv[k] = (struct resv){ defs[i].resv[k].subtype, defs[i].resv[k].start,
						     defs[i].resv[k].end };
	}
}

void model_set_memory(struct model *m, model_mem_fn fn, void *ctx)
{
	m->mem = fn;
	m->mem_ctx = ctx;
}

void model_restart(struct model *m, uint64_t features)
{
	const struct vio_transport_ops *ops = m->t.ops;
	uint8_t s = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	ops->set_status(&m->t, 0);
	ops->set_status(&m->t, s);
	ops->set_driver_features(&m->t, features);
	ops->set_status(&m->t, s |= VIRTIO_STATUS_FEATURES_OK);
	ops->set_status(&m->t, s | VIRTIO_STATUS_DRIVER_OK);
}

bool model_stopped(const struct model *m)
{
	return !model_running(m);
}

int64_t model_request(struct model *m, const struct model_seg *out, unsigned int nout,
		      const struct model_seg *in, unsigned int nin)
{
	static struct chain c;

	/* Only the counts: the segments past them are never read, and zeroing all
	 * 16 KiB per request was the sequences' hottest spot in the guest. */
	c.head = 0;
	c.nout = c.nin = 0;
	c.out_len = c.in_len = 0;
	for (unsigned int i = 0; i < nout && i < MODEL_MAX_SEGS; i++) {
		c.out[c.nout++] = (struct seg){ out[i].p, out[i].len };
		c.out_len += out[i].len;
	}
	for (unsigned int i = 0; i < nin && i < MODEL_MAX_SEGS; i++) {
		c.in[c.nin++] = (struct seg){ in[i].p, in[i].len };
		c.in_len += in[i].len;
	}
	if (!model_running(m))
		return -1;
	return request_handle(m, &c);
}

uint32_t model_dma_at(struct model *m, unsigned int ep, uint64_t iova, uint8_t *buf,
		      uint32_t len, bool write)
{
	if (ep >= m->nep)
		return 0;
	return model_dma(m, &m->ep[ep], iova, buf, len, write);
}

bool model_ep_reaches(const struct model *m, unsigned int ep, uint64_t start, uint64_t end)
{
	return ep < m->nep && model_identity(m, &m->ep[ep], start, end);
}

int64_t model_rng_at(struct model *m, unsigned int ep, uint64_t ring_start, uint64_t ring_end,
		     uint64_t iova, uint8_t *buf, uint32_t len)
{
	if (!model_ep_reaches(m, ep, ring_start, ring_end))
		return -1;
	return model_dma(m, &m->ep[ep], iova, buf, len, true);
}

void model_events_virtual(struct model *m)
{
	memset(&m->vevq, 0, sizeof(m->vevq));
	m->vevq.on = true;
}

void model_events_post(struct model *m, unsigned int n, uint32_t size)
{
	struct vevq *v = &m->vevq;

	for (; n && v->n < MODEL_VEVQ; n--)
		v->size[v->n++] = (uint8_t)(size < 255 ? size : 255);
	if (model_running(m))
		events_process(m);
}

unsigned int model_take_events(struct model *m, struct model_event *out, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < m->vevq.nret; i++)
		if (m->vevq.ret[i].used != UINT32_MAX && n < max)
			out[n++] = m->vevq.ret[i];
	m->vevq.nret = 0;
	return n;
}

void model_trace_clear(struct model *m)
{
	memset(m->trace, 0, sizeof(m->trace));
	m->knobs_read = 0;
}

uint64_t model_knobs_read(const struct model *m)
{
	return m->knobs_read;
}

void model_trace_get(const struct model *m, uint64_t out[MODEL_TRACE_WORDS])
{
	memcpy(out, m->trace, sizeof(m->trace));
}

int model_domain_state(const struct model *m, uint32_t id)
{
	int d = domain_find(m, id);

	return d == NO_DOMAIN ? 0 : m->dom[d].bypass ? 2 : 1;
}

unsigned int model_mappings(const struct model *m, uint32_t id, uint64_t *start, uint64_t *end,
			    unsigned int max)
{
	int d = domain_find(m, id);
	unsigned int n = 0;

	for (int i = 0; d != NO_DOMAIN && i < (int)m->nmap && n < max; i++) {
		if (m->map[i].live && m->map[i].domain == d) {
			start[n] = m->map[i].start;
			end[n++] = m->map[i].end;
		}
	}
	return n;
}

bool model_ep_domain(const struct model *m, unsigned int ep, uint32_t *id)
{
	if (ep >= m->nep || m->ep[ep].domain == NO_DOMAIN)
		return false;
	*id = m->dom[m->ep[ep].domain].id;
	return true;
}

unsigned int model_events_posted(const struct model *m)
{
	return m->vevq.n;
}

unsigned int model_events_waiting(const struct model *m)
{
	return m->npending;
}
