// SPDX-License-Identifier: MIT
/*
 * Steps as text, one line per step, ';' between steps: what a divergence
 * prints and what a regression row in tests/sequences.c holds.
 *   attach dom=1 ep=0x10 flags=0x0      detach dom=1 ep=0x10
 *   map dom=1 [0x100000,0x100fff] phys=P+0x1000 flags=0x3
 *   unmap dom=1 [0x100000,0x101fff]     probe ep=0x10       req type=6
 *   reset [decline=FEATURE-BITS] [events=0]    events post=2 size=16
 *      bypass=1    readcfg    dma ep=0 write iova=0x100ffc len=8
 *   dma ep=rng write iova=P+0x2008 len=8 (the virtio-rng; ep=0, 1: the edus)
 *   sysreset (the whole machine: only the reset group's test, sysreset.c)
 * Requests may add rsv=HEX (reserved bytes), hrsv=HEX (head.reserved),
 * out=N and in=N (lengths), split=N and indirect (framing).  P is the pool
 * of DMA targets, R the virtio-rng's rings (map dom=1 rings flags=0x3 maps
 * them whole 1:1, unmap dom=1 rings takes them), wherever they lie in this
 * boot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz/fuzz.h"

#define T(x)	VIRTIO_IOMMU_T_##x

static const char *const names[] = {
	[T(ATTACH)] = "attach", [T(DETACH)] = "detach", [T(MAP)] = "map",
	[T(UNMAP)] = "unmap", [T(PROBE)] = "probe",
};

static bool nonzero(const uint8_t *p, unsigned int n)
{
	while (n--)
		if (p[n])
			return true;
	return false;
}

static int hex(char *b, unsigned int size, const char *key, const uint8_t *p, unsigned int n)
{
	int len = snprintf(b, size, " %s=", key);

	for (unsigned int i = 0; i < n && (unsigned int)len + 3 < size; i++)
		len += snprintf(b + len, size - (unsigned int)len, "%02x", p[i]);
	return len;
}

static int options(const struct fz_step *s, char *b, unsigned int size)
{
	int n = 0;

#define ADD(...) (n += snprintf(b + n, size > (unsigned int)n ? size - (unsigned int)n : 0, __VA_ARGS__))
	if (nonzero(s->rsv, sizeof(s->rsv)) && (unsigned int)n < size)
		n += hex(b + n, size - (unsigned int)n, "rsv", s->rsv, sizeof(s->rsv));
	if (nonzero(s->hrsv, sizeof(s->hrsv)) && (unsigned int)n < size)
		n += hex(b + n, size - (unsigned int)n, "hrsv", s->hrsv, sizeof(s->hrsv));
	if (s->out_len)
		ADD(" out=%u", s->out_len);
	if (s->in_len)
		ADD(" in=%u", s->in_len);
	if (s->split)
		ADD(" split=%u", s->split);
	if (s->indirect)
		ADD(" indirect");
#undef ADD
	return n;
}

/*
 * An address: R+off in the virtio-rng's rings (marked relative, or found
 * there), else as it is; the rings lie wherever this boot put them.
 */
static const char *at(const struct fz_env *env, uint64_t v, bool rel, char *b)
{
	if (!rel && env && env->ring_end && v >= env->ring_start && v <= env->ring_end) {
		v -= env->ring_start;
		rel = true;
	}
	snprintf(b, 24, "%s0x%llx", rel ? "R+" : "", (unsigned long long)v);
	return b;
}

/*
 * An absolute address as the run's text writes it: R+ in the rings, P+ in
 * the pool, else as it is.  The pool lies wherever this build's image put
 * it: a line that named its address would change with the image.
 */
const char *fz_addr(const struct fz_env *env, uint64_t v, char *b)
{
	if (env && env->pool_pa && !(env->ring_end && v >= env->ring_start && v <= env->ring_end) &&
	    v >= env->pool_pa && v - env->pool_pa < (FZ_POOL_PAGES + 1) * env->page) {
		snprintf(b, 24, "P+0x%llx", (unsigned long long)(v - env->pool_pa));
		return b;
	}
	return at(env, v, false, b);
}

/* A MAP's phys: an offset into the pool (P+), or R+ when it is the rings'. */
static const char *phys(const struct fz_env *env, const struct fz_step *s, char *b)
{
	if (s->rel & FZ_REL_PHYS || (env && env->ring_end &&
				     env->pool_pa + s->phys >= env->ring_start &&
				     env->pool_pa + s->phys <= env->ring_end))
		return at(env, s->rel & FZ_REL_PHYS ? s->phys : env->pool_pa + s->phys,
			  s->rel & FZ_REL_PHYS, b);
	snprintf(b, 24, "P+0x%llx", (unsigned long long)s->phys);
	return b;
}

/* The virtio-rng's rings whole, mapped 1:1 for a MAP: "rings". */
static bool rings(const struct fz_env *env, const struct fz_step *s)
{
	bool rel = (s->rel & (FZ_REL_START | FZ_REL_END)) == (FZ_REL_START | FZ_REL_END) &&
		   !s->start && s->end == FZ_RINGS_END;
	bool abs = !s->rel && env && env->ring_end && s->start == env->ring_start &&
		   s->end == env->ring_end;

	if (s->type == T(MAP))
		return (rel && s->rel & FZ_REL_PHYS && !s->phys) ||
		       (abs && env->pool_pa + s->phys == env->ring_start);
	return rel || abs;
}

static int print_req(const struct fz_env *env, const struct fz_step *s, char *b,
		     unsigned int size)
{
	char a[24], e[24], p[24];

	const char *name = s->type < ARRAY_SIZE(names) ? names[s->type] : NULL;
	int n;

	if (!name)
		n = snprintf(b, size, "req type=%u", s->type);
	else if (s->type == T(ATTACH))
		n = snprintf(b, size, "attach dom=%u ep=0x%x flags=0x%x", s->dom, s->ep, s->flags);
	else if (s->type == T(DETACH))
		n = snprintf(b, size, "detach dom=%u ep=0x%x", s->dom, s->ep);
	else if ((s->type == T(MAP) || s->type == T(UNMAP)) && rings(env, s))
		n = s->type == T(MAP) ? snprintf(b, size, "map dom=%u rings flags=0x%x", s->dom, s->flags) :
					snprintf(b, size, "unmap dom=%u rings", s->dom);
	else if (s->type == T(MAP))
		n = snprintf(b, size, "map dom=%u [%s,%s] phys=%s flags=0x%x", s->dom,
			     at(env, s->start, s->rel & FZ_REL_START, a),
			     at(env, s->end, s->rel & FZ_REL_END, e), phys(env, s, p), s->flags);
	else if (s->type == T(UNMAP))
		n = snprintf(b, size, "unmap dom=%u [%s,%s]", s->dom,
			     at(env, s->start, s->rel & FZ_REL_START, a),
			     at(env, s->end, s->rel & FZ_REL_END, e));
	else
		n = snprintf(b, size, "probe ep=0x%x", s->ep);
	if (n > 0 && (unsigned int)n < size)
		n += options(s, b + n, size - (unsigned int)n);
	return n;
}

int fz_print(const struct fz_env *env, const struct fz_step *s, char *b, unsigned int size)
{
	switch (s->kind) {
	case FZ_REQ:
		return print_req(env, s, b, size);
	case FZ_RESET:
		if (s->flags)
			return snprintf(b, size, "reset decline=0x%x%s", s->flags,
					s->value ? " events=0" : "");
		return snprintf(b, size, "reset%s", s->value ? " events=0" : "");
	case FZ_EVENTS:
		return snprintf(b, size, "events post=%u size=%u", s->len, s->value);
	case FZ_SYSRESET:
		return snprintf(b, size, "sysreset");
	case FZ_BYPASS:
		return snprintf(b, size, "bypass=%u", s->value);
	case FZ_READCFG:
		return snprintf(b, size, "readcfg");
	case FZ_DMA: {
		char ep[8], a[24];

		snprintf(ep, sizeof(ep), s->ep == FZ_EP_RNG ? "rng" : "%u", s->ep);
		if (s->value)
			return snprintf(b, size, "dma ep=%s %s iova=P+0x%llx len=%u", ep,
					s->write ? "write" : "read", (unsigned long long)s->start,
					s->len);
		return snprintf(b, size, "dma ep=%s %s iova=%s len=%u", ep,
				s->write ? "write" : "read", s->rel & FZ_REL_START ?
				at(env, s->start, true, a) : fz_addr(env, s->start, a), s->len);
	}
	}
	return snprintf(b, size, "?");
}

static void unhex(const char *v, uint8_t *p, unsigned int n)
{
	for (unsigned int i = 0; i < n && v[0] && v[1]; i++, v += 2) {
		char two[3] = { v[0], v[1], 0 };

		p[i] = (uint8_t)strtoul(two, NULL, 16);
	}
}

/* A number, or R+N (bit set in rel) or P+N: the offset N. */
static uint64_t ring_rel(struct fz_step *s, const char *v, uint8_t bit)
{
	if (v[0] == 'R' && v[1] == '+')
		s->rel |= bit;
	return strtoull(v[1] == '+' ? v + 2 : v, NULL, 0);
}

/* One "key=value" or flag word of a step. */
static bool field(struct fz_step *s, const char *w, bool *pool)
{
	const char *v = strchr(w, '=');

	if (w[0] == '[') {
		const char *e = strchr(w, ',') ? strchr(w, ',') + 1 : w;

		s->start = ring_rel(s, w + 1, FZ_REL_START);
		s->end = ring_rel(s, e, FZ_REL_END);
		return true;
	}
	if (!strcmp(w, "rings")) {
		s->rel |= FZ_REL_START | FZ_REL_END | (s->type == T(MAP) ? FZ_REL_PHYS : 0);
		s->start = s->phys = 0;
		s->end = FZ_RINGS_END;
		return true;
	}
	if (!v)
		return !strcmp(w, "indirect") ? (s->indirect = true) :
		       !strcmp(w, "write") ? (s->write = true) : !strcmp(w, "read");
	v++;
#define IS(k) (!strncmp(w, k "=", sizeof(k)))
	if (IS("dom")) s->dom = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("ep")) s->ep = !strcmp(v, "rng") ? FZ_EP_RNG : (uint32_t)strtoul(v, NULL, 0);
	else if (IS("flags")) s->flags = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("phys")) s->phys = ring_rel(s, v, FZ_REL_PHYS);
	else if (IS("iova")) s->start = (*pool = v[0] == 'P') ? strtoull(v + 2, NULL, 0) :
						ring_rel(s, v, FZ_REL_START);
	else if (IS("len")) s->len = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("type")) s->type = (uint8_t)strtoul(v, NULL, 0);
	else if (IS("out")) s->out_len = (uint16_t)strtoul(v, NULL, 0);
	else if (IS("in")) s->in_len = (uint16_t)strtoul(v, NULL, 0);
	else if (IS("split")) s->split = (uint16_t)strtoul(v, NULL, 0);
	else if (IS("rsv")) unhex(v, s->rsv, sizeof(s->rsv));
	else if (IS("hrsv")) unhex(v, s->hrsv, sizeof(s->hrsv));
	else if (IS("bypass")) s->value = (uint8_t)strtoul(v, NULL, 0);
	else if (IS("decline")) s->flags = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("events")) s->value = !strtoul(v, NULL, 0);	/* only "events=0" */
	else if (IS("post")) s->len = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("size")) s->value = (uint8_t)strtoul(v, NULL, 0);
	else return false;
#undef IS
	return true;
}

static bool verb(struct fz_step *s, const char *w)
{
	for (unsigned int t = 0; t < ARRAY_SIZE(names); t++) {
		if (names[t] && !strcmp(w, names[t])) {
			s->kind = FZ_REQ;
			s->type = (uint8_t)t;
			return true;
		}
	}
	if (!strcmp(w, "req"))
		s->kind = FZ_REQ;
	else if (!strcmp(w, "reset"))
		s->kind = FZ_RESET;
	else if (!strncmp(w, "bypass=", 7))
		s->kind = FZ_BYPASS;
	else if (!strcmp(w, "dma"))
		s->kind = FZ_DMA;
	else if (!strcmp(w, "readcfg"))
		s->kind = FZ_READCFG;
	else if (!strcmp(w, "events"))
		s->kind = FZ_EVENTS;
	else if (!strcmp(w, "sysreset"))
		s->kind = FZ_SYSRESET;
	return s->kind != 0;
}

/* A pool-relative DMA address is an offset, marked by value = 1, until the run knows the pool. */
int fz_parse(const char *text, struct fz_step *out, unsigned int max)
{
	unsigned int n = 0;
	char w[64];

	while (*text && n < max) {
		struct fz_step *s = &out[n];
		bool first = true, pool = false;

		memset(s, 0, sizeof(*s));
		while (*text && *text != ';') {
			size_t len = 0;

			while (*text == ' ')
				text++;
			while (text[len] && text[len] != ' ' && text[len] != ';' && len < sizeof(w) - 1)
				len++;
			if (!len)
				break;
			memcpy(w, text, len);
			w[len] = 0;
			text += len;
			if (first ? !verb(s, w) : !field(s, w, &pool))
				return -1;
			if (first && s->kind == FZ_BYPASS)
				field(s, w, &pool);
			first = false;
		}
		if (pool)
			s->value = 1;
		if (*text == ';')
			text++;
		if (!first)
			n++;
	}
	return (int)n;
}
