// SPDX-License-Identifier: MIT
/*
 * Steps as text, one line per step, ';' between steps: what a divergence
 * prints and what a regression row in tests/sequences.c holds.
 *   attach dom=1 ep=0x10 flags=0x0      detach dom=1 ep=0x10
 *   map dom=1 [0x100000,0x100fff] phys=P+0x1000 flags=0x3
 *   unmap dom=1 [0x100000,0x101fff]     probe ep=0x10       req type=6
 *   reset [decline=FEATURE-BITS] [events=0]    events post=2 size=16
 *      bypass=1    readcfg    dma ep=0 write iova=0x100ffc len=8
 *   sysreset (the whole machine: only the reset group's test, sysreset.c)
 * Requests may add rsv=HEX (reserved bytes), hrsv=HEX (head.reserved),
 * out=N and in=N (lengths), split=N and indirect (framing).  P is the pool
 * of DMA targets, wherever it lies in this boot.
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

static int print_req(const struct fz_step *s, char *b, unsigned int size)
{
	const char *name = s->type < ARRAY_SIZE(names) ? names[s->type] : NULL;
	int n;

	if (!name)
		n = snprintf(b, size, "req type=%u", s->type);
	else if (s->type == T(ATTACH))
		n = snprintf(b, size, "attach dom=%u ep=0x%x flags=0x%x", s->dom, s->ep, s->flags);
	else if (s->type == T(DETACH))
		n = snprintf(b, size, "detach dom=%u ep=0x%x", s->dom, s->ep);
	else if (s->type == T(MAP))
		n = snprintf(b, size, "map dom=%u [0x%llx,0x%llx] phys=P+0x%llx flags=0x%x", s->dom,
			     (unsigned long long)s->start, (unsigned long long)s->end,
			     (unsigned long long)s->phys, s->flags);
	else if (s->type == T(UNMAP))
		n = snprintf(b, size, "unmap dom=%u [0x%llx,0x%llx]", s->dom,
			     (unsigned long long)s->start, (unsigned long long)s->end);
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
		return print_req(s, b, size);
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
	case FZ_DMA:
		(void)env;
		if (s->value)
			return snprintf(b, size, "dma ep=%u %s iova=P+0x%llx len=%u", s->ep,
					s->write ? "write" : "read", (unsigned long long)s->start,
					s->len);
		return snprintf(b, size, "dma ep=%u %s iova=0x%llx len=%u", s->ep,
				s->write ? "write" : "read", (unsigned long long)s->start, s->len);
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

/* One "key=value" or flag word of a step. */
static bool field(struct fz_step *s, const char *w, bool *pool)
{
	const char *v = strchr(w, '=');

	if (w[0] == '[') {
		s->start = strtoull(w + 1, NULL, 0);
		s->end = strtoull(strchr(w, ',') ? strchr(w, ',') + 1 : w, NULL, 0);
		return true;
	}
	if (!v)
		return !strcmp(w, "indirect") ? (s->indirect = true) :
		       !strcmp(w, "write") ? (s->write = true) : !strcmp(w, "read");
	v++;
#define IS(k) (!strncmp(w, k "=", sizeof(k)))
	if (IS("dom")) s->dom = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("ep")) s->ep = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("flags")) s->flags = (uint32_t)strtoul(v, NULL, 0);
	else if (IS("phys")) s->phys = strtoull(v + 2, NULL, 0);
	else if (IS("iova")) s->start = (*pool = v[0] == 'P') ? strtoull(v + 2, NULL, 0) :
						strtoull(v, NULL, 0);
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
