/* SPDX-License-Identifier: MIT */
/*
 * Model-checked random request sequences (issue 15).  A seeded generator
 * makes steps (requests with valid and invalid fields, framing, resets,
 * bypass writes, DMA at the edges of mappings); every step and every state
 * probe after it goes to the device and to the reference model in lockstep
 * (lockstep.c), which follows the device wherever the spec leaves a choice.
 * A divergence is shrunk (shrink.c) and printed as readable steps that a
 * regression row in tests/sequences.c takes unchanged (text.c).
 */
#ifndef FAULTLINE_FUZZ_H
#define FAULTLINE_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <faultline/virtio_iommu.h>
#include "tests/fixture.h"
#include "model/oracle.h"

#define FZ_STEPS_MAX	48	/* generated steps in one sequence */
#define FZ_ACTIONS_MAX	1024	/* steps and state probes in one sequence */
#define FZ_IN_MAX	(4096 + 8)
#define FZ_FAULTS_MAX	16
#define FZ_POOL_PAGES	8	/* DMA targets: every MAP points in here */
#define FZ_DOMS		7	/* the domain IDs a run uses */
#define FZ_EPS		4	/* endpoint IDs a run uses: the device's and an absent one */
#define FZ_DMA_LEN	8
#define FZ_EP_RNG	2	/* FZ_DMA's ep: the virtio-rng (0 and 1: the edus) */
/* fz_step.rel: fields relative to the rng's ring (R+), until fz_resolve */
#define FZ_REL_START	1u
#define FZ_REL_END	2u
#define FZ_REL_PHYS	4u
#define FZ_RINGS_END	UINT64_MAX	/* a relative end: the rings' last byte */

enum fz_kind { FZ_REQ = 1, FZ_RESET, FZ_BYPASS, FZ_DMA, FZ_READCFG, FZ_EVENTS, FZ_SYSRESET };

/* The event buffers a run posts: after a reset (unless withheld), and after taking one back. */
#define FZ_EVENT_BUFS	EVENT_DEFAULT_BUFS
#define FZ_EVENT_SIZE	((uint32_t)sizeof(struct virtio_iommu_fault))
#define FZ_EVENTS_MAX	60	/* posted at once at most: the ring holds VIOMMU_QUEUE_SIZE */

/* One step: a request by its fields (rendered at send time), or another action. */
struct fz_step {
	uint8_t kind;
	uint8_t type;			/* FZ_REQ: head.type (unknown types too) */
	uint8_t hrsv[3];		/* head.reserved */
	uint8_t rsv[8];			/* the type's reserved bytes (as many as it has) */
	uint32_t dom, ep, flags;	/* FZ_DMA: ep is the endpoint's index */
	uint64_t start, end;		/* FZ_DMA: start is the IOVA */
	uint64_t phys;			/* offset into the pool */
	uint16_t out_len, in_len;	/* 0: the type's own sizes */
	uint16_t split;			/* the readable part in two at this byte (0: one) */
	bool indirect;
	bool write;			/* FZ_DMA */
	/*
	 * FZ_BYPASS: the value; FZ_DMA: 1 when start is an offset into the pool;
	 * FZ_RESET: 1 when no event buffer is posted after it; FZ_EVENTS: their size.
	 */
	uint8_t value;
	uint32_t len;			/* FZ_DMA: bytes; FZ_EVENTS: buffers posted */
	uint8_t rel;			/* FZ_REL_*: offsets from the rng's ring */
};

/* What one step did, as seen on the device or predicted by the model. */
#define FZ_ST_USED0	(-1)	/* returned with used length 0 */
#define FZ_ST_RESET	(-2)	/* DEVICE_NEEDS_RESET (or no answer) */
#define FZ_ST_SKIPPED	(-3)	/* not sent: unsafe for the guest */
struct fz_obs {
	int st;
	uint32_t used;
	uint32_t in_len;
	uint8_t in[FZ_IN_MAX];
	uint8_t bypass;			/* FZ_BYPASS: read back */
	/* FZ_DMA, FZ_RESET, FZ_EVENTS: the event buffers given back, whole; DEVICE_NEEDS_RESET after */
	unsigned int nev;
	struct model_event ev[FZ_FAULTS_MAX];
	bool stopped;
	/* FZ_DMA, predicted: the pool bytes written, with the value when known */
	unsigned int nwr;
	uint32_t wr_off[FZ_DMA_LEN];
	uint8_t wr_val[FZ_DMA_LEN];
	bool wr_known[FZ_DMA_LEN];
	bool wr_outside;		/* an access outside the pool (MSI, RAM): not sent */
	uint8_t rd_mask;		/* FZ_DMA read, predicted: buffer bytes filled from the pool */
	bool rng;			/* FZ_DMA by the virtio-rng, predicted: data of its own */
	bool rng_full;			/* ... every byte translated: it must land */
};

/* The edu buffer as the run knows it: DMA_LEN bytes, known or not. */
struct fz_edu {
	uint8_t byte[FZ_DMA_LEN];
	bool known[FZ_DMA_LEN];
};

/*
 * What the device did, kept for every action of a sequence: enough to
 * compare a model's answer with it later, as exactly as with the device's
 * own buffers (a hash of the writable bytes; the pool bytes that changed).
 */
#define FZ_DIFF_MAX	16
struct fz_rec {
	struct fz_step s;
	bool probe;			/* a state probe, not a generated step */
	int st;
	uint32_t used, in_len;
	uint64_t in_hash;
	uint8_t in_head[8], in_tail[4];	/* for the diagnostics */
	uint8_t bypass;
	unsigned int nev;
	struct model_event ev[FZ_FAULTS_MAX];
	bool stopped;
	unsigned int ndiff;		/* pool bytes not as filled; FZ_DIFF_MAX + 1: more */
	uint32_t diff_off[FZ_DIFF_MAX];
	uint8_t diff_val[FZ_DIFF_MAX];
	/* what the run knew of the endpoint's buffer before it: a replay is as strict */
	struct fz_edu edu;
};

/* The machine a run works on: fixed for a boot. */
struct fz_env {
	struct fixture *fx;
	uint64_t features;		/* negotiated */
	uint64_t granule, page;		/* page: granule, at least 4 KiB */
	uint8_t *pool;			/* FZ_POOL_PAGES + 1 pages, page-aligned */
	uint64_t pool_pa;
	uint64_t iova_base;		/* steps use [base, base + 16 pages), probes above */
	uint32_t doms[FZ_DOMS];
	uint32_t eps[FZ_EPS];
	unsigned int neps;		/* eps[neps - 1] is absent */
	int dma_ep[2];			/* fixture indexes of edu endpoints, -1: none */
	int rng_ep;			/* fixture index of the virtio-rng, -1: none */
	uint64_t ring_start, ring_end;	/* its rings, whole pages: mapped 1:1 to be reached */
	uint32_t probe_size;
	bool dma;			/* DMA steps allowed */
	unsigned int plan;		/* the opening of the sequence (plan.c) */
	/* bypass at power-on: what a system reset brings back (DEV-CFG-5) */
	uint8_t power_bypass;
	/*
	 * FZ_SYSRESET: the bytes the machine keeps across it (sysreset.c), and
	 * whether this boot is the one after it (the step is then done).
	 */
	uint8_t keep[6];
	bool resumed;
	/* what the oracle's endpoints look like: IDs, kinds, PROBE's regions */
	struct model_ep_def epdef[FZ_EPS];
	unsigned int nepdef;
	/*
	 * What the oracle learnt that no conforming device shows: the model's
	 * decision points (mutants.h) it contradicts, and why.
	 */
	uint64_t bad[MODEL_TRACE_WORDS];
	char bad_why[200];
};

/* env.c */
bool fz_env_init(struct fz_env *env, struct fixture *fx);
uint64_t fz_rng(uint64_t *state);
void fz_env_domains(struct fz_env *env, unsigned int seq);
void fz_pool_fill(const struct fz_env *env, uint8_t byte);

/* gen.c: the next step, from the seed's stream and the model's state */
struct lockstep;
/* Step i of a sequence: the sequence's opening (plan.c) first. */
void fz_generate(const struct fz_env *env, const struct lockstep *ls, uint64_t *rng,
		 unsigned int i, unsigned int *dma_left, struct fz_step *s);
/* State probes for the model's state: requests whose answers depend on it. */
unsigned int fz_state_probes(const struct fz_env *env, const struct lockstep *ls,
			     const struct fz_step *after, struct fz_step *out, unsigned int max);

/* act.c: a step on the device (waiting for `events` buffers back), and on a model */
void fz_device(const struct fz_env *env, const struct fz_step *s, unsigned int events,
	       struct fz_obs *o);
void fz_model(const struct fz_env *env, struct model *m, const struct fz_step *s,
	      const struct fz_edu *edu, struct fz_obs *o);
/* The record of what the device did (o, and the pool after a DMA). */
void fz_record(const struct fz_env *env, const struct fz_step *s, bool probe,
	       const struct fz_obs *o, struct fz_rec *r);
uint64_t fz_hash(const uint8_t *p, uint32_t len);
/* Whether the model's prediction p matches the device's record r. */
bool fz_match(const struct fz_env *env, const struct fz_step *s, const struct fz_obs *p,
	      const struct fz_rec *r, char *why, unsigned int size);
/* The DMA fill: what the pool holds before a write (poison) or a read. */
#define FZ_POISON	0xc3
#define FZ_PATTERN	0x5a

/* act.c internals shared with predict.c */
#define FZ_BODY_MAX	96
#define FZ_IN_FILL	0xa5
uint32_t fz_render(const struct fz_env *env, const struct fz_step *s, uint8_t *b,
		   uint32_t *in_len);
struct vq_seg;
unsigned int fz_out_segs(const struct fz_step *s, uint8_t *b, uint32_t len, struct vq_seg *seg);
void fz_status_of(struct fz_obs *o, int64_t used);
/* The step as sent: pool (P+) and ring (R+) offsets made addresses. */
void fz_resolve(const struct fz_env *env, struct fz_step *s);
/* predict.c internals shared with rngdma.c */
void fz_say(char *why, unsigned int n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool fz_pool_match(const struct fz_step *s, const struct fz_obs *p, const struct fz_rec *o,
		   char *why, unsigned int n);

/* rngdma.c: the virtio-rng's transfer on a model, and its comparison */
void fz_rng_model(const struct fz_env *env, struct model *m, const struct fz_step *s,
		  uint8_t *buf, struct fz_obs *o);
bool fz_rng_match(const struct fz_env *env, const struct fz_step *s, const struct fz_obs *p,
		  const struct fz_rec *o, char *why, unsigned int n);

/* text.c: "attach dom=1 ep=0x10 flags=0; map ..." */
int fz_print(const struct fz_env *env, const struct fz_step *s, char *buf, unsigned int size);
/* An address in a diagnostic: P+ (pool) and R+ (rings) as in steps, else as it is. */
const char *fz_addr(const struct fz_env *env, uint64_t v, char *b);
/* Parses one or more steps separated by ';'; returns the count, -1 on error. */
int fz_parse(const char *text, struct fz_step *out, unsigned int max);

#endif
