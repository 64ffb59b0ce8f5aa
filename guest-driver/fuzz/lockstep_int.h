/* SPDX-License-Identifier: MIT */
/* Inside the lockstep oracle: lockstep.c and its forks (forks.c). */
#ifndef FAULTLINE_FUZZ_LOCKSTEP_INT_H
#define FAULTLINE_FUZZ_LOCKSTEP_INT_H

#include "fuzz/lockstep.h"

/*
 * Runs s on a copy of `from`, with open choice k set to v when k >= 0 and
 * deviation `add` played too; keeps the copy in next when it agrees.
 * ls->read: the knobs the copy read (all of them when it did not run).
 */
bool try_world(struct lockstep *ls, const struct model *from, int k, unsigned int v,
	       enum mutant add, const struct fz_step *s, const struct fz_edu *edu,
	       const struct fz_rec *dev, struct model **next, unsigned int *nnext);
/* Adds open choice k as world m made it to ls->followed. */
void note_choice(struct lockstep *ls, const struct model *m, unsigned int k);
/* Each world with one open choice set another way, then with two. */
void fork_worlds(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
		 const struct fz_rec *dev, struct model **next, unsigned int *nnext);

#endif
