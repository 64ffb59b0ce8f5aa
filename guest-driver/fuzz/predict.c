// SPDX-License-Identifier: MIT
/*
 * The same step on a model (a world of the lockstep oracle), and the
 * comparison with what the device did: every answer whole (status, used
 * length, every writable byte), bypass as read back, and for DMA the pool
 * byte by byte and every fault report's 24 bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fuzz/fuzz.h"
#include "model/oracle.h"

#define CFG_BYPASS	offsetof(struct virtio_iommu_config, bypass)

static void model_req(const struct fz_env *env, struct model *m, const struct fz_step *s,
		      struct fz_obs *o)
{
	static uint8_t body[FZ_BODY_MAX];
	struct vq_seg vs[2];
	struct model_seg out[2], in;
	unsigned int n;
	uint32_t len = fz_render(env, s, body, &o->in_len);

	n = fz_out_segs(s, body, len, vs);
	for (unsigned int i = 0; i < n; i++)
		out[i] = (struct model_seg){ vs[i].addr, vs[i].len };
	memset(o->in, FZ_IN_FILL, o->in_len);
	in = (struct model_seg){ o->in, o->in_len };
	fz_status_of(o, model_request(m, out, n, &in, o->in_len ? 1 : 0));
}

/* The model's DMA sees the pool, filled as the device's will be, and nothing else. */
struct dma_ctx {
	const struct fz_env *env;
	const struct fz_edu *edu;
	const uint8_t *buf;
	uint8_t fill;
	struct fz_obs *o;
};

static bool pool_access(void *p, uint64_t pa, uint8_t *buf, uint32_t n, bool write)
{
	struct dma_ctx *c = p;
	uint64_t size = (FZ_POOL_PAGES + 1) * c->env->page;
	uint32_t at = (uint32_t)(buf - c->buf);
	bool all_in = true;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t off = pa + i - c->env->pool_pa;
		bool in = pa + i >= c->env->pool_pa && off < size;

		all_in &= in;

		if (!in)
			c->o->wr_outside = true;	/* outside the pool either way: not sent */
		if (write && in && c->o->nwr < FZ_DMA_LEN) {
			c->o->wr_off[c->o->nwr] = (uint32_t)off;
			c->o->wr_val[c->o->nwr] = buf[i];
			c->o->wr_known[c->o->nwr++] = at + i < FZ_DMA_LEN && c->edu->known[at + i];
		}
		if (!write && in) {
			buf[i] = c->fill;
			c->o->rd_mask |= (uint8_t)(1u << ((at + i) & 7));
		}
	}
	return write || all_in;	/* reads outside: unassigned, 0xff */
}

static void model_dma(const struct fz_env *env, struct model *m, const struct fz_step *s,
		      const struct fz_edu *edu, struct fz_obs *o)
{
	static const struct fz_edu unknown;	/* the rng's bytes: of its own making */
	uint8_t buf[FZ_DMA_LEN];
	struct dma_ctx c = { env, s->ep == FZ_EP_RNG ? &unknown : edu, buf,
			     s->write ? FZ_POISON : FZ_PATTERN, o };

	memcpy(buf, c.edu->byte, sizeof(buf));
	model_set_memory(m, pool_access, &c);
	if (s->ep == FZ_EP_RNG)
		fz_rng_model(env, m, s, buf, o);
	else
		model_dma_at(m, (unsigned int)env->dma_ep[s->ep], s->start, buf,
			     s->len < FZ_DMA_LEN ? s->len : FZ_DMA_LEN, s->write);
	model_set_memory(m, NULL, NULL);
}

/* The buffers given back, each posted again at once, fault-sized, as the run does. */
static void model_events(struct model *m, struct fz_obs *o)
{
	unsigned int got;

	while (o->nev < FZ_FAULTS_MAX &&
	       (got = model_take_events(m, o->ev + o->nev, FZ_FAULTS_MAX - o->nev))) {
		o->nev += got;
		model_events_post(m, got, FZ_EVENT_SIZE);
	}
	o->stopped = model_stopped(m);
}

void fz_model(const struct fz_env *env, struct model *m, const struct fz_step *s,
	      const struct fz_edu *edu, struct fz_obs *o)
{
	struct vio_transport *t = model_transport(m);

	memset(o, 0, offsetof(struct fz_obs, in));
	memset(&o->bypass, 0, sizeof(*o) - offsetof(struct fz_obs, bypass));
	switch (s->kind) {
	case FZ_REQ:
		model_req(env, m, s, o);
		break;
	case FZ_RESET:
		model_restart(m, env->features & ~(uint64_t)s->flags);
		model_events_post(m, s->value ? 0 : FZ_EVENT_BUFS, FZ_EVENT_SIZE);
		model_events(m, o);
		break;
	case FZ_EVENTS:
		model_events_post(m, s->len, s->value);
		model_events(m, o);
		break;
	case FZ_SYSRESET:
		/* The machine at power-on, then the driver's setup as after any reset. */
		model_system_reset(m);
		model_restart(m, env->features);
		model_events_post(m, FZ_EVENT_BUFS, FZ_EVENT_SIZE);
		model_events(m, o);
		break;
	case FZ_BYPASS:
	case FZ_READCFG:
		if (s->kind == FZ_BYPASS)
			t->ops->config_write(t, CFG_BYPASS, 1, s->value);
		o->bypass = (uint8_t)t->ops->config_read(t, CFG_BYPASS, 1);
		o->st = model_stopped(m) ? FZ_ST_RESET : 0;
		break;
	case FZ_DMA:
		model_dma(env, m, s, edu, o);
		model_events(m, o);
		break;
	}
}

/*
 * say: a mismatch's explanation, when the caller wants one (N > 0).  The
 * lockstep tries many worlds and wants none: formatting each cost the
 * sequences a quarter of their time in the guest (stack samples over -gdb).
 */
void fz_say(char *why, unsigned int n, const char *fmt, ...)
{
	va_list ap;

	if (!n)
		return;
	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
}

static const char *st_name(int st)
{
	if (st >= 0)
		return viommu_status_name(st);
	return st == FZ_ST_USED0 ? "used length 0" : st == FZ_ST_RESET ? "DEVICE_NEEDS_RESET" :
	       "not sent";
}

/* Whether an area (and its 4-byte tail) starts with a RESV_MEM property. */
static bool property_at(const uint8_t *area, uint32_t in_len)
{
	uint16_t type = (uint16_t)(area[0] | area[1] << 8), len = (uint16_t)(area[2] | area[3] << 8);

	return in_len >= 8 + 4 && (type & VIRTIO_IOMMU_PROBE_T_MASK) == VIRTIO_IOMMU_PROBE_T_RESV_MEM &&
	       len == sizeof(struct virtio_iommu_probe_resv_mem) - sizeof(struct virtio_iommu_probe_property);
}

static bool req_match(const struct fz_step *s, const struct fz_obs *p, const struct fz_rec *o,
		      char *why, unsigned int n)
{
	if (p->st == FZ_ST_RESET && o->st == FZ_ST_RESET)
		return true;
	if (p->st != o->st || p->used != o->used) {
		fz_say(why, n, "%s, used length %u, where the model answers %s, used length %u",
			 st_name(o->st), o->used, st_name(p->st), p->used);
		return false;
	}
	/*
	 * A refused PROBE: what the properties area holds is not specified, only
	 * the tail; but it holds no property (DEV-PROBE-7: a short area gets none).
	 */
	if (s->type == VIRTIO_IOMMU_T_PROBE && p->st != VIRTIO_IOMMU_S_OK && p->in_len >= 4 &&
	    p->in_len == o->in_len && !memcmp(p->in + p->in_len - 4, o->in_tail, 4)) {
		if (!property_at(o->in_head, o->in_len) || property_at(p->in, p->in_len))
			return true;
		fz_say(why, n, "%s with a property written into the properties area",
			 st_name(o->st));
		return false;
	}
	if (p->in_len != o->in_len || fz_hash(p->in, p->in_len) != o->in_hash) {
		fz_say(why, n, "the writable bytes differ: starting %02x %02x %02x %02x "
			 "%02x %02x %02x %02x, ending %02x %02x %02x %02x; the model's %02x %02x "
			 "%02x %02x %02x %02x %02x %02x, ending %02x %02x %02x %02x", o->in_head[0],
			 o->in_head[1], o->in_head[2], o->in_head[3], o->in_head[4], o->in_head[5],
			 o->in_head[6], o->in_head[7], o->in_tail[0], o->in_tail[1], o->in_tail[2],
			 o->in_tail[3], p->in[0], p->in[1], p->in[2], p->in[3], p->in[4], p->in[5],
			 p->in[6], p->in[7], p->in[p->in_len - 4], p->in[p->in_len - 3],
			 p->in[p->in_len - 2], p->in[p->in_len - 1]);
		return false;
	}
	return true;
}

/* One event buffer given back, for a diagnostic: its length and what it says. */
static int event_text(const struct fz_env *env, const struct model_event *e, char *b,
		      unsigned int n)
{
	struct virtio_iommu_fault f;
	char a[24];

	memcpy(&f, e->bytes, sizeof(f));
	if (e->used < sizeof(f) || e->size < sizeof(f))
		return snprintf(b, n, " [%u-byte buffer, used length %u]", e->size, e->used);
	return snprintf(b, n, " [%u-byte buffer, used length %u: reason %u flags 0x%x endpoint 0x%x "
			"address %s]", e->size, e->used, f.reason, le32_get(f.flags),
			le32_get(f.endpoint), fz_addr(env, le64_get(f.address), a));
}

/*
 * The event buffers given back, compared whole: how many, in which order,
 * their used lengths and every byte the run can see (a report split over
 * two, or cut short with its used length, differs); whether the device
 * stopped (DEVICE_NEEDS_RESET) after them.
 */
static bool events_match(const struct fz_env *env, const struct fz_obs *p, const struct fz_rec *o,
			 char *why, unsigned int n)
{
	unsigned int i = 0, len;

	while (i < o->nev && i < p->nev && o->ev[i].used == p->ev[i].used &&
	       o->ev[i].size == p->ev[i].size &&
	       !memcmp(o->ev[i].bytes, p->ev[i].bytes, o->ev[i].size < MODEL_EVENT_BYTES ?
		       o->ev[i].size : MODEL_EVENT_BYTES))
		i++;
	if (i == o->nev && i == p->nev && o->stopped == p->stopped)
		return true;
	if (!n)
		return false;
	len = (unsigned int)snprintf(why, n, "%u event buffers back%s, the model's %u%s; from "
				     "buffer %u, the device's:", o->nev, o->stopped ?
				     " and DEVICE_NEEDS_RESET" : "", p->nev, p->stopped ?
				     " and DEVICE_NEEDS_RESET" : "", i);
	for (unsigned int k = i; k < o->nev && k < i + 2 && len < n; k++)
		len += (unsigned int)event_text(env, &o->ev[k], why + len, n - len);
	if (len < n)
		len += (unsigned int)snprintf(why + len, n - len, "; the model's:");
	for (unsigned int k = i; k < p->nev && k < i + 2 && len < n; k++)
		len += (unsigned int)event_text(env, &p->ev[k], why + len, n - len);
	return false;
}

/* Predicted write k at pool offset off, or -1. */
static int written(const struct fz_obs *p, uint32_t off)
{
	int k = -1;

	for (unsigned int i = 0; i < p->nwr; i++)
		if (p->wr_off[i] == off)
			k = (int)i;
	return k;
}

/* The pool after the DMA: as filled, but where the model says the endpoint wrote. */
bool fz_pool_match(const struct fz_step *s, const struct fz_obs *p, const struct fz_rec *o,
		   char *why, unsigned int n)
{
	uint8_t fill = s->write ? FZ_POISON : FZ_PATTERN;

	if (o->ndiff > FZ_DIFF_MAX) {
		fz_say(why, n, "more than %u pool bytes changed, the model writes %u",
			 FZ_DIFF_MAX, p->nwr);
		return false;
	}
	for (unsigned int i = 0; i < o->ndiff; i++) {
		int k = written(p, o->diff_off[i]);

		if (k < 0 || (p->wr_known[k] && p->wr_val[k] != o->diff_val[i])) {
			fz_say(why, n, "pool+0x%x holds 0x%02x, the model says 0x%02x",
				 o->diff_off[i], o->diff_val[i], k < 0 ? fill : p->wr_val[k]);
			return false;
		}
	}
	for (unsigned int k = 0; k < p->nwr; k++) {
		bool seen = false;

		for (unsigned int i = 0; i < o->ndiff; i++)
			seen |= o->diff_off[i] == p->wr_off[k];
		if (p->wr_known[k] && p->wr_val[k] != fill && !seen) {
			fz_say(why, n, "pool+0x%x still holds 0x%02x, the model writes 0x%02x there",
				 p->wr_off[k], fill, p->wr_val[k]);
			return false;
		}
	}
	return true;
}

bool fz_match(const struct fz_env *env, const struct fz_step *s, const struct fz_obs *p,
	      const struct fz_rec *o, char *why, unsigned int size)
{
	char none[1];

	if (!why) {
		why = none;
		size = 0;
	}
	switch (s->kind) {
	case FZ_REQ:
		return req_match(s, p, o, why, size);
	case FZ_BYPASS:
	case FZ_READCFG:
		if (p->st != o->st || p->bypass != o->bypass) {
			fz_say(why, size, "bypass reads 0x%02x%s, the model's 0x%02x%s", o->bypass,
			    o->st ? " and DEVICE_NEEDS_RESET" : "", p->bypass,
			    p->st ? " and DEVICE_NEEDS_RESET" : "");
			return false;
		}
		return true;
	case FZ_DMA:
		if (p->wr_outside || o->st == FZ_ST_SKIPPED)
			return p->wr_outside && o->st == FZ_ST_SKIPPED;
		if (p->rng)
			return fz_rng_match(env, s, p, o, why, size);
		if (o->st) {
			fz_say(why, size, "the endpoint's transfer ended with %d", o->st);
			return false;
		}
		return events_match(env, p, o, why, size) && fz_pool_match(s, p, o, why, size);
	}
	if (p->st != o->st) {
		fz_say(why, size, "the device could not be reset");
		return false;
	}
	return events_match(env, p, o, why, size);
}

uint64_t fz_hash(const uint8_t *p, uint32_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

void fz_record(const struct fz_env *env, const struct fz_step *s, bool probe,
	       const struct fz_obs *o, struct fz_rec *r)
{
	uint8_t fill = s->write ? FZ_POISON : FZ_PATTERN;
	uint64_t size = (FZ_POOL_PAGES + 1) * env->page;

	memset(r, 0, sizeof(*r));
	r->s = *s;
	r->probe = probe;
	r->st = o->st;
	r->used = o->used;
	r->in_len = o->in_len;
	r->in_hash = fz_hash(o->in, o->in_len);
	memcpy(r->in_head, o->in, o->in_len < 8 ? o->in_len : 8);
	if (o->in_len >= 4)
		memcpy(r->in_tail, o->in + o->in_len - 4, 4);
	r->bypass = o->bypass;
	r->nev = o->nev;
	memcpy(r->ev, o->ev, o->nev * sizeof(r->ev[0]));
	r->stopped = o->stopped;
	if (s->kind != FZ_DMA || o->st == FZ_ST_SKIPPED)
		return;
	for (uint64_t off = 0; off < size && r->ndiff <= FZ_DIFF_MAX; off++) {
		if (env->pool[off] == fill)
			continue;
		if (r->ndiff < FZ_DIFF_MAX) {
			r->diff_off[r->ndiff] = (uint32_t)off;
			r->diff_val[r->ndiff] = env->pool[off];
		}
		r->ndiff++;
	}
}
