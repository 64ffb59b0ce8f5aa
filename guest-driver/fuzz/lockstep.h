/* SPDX-License-Identifier: MIT */
/* The lockstep oracle (lockstep.c): worlds of the model that agree with the device. */
#ifndef FAULTLINE_FUZZ_LOCKSTEP_H
#define FAULTLINE_FUZZ_LOCKSTEP_H

#include "fuzz/fuzz.h"

#define LS_WORLDS	4
#define LS_SLABS	(3 * LS_WORLDS + 3)
#define LS_ACCEPTED	8

struct lockstep {
	const struct fz_env *env;
	struct model *base;		/* as configured, before any step */
	struct model *w[LS_WORLDS];
	unsigned int nw;
	uint64_t trace[MODEL_TRACE_WORDS];	/* decision points of the last prediction */
	uint64_t seq_trace[MODEL_TRACE_WORDS];	/* ... of every prediction so far */
	char followed[200];		/* open choices the device made: "knob=value,..." */
	/* the worlds as they were before the current step (ls_mark) */
	struct model *snap[LS_WORLDS];
	unsigned int nsnap;
	uint64_t mark_trace[MODEL_TRACE_WORDS];	/* decision points since the mark */
	uint64_t step_trace[MODEL_TRACE_WORDS];	/* ... of the step itself (its first action) */
	bool marked;
	enum mutant accepted[LS_ACCEPTED];	/* deviations played (ls_accept) */
	unsigned int naccepted;
	/* the knobs the last world tried read; each world's own at this step */
	uint64_t read, read0[LS_WORLDS];
};

/*
 * A model that looks like the device: its features, geometry, endpoints and
 * their regions (env), bypass as it reads now, every open choice at its
 * default; `hyp` a mutant to run as (MUT_NONE: the faithful model).
 */
bool ls_init(struct lockstep *ls, const struct fz_env *env, uint8_t bypass, enum mutant hyp);
/* World 0's answer to s, before the device's is known (DMA: how many reports to wait for). */
void ls_predict(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
		struct fz_obs *pred);
/* The device did dev: keeps the worlds that agree.  False: a divergence. */
bool ls_step(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
	     const struct fz_rec *dev);
/*
 * After a divergence: the first decision point taken since the mark that,
 * taken the other way (its mutant played), makes a world from the mark
 * agree with the n actions recorded since (the diverging one last); the
 * oracle plays it from then on, so the sequence can go on past a deviation
 * it has reported.  MUT_NONE: none does, the sequence ends.
 */
enum mutant ls_accept(struct lockstep *ls, const struct fz_rec *since, unsigned int n);
/* Before each generated step: where ls_accept replays from. */
void ls_mark(struct lockstep *ls);
void ls_add_mutant(struct lockstep *ls, enum mutant mu);
const struct model *ls_world(const struct lockstep *ls);
/* s as the device did it where no answer can be seen (a boot before this one). */
void ls_follow(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu);

#endif
