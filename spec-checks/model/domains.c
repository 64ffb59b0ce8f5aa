// SPDX-License-Identifier: MIT
/*
 * Domains and endpoint membership (5.13.6.2-3): ATTACH creates a domain, the
 * last DETACH destroys it with its mappings, and its ID may be reused
 * (INF-DET-1).  An endpoint is in at most one domain.
 */
#include <string.h>
#include "model_int.h"

int domain_find(const struct model *m, uint32_t id)
{
	for (int d = 0; d < MODEL_MAX_DOMAINS; d++)
		if (m->dom[d].live && m->dom[d].id == id)
			return d;
	return NO_DOMAIN;
}

int domain_create(struct model *m, uint32_t id, bool bypass)
{
	for (int d = 0; d < MODEL_MAX_DOMAINS; d++) {
		if (!m->dom[d].live) {
			m->dom[d] = (struct domain){ .live = true, .bypass = bypass, .id = id };
			return d;
		}
	}
	return NO_DOMAIN;
}

static void domain_destroy(struct model *m, int d)
{
	for (unsigned int i = 0; i < m->nep; i++)
		if (m->ep[i].domain == d)
			m->ep[i].domain = NO_DOMAIN;
	mappings_drop_domain(m, d);
	m->dom[d] = (struct domain){ .live = false };
}

void domain_attach(struct model *m, struct mep *ep, int d)
{
	ep->domain = d;
	m->dom[d].neps++;
}

/* Leaves the domain; it goes away with its last endpoint. */
void domain_detach(struct model *m, struct mep *ep)
{
	int d = ep->domain;

	ep->domain = NO_DOMAIN;
	m->dom[d].neps--;
	if (mutated(m, MUT_DET_DOMAIN_KEPT))
		return;
	if (!m->dom[d].neps || mutated(m, MUT_DET_DOMAIN_DESTROYED_SHARED))
		domain_destroy(m, d);
}

void domains_reset(struct model *m)
{
	memset(m->dom, 0, sizeof(m->dom));
	memset(m->map, 0, sizeof(m->map[0]) * m->nmap);
	m->nmap = 0;
	for (unsigned int i = 0; i < m->nep; i++)
		m->ep[i].domain = NO_DOMAIN;
}

struct mep *endpoint_find(struct model *m, uint32_t id)
{
	for (unsigned int i = 0; i < m->nep; i++)
		if (m->ep[i].id == id)
			return &m->ep[i];
	return NULL;
}

bool resv_overlaps(const struct mep *ep, uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < ep->nresv; i++)
		if (start <= ep->resv[i].end && end >= ep->resv[i].start)
			return true;
	return false;
}
