/* SPDX-License-Identifier: MIT */
/* Sequences in lockstep (seq.c), shrinking (shrink.c) and the run (run.c). */
#ifndef FAULTLINE_FUZZ_SEQ_H
#define FAULTLINE_FUZZ_SEQ_H

#include "fuzz/fuzz.h"

struct fz_div {
	unsigned int step;		/* the generated step running, or the one its probes follow */
	unsigned int action;		/* index in the history */
	struct fz_rec rec;		/* the action that diverged, as the device did it */
	char why[320];			/* "" when none */
	uint64_t trace[MODEL_TRACE_WORDS];	/* decision points the model took for it */
	char followed[200];		/* open choices the device made */
	enum mutant accepted;		/* the deviation the oracle then played, or MUT_NONE */
	bool learnt;			/* in what the oracle learnt of the device, before any step */
};

#define FZ_DIVS_MAX 8

/*
 * Resets the device and runs steps[0, n) in lockstep, each followed by its
 * state probes; with rng, each step is generated first (at most dma_budget
 * DMA steps).  A divergence that one decision of the model explains (its
 * mutant) is recorded and the oracle goes on playing that deviation; any
 * other ends the run.  True when the device agreed throughout; else *div is
 * the first divergence.
 */
bool fz_run(const struct fz_env *env, struct fz_step *steps, unsigned int n, uint64_t *rng,
	    unsigned int dma_budget, struct fz_div *div);
/*
 * The boot after a system reset (FZ_SYSRESET, the last of steps[0, n)): the
 * oracle follows the steps before it as the boot before saw them (from
 * bypass as it read then), then runs that step and its state probes.
 */
bool fz_run_resumed(const struct fz_env *env, const struct fz_step *steps, unsigned int n,
		    uint8_t bypass, struct fz_div *div);
const struct fz_rec *fz_history(unsigned int *n);
/* Every divergence of the last run: each but the last went on as accepted. */
const struct fz_div *fz_divergences(unsigned int *n);
/*
 * The statements to report a divergence of the last run under: those of
 * the deviation the oracle accepted; else (replay) those of the mutants
 * that, played by the oracle over the whole record, agree with the device
 * throughout (names: the mutants); else those of every decision point the
 * model took for the action.
 */
void fz_explain(const struct fz_env *env, const struct fz_div *div, bool replay, char *ids,
		unsigned int size, char *names, unsigned int nsize);
bool fz_has_id(const char *list, const char *id);

/* Shrinks steps[0, *n) in place to a shorter sequence that diverges alike. */
void fz_shrink(const struct fz_env *env, struct fz_step *steps, unsigned int *n,
	       struct fz_div *div, unsigned int max_runs, uint64_t max_ns);

/* The strongest level among ids: "MUST", "SHOULD", "descriptive", "MAY". */
const char *fz_level(const char *ids);

#endif
