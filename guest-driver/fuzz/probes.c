// SPDX-License-Identifier: MIT
/* The state probes after a step: requests whose answers show what the device holds. */
#include <string.h>
#include "fuzz/gen.h"

static void probe_req(struct fz_step *s, uint8_t type, uint32_t dom, uint64_t start,
		      uint64_t end)
{
	memset(s, 0, sizeof(*s));
	s->kind = FZ_REQ;
	s->type = type;
	s->dom = dom;
	s->start = start;
	s->end = end;
	s->flags = VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE;
}

/* Whether the model maps any of [start, end] in dom. */
static bool mapped(const struct model *m, uint32_t dom, uint64_t start, uint64_t end)
{
	uint64_t st[MAPS_SEEN], en[MAPS_SEEN];
	unsigned int nm = model_mappings(m, dom, st, en, MAPS_SEEN);

	for (unsigned int k = 0; k < nm; k++)
		if (st[k] <= end && en[k] >= start)
			return true;
	return nm == MAPS_SEEN;	/* more than it can see: as if mapped */
}

/*
 * A granule of the step's range free where the model says so: a MAP there,
 * taken back.  Only there: where a mapping is, the UNMAP would take it.
 */
static unsigned int free_probe(const struct model *m, uint32_t dom, uint64_t at, uint64_t p,
			       struct fz_step *out, unsigned int n, unsigned int max)
{
	if (n + 2 > max || mapped(m, dom, at, at + p - 1))
		return n;
	probe_req(&out[n++], T(MAP), dom, at, at + p - 1);
	probe_req(&out[n++], T(UNMAP), dom, at, at + p - 1);
	return n;
}

/*
 * Whether each domain exists and is translated (UNMAP of a range nothing
 * maps: S_OK, S_NOENT or, bypass, S_INVAL), and that each mapping the model
 * holds is there at its first and last granule (a MAP over it is refused);
 * bypass as it reads, after a reset or a write.  After a MAP or an UNMAP
 * only its own domain: nothing else can have changed.
 */
unsigned int fz_state_probes(const struct fz_env *env, const struct lockstep *ls,
			     const struct fz_step *after, struct fz_step *out, unsigned int max)
{
	const struct model *m = ls_world(ls);
	uint64_t p = env->page, free = env->iova_base + PROBE_SLOT * p;
	uint64_t st[MAPS_SEEN], en[MAPS_SEEN];
	bool one = after->kind == FZ_REQ && (after->type == T(MAP) || after->type == T(UNMAP));
	unsigned int n = 0, nm;

	if (after->kind == FZ_RESET || after->kind == FZ_BYPASS || after->kind == FZ_SYSRESET) {
		memset(&out[n], 0, sizeof(out[n]));
		out[n++].kind = FZ_READCFG;
	}
	for (unsigned int d = 0; d < FZ_DOMS - 1 && n < max; d++)
		if (!one || env->doms[d] == after->dom)
			probe_req(&out[n++], T(UNMAP), env->doms[d], free, free + p - 1);
	if (one && model_domain_state(m, after->dom) == 1) {
		uint64_t first = after->start & ~(p - 1), last = after->end & ~(p - 1);

		n = free_probe(m, after->dom, first, p, out, n, max);
		if (last != first && after->end > after->start && last - first < 64 * p)
			n = free_probe(m, after->dom, last, p, out, n, max);
	}
	for (unsigned int d = 0; d < FZ_DOMS - 1; d++) {
		if (model_domain_state(m, env->doms[d]) != 1 || (one && env->doms[d] != after->dom))
			continue;
		nm = model_mappings(m, env->doms[d], st, en, MAPS_SEEN);
		for (unsigned int k = 0; k < nm && n + 2 <= max; k++) {
			probe_req(&out[n++], T(MAP), env->doms[d], st[k] & ~(p - 1),
				  (st[k] & ~(p - 1)) + p - 1);
			probe_req(&out[n++], T(MAP), env->doms[d], en[k] & ~(p - 1),
				  (en[k] & ~(p - 1)) + p - 1);
		}
	}
	return n;
}
