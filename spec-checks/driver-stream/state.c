// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "state.h"

/* Grows *p to hold one more element of size sz; aborts when out of memory. */
static void *grow(void *p, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 8;
	p = realloc(p, *cap * sz);
	if (!p)
		abort();
	return p;
}

struct domain *state_domain(struct state *s, uint32_t id)
{
	for (size_t i = 0; i < s->ndoms; i++)
		if (s->doms[i].id == id)
			return &s->doms[i];
	s->doms = grow(s->doms, &s->domcap, s->ndoms, sizeof(*s->doms));
	s->doms[s->ndoms] = (struct domain){ .id = id };
	return &s->doms[s->ndoms++];
}

struct endpoint *state_endpoint(struct state *s, uint32_t id)
{
	for (size_t i = 0; i < s->neps; i++)
		if (s->eps[i].id == id)
			return &s->eps[i];
	s->eps = grow(s->eps, &s->epcap, s->neps, sizeof(*s->eps));
	s->eps[s->neps] = (struct endpoint){ .id = id };
	return &s->eps[s->neps++];
}

/* A device reset forgets domains, attachments and what PROBE said. */
void state_reset(struct state *s)
{
	for (size_t i = 0; i < s->ndoms; i++)
		free(s->doms[i].maps);
	s->ndoms = 0;
	for (size_t i = 0; i < s->neps; i++) {
		free(s->eps[i].resv);
		s->eps[i] = (struct endpoint){ .id = s->eps[i].id };
	}
}

void state_free(struct state *s)
{
	state_reset(s);
	free(s->doms);
	free(s->eps);
	memset(s, 0, sizeof(*s));
}

void ranges_add(struct range **r, size_t *n, size_t *cap, uint64_t start, uint64_t end)
{
	*r = grow(*r, cap, *n, sizeof(**r));
	(*r)[(*n)++] = (struct range){ .start = start, .end = end };
}

size_t ranges_remove_inside(struct range *r, size_t *n, uint64_t start, uint64_t end)
{
	size_t kept = 0, removed = 0;

	for (size_t i = 0; i < *n; i++) {
		if (r[i].start >= start && r[i].end <= end)
			removed++;
		else
			r[kept++] = r[i];
	}
	*n = kept;
	return removed;
}

const struct range *ranges_find(const struct range *r, size_t n, uint64_t addr)
{
	for (size_t i = 0; i < n; i++)
		if (addr >= r[i].start && addr <= r[i].end)
			return &r[i];
	return NULL;
}

bool ranges_overlap(const struct range *r, size_t n, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < n; i++)
		if (start <= r[i].end && end >= r[i].start)
			return true;
	return false;
}
