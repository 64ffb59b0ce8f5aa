/* SPDX-License-Identifier: MIT */
/* The generator's helpers, shared by gen.c (steps), plan.c (openings) and probes.c. */
#ifndef FAULTLINE_FUZZ_GEN_H
#define FAULTLINE_FUZZ_GEN_H

#include "fuzz/fuzz.h"
#include "fuzz/lockstep.h"

#define T(x)	VIRTIO_IOMMU_T_##x
#define PROBE_SLOT 64		/* pages above iova_base that no step maps */
#define MAPS_SEEN 8

struct gen {
	const struct fz_env *env;
	const struct model *m;
	uint64_t *rng;
};

unsigned int below(struct gen *g, unsigned int n);
bool chance(struct gen *g, unsigned int percent);
/* A domain of the run's that the model holds: want 1 translated, 2 bypass, 0 either. */
bool live_dom(struct gen *g, int want, uint32_t *dom);
/* A mapping of dom the model holds, into *s and *e; false when none. */
bool some_mapping(struct gen *g, uint32_t dom, uint64_t *s, uint64_t *e);
bool resv_of(struct gen *g, uint32_t dom, uint64_t *start, uint64_t *end);
void gen_map(struct gen *g, struct fz_step *s);
/* False when it made a step that sets the DMA up instead. */
bool gen_dma(struct gen *g, struct fz_step *s);
/* rnggen.c: the same by the virtio-rng (env->rng_ep >= 0). */
bool gen_rng(struct gen *g, struct fz_step *s);
/* A 1:1 read-write MAP of the rng's rings in dom. */
void gen_ring_map(struct fz_step *s, uint32_t dom);
uint32_t decline(struct gen *g);
void gen_events(struct gen *g, struct fz_step *s);
/* plan.c: step i of the sequence's opening, false past its end. */
bool fz_plan_step(struct gen *g, unsigned int plan, unsigned int i, unsigned int *dma_left,
		  struct fz_step *s);

#endif
