/* SPDX-License-Identifier: MIT */
/* The random-sequence run (run.c) and its options (fuzz=SEED,STEPS[,SECONDS[,DMA]]). */
#ifndef FAULTLINE_FUZZ_RUN_H
#define FAULTLINE_FUZZ_RUN_H

#include "fuzz/api.h"
#include "fuzz/seq.h"

#define FZ_DEFAULT_SEED		1
#define FZ_DEFAULT_STEPS	192
#define FZ_DEFAULT_DMA		2	/* per sequence: edu takes 100 ms a transfer */
#define FZ_SEQ_LEN		12

struct fz_opts {
	bool off;			/* fuzz=off: the sequences skip */
	bool given;
	uint64_t seed;
	unsigned int steps;		/* 0: until the time is up */
	unsigned int seconds;		/* 0: no limit */
	unsigned int dma;		/* DMA steps per sequence */
};

const struct fz_opts *fz_opts(void);
void fz_report(const struct fz_env *env, const char *what, const struct fz_step *orig,
	       unsigned int norig, const struct fz_step *min, unsigned int nmin,
	       const struct fz_div *div, const char *ids, const char *names);
/* The statements of every decision point the model took since the last clear. */
void fz_consulted(char *ids, unsigned int size);
void fz_consulted_clear(void);

#endif
