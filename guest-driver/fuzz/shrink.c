// SPDX-License-Identifier: MIT
/*
 * Delta debugging on the device: drop chunks of steps (halves, quarters, ...
 * single steps) while the sequence still diverges alike, then simplify
 * what is left field by field (framing, reserved bytes, flags).  "Alike":
 * the diverging action is of the same kind and type, a step or a probe as
 * before.  Bounded in replays and in time: each replay resets the device.
 */
#include <string.h>
#include <faultline/rt.h>
#include "fuzz/seq.h"

struct shrink {
	const struct fz_env *env;
	struct fz_div want;
	unsigned int runs, max_runs;
	uint64_t deadline;
};

static bool alike(const struct fz_div *a, const struct fz_div *b)
{
	return a->rec.s.kind == b->rec.s.kind && a->rec.s.type == b->rec.s.type &&
	       a->rec.probe == b->rec.probe && a->accepted == b->accepted;
}

static bool budget_left(const struct shrink *k)
{
	return k->runs < k->max_runs && rt_clock_ns() < k->deadline;
}

/* Whether a run of cand diverges alike; *div gets that divergence when it does. */
static bool found(const struct fz_div *want, struct fz_div *div)
{
	unsigned int n;
	const struct fz_div *d = fz_divergences(&n);

	for (unsigned int i = 0; i < n; i++) {
		if (alike(&d[i], want)) {
			*div = d[i];
			return true;
		}
	}
	return false;
}

static bool still(struct shrink *k, struct fz_step *cand, unsigned int n, struct fz_div *div)
{
	struct fz_div d;

	k->runs++;
	return !fz_run(k->env, cand, n, NULL, n, &d) && found(&k->want, div);
}

static void drop_chunks(struct shrink *k, struct fz_step *steps, unsigned int *n,
			struct fz_div *div)
{
	static struct fz_step cand[FZ_STEPS_MAX];

	for (unsigned int chunk = *n / 2 ? *n / 2 : 1; chunk && budget_left(k); chunk /= 2) {
		for (unsigned int at = 0; at < *n && *n > 1 && budget_left(k);) {
			unsigned int len = at + chunk <= *n ? chunk : *n - at, m = 0;

			for (unsigned int i = 0; i < *n; i++)
				if (i < at || i >= at + len)
					cand[m++] = steps[i];
			if (m && still(k, cand, m, div)) {
				memcpy(steps, cand, m * sizeof(cand[0]));
				*n = div->step + 1 < m ? div->step + 1 : m;
			} else {
				at += len;
			}
		}
	}
}

/* One simpler version of s, the v-th; false when there is none. */
static bool simpler(const struct fz_step *s, unsigned int v, struct fz_step *out)
{
	*out = *s;
	switch (v) {
	case 0: out->split = 0; out->indirect = false; break;
	case 1: out->out_len = 0; out->in_len = 0; break;
	case 2: memset(out->hrsv, 0, sizeof(out->hrsv)); break;
	case 3: memset(out->rsv, 0, sizeof(out->rsv)); break;
	case 4: out->flags = s->type == VIRTIO_IOMMU_T_MAP ? 3 : 0; break;
	case 5: out->phys = 0; break;
	default: return false;
	}
	return memcmp(out, s, sizeof(*s)) != 0;
}

static void simplify(struct shrink *k, struct fz_step *steps, unsigned int n,
		     struct fz_div *div)
{
	static struct fz_step cand[FZ_STEPS_MAX];

	for (unsigned int i = 0; i < n && budget_left(k); i++) {
		for (unsigned int v = 0; v < 6 && budget_left(k); v++) {
			memcpy(cand, steps, n * sizeof(cand[0]));
			if (steps[i].kind == FZ_REQ && simpler(&steps[i], v, &cand[i]) &&
			    still(k, cand, n, div))
				steps[i] = cand[i];
		}
	}
}

void fz_shrink(const struct fz_env *env, struct fz_step *steps, unsigned int *n,
	       struct fz_div *div, unsigned int max_runs, uint64_t max_ns)
{
	struct shrink k = { env, *div, 0, max_runs, rt_clock_ns() + max_ns };
	struct fz_div last = *div;

	*n = div->step + 1 < *n ? div->step + 1 : *n;
	drop_chunks(&k, steps, n, &last);
	simplify(&k, steps, *n, &last);
	/* The history and the divergence of the final sequence, for the report. */
	if (!fz_run(env, steps, *n, NULL, *n, &last))
		found(&k.want, div);
}
