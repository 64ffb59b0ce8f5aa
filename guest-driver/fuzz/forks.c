// SPDX-License-Identifier: MIT
/*
 * The lockstep oracle's forks: when no world agrees with the device, each
 * world with one open choice set another way; then with two (a fault report
 * shows several choices at once: its address and its flags).
 *
 * Only choices the step read are forked.  A world's answer is a function of
 * its state and the knobs it reads (the model records each read, KNOB()):
 * if the step never read choice k, the world with k set another way gives
 * the answer the world gave, which disagreed.  A pair (k, k2) is tried only
 * when each was read with the other set: else it answers as the single fork
 * of the other, which disagreed too.  The host build (LS_CHECK_PRUNE) tries
 * every pruned world anyway and stops if one agrees.
 */
#include "fuzz/lockstep_int.h"
#ifdef LS_CHECK_PRUNE
#include <stdio.h>
#include <stdlib.h>
#endif

#define LS_KNOBS	64	/* open choices the pruning tracks: every one */
#define LS_VALUES	CHOICES_MAX_VALUES

/* The knobs each world's fork (k, v) read at this step. */
static uint64_t reads[LS_WORLDS][LS_KNOBS][LS_VALUES];

/*
 * Whether a fork needs trying: `read` says whether its last choice was read.
 * A pruned fork is tried all the same in the host build, which stops if it
 * agrees: the pruning's exactness rests on every knob read being recorded.
 */
static bool needed(struct lockstep *ls, bool read, const struct model *w, unsigned int k,
		   unsigned int v, const struct fz_step *s, const struct fz_edu *edu,
		   const struct fz_rec *dev, struct model **next, unsigned int nnext)
{
#ifdef LS_CHECK_PRUNE
	if (!read && try_world(ls, w, (int)k, v, MUT_NONE, s, edu, dev, next, &nnext)) {
		fprintf(stderr, "lockstep: a pruned fork agrees: open choice %u = %u\n", k, v);
		abort();
	}
#else
	(void)ls, (void)w, (void)k, (void)v, (void)s, (void)edu, (void)dev, (void)next, (void)nnext;
#endif
	return read;
}

/* Pass 0: world i with choice k set to each other value. */
static void fork_one(struct lockstep *ls, unsigned int i, unsigned int nk, const struct fz_step *s,
		     const struct fz_edu *edu, const struct fz_rec *dev, struct model **next,
		     unsigned int *nnext)
{
	struct model *w = ls->w[i];
	const struct model_cfg *c = model_cfg_of(w);

	for (unsigned int k = 0; k < nk; k++) {
		bool read = ls->read0[i] & choices_open_bit(k);

		for (unsigned int v = 0; v < choices_open_values(k); v++) {
			reads[i][k][v] = ls->read0[i];
			if (choices_open_get(c, k) == (int)v ||
			    !needed(ls, read, w, k, v, s, edu, dev, next, *nnext))
				continue;
			if (try_world(ls, w, (int)k, v, MUT_NONE, s, edu, dev, next, nnext))
				note_choice(ls, next[*nnext - 1], k);
			reads[i][k][v] = ls->read;
		}
	}
}

/* Pass 1: world i with choices k and k2 set another way, k < k2. */
static void fork_two(struct lockstep *ls, unsigned int i, unsigned int nk, const struct fz_step *s,
		     const struct fz_edu *edu, const struct fz_rec *dev, struct model **next,
		     unsigned int *nnext)
{
	static struct model_cfg saved;
	struct model *w = ls->w[i];

	saved = *model_cfg_of(w);
	for (unsigned int k = 0; k < nk; k++) {
		for (unsigned int v = 0; v < choices_open_values(k); v++) {
			if (choices_open_get(&saved, k) == (int)v)
				continue;
			/* the second choice on top of this one, in the world itself */
			choices_open_set(model_cfg_of(w), k, v);
			for (unsigned int k2 = k + 1; k2 < nk; k2++)
				for (unsigned int v2 = 0; v2 < choices_open_values(k2); v2++) {
					bool read = reads[i][k][v] & choices_open_bit(k2) &&
						    reads[i][k2][v2] & choices_open_bit(k);

					if (choices_open_get(&saved, k2) == (int)v2 ||
					    !needed(ls, read, w, k2, v2, s, edu, dev, next, *nnext) ||
					    !try_world(ls, w, (int)k2, v2, MUT_NONE, s, edu, dev, next,
						       nnext))
						continue;
					note_choice(ls, next[*nnext - 1], k);
					note_choice(ls, next[*nnext - 1], k2);
				}
			*model_cfg_of(w) = saved;
		}
	}
}

void fork_worlds(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
		 const struct fz_rec *dev, struct model **next, unsigned int *nnext)
{
	/* at most 64 knobs: each an int of struct model_cfg (model_int.h) */
	unsigned int nk = choices_open();

	for (unsigned int i = 0; i < ls->nw; i++)
		fork_one(ls, i, nk, s, edu, dev, next, nnext);
	if (*nnext)
		return;
	for (unsigned int i = 0; i < ls->nw; i++)
		fork_two(ls, i, nk, s, edu, dev, next, nnext);
}
