// SPDX-License-Identifier: MIT
/*
 * The reference model as a lockstep oracle.  It holds a few worlds: copies
 * of the model, each a device the spec allows that has answered everything
 * so far as the device did.  Each action goes to every world; the worlds
 * whose answer matches the device's survive.  When none does, each world is
 * forked with one open choice (choices.h: a MAY, or no status given) set
 * another way, from its state before the action: the forks that match
 * survive, so the oracle follows the device wherever the spec lets it
 * choose, and a conforming device never diverges.  No world left is a
 * divergence.
 */
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "fuzz/lockstep_int.h"

static struct model *slab(unsigned int i)
{
	static struct model *m[LS_SLABS];

	if (!m[i])
		m[i] = rt_alloc(model_size(), 64);
	return m[i];
}

bool ls_init(struct lockstep *ls, const struct fz_env *env, uint8_t bypass, enum mutant hyp)
{
	static bool made;
	const struct viommu *v = &env->fx->v;
	struct model_geometry g = {
		.page_size_mask = v->cfg.page_size_mask,
		.input_start = v->cfg.input_start, .input_end = v->cfg.input_end,
		.domain_start = v->cfg.domain_start, .domain_end = v->cfg.domain_end,
		.probe_size = v->cfg.probe_size,
	};
	struct model_cfg cfg;

	for (unsigned int i = 0; i < LS_SLABS; i++)
		if (!slab(i))
			return false;
	memset(ls, 0, sizeof(*ls));
	ls->env = env;
	ls->base = slab(0);
	choices_default(&cfg);
	cfg.bypass_initial = env->power_bypass;	/* what a system reset brings back */
	if (!made)
		model_init(ls->base, &cfg, hyp);	/* once: it allocates the rng's ring */
	made = true;
	*model_cfg_of(ls->base) = cfg;
	model_set_mutant(ls->base, hyp);
	model_set_offered(ls->base, v->offered);
	model_set_geometry(ls->base, &g);
	model_set_endpoints(ls->base, env->epdef, env->nepdef);
	model_set_bypass(ls->base, bypass);
	model_events_virtual(ls->base);
	model_restart(ls->base, env->features);
	model_events_post(ls->base, FZ_EVENT_BUFS, FZ_EVENT_SIZE);	/* as fx_init posts them */
	ls->w[0] = slab(1);
	model_copy(ls->w[0], ls->base);
	ls->nw = 1;
	return true;
}

/* A slab no world uses. */
static struct model *spare(const struct lockstep *ls, struct model *const *keep, unsigned int nkeep)
{
	for (unsigned int i = 1; i < LS_SLABS; i++) {
		struct model *m = slab(i);
		bool used = false;

		for (unsigned int k = 0; k < ls->nw; k++)
			used |= ls->w[k] == m;
		for (unsigned int k = 0; k < nkeep; k++)
			used |= keep[k] == m;
		/* the worlds as they were at the mark: ls_accept replays from them */
		for (unsigned int k = 0; k < ls->nsnap; k++)
			used |= ls->snap[k] == m;
		if (!used)
			return m;
	}
	return NULL;
}

bool try_world(struct lockstep *ls, const struct model *from, int k, unsigned int v,
	       enum mutant add, const struct fz_step *s, const struct fz_edu *edu,
	       const struct fz_rec *dev, struct model **next, unsigned int *nnext)
{
	static struct fz_obs pred;
	struct model *m = spare(ls, next, *nnext);

	ls->read = ~0ull;
	if (!m || *nnext >= LS_WORLDS)
		return false;
	model_copy(m, from);
	if (k >= 0)
		choices_open_set(model_cfg_of(m), (unsigned int)k, v);
	model_add_mutant(m, add);
	model_trace_clear(m);
	fz_model(ls->env, m, s, edu, &pred);
	ls->read = model_knobs_read(m);
	if (!fz_match(ls->env, s, &pred, dev, NULL, 0))
		return false;
	next[(*nnext)++] = m;
	return true;
}

void note_choice(struct lockstep *ls, const struct model *m, unsigned int k)
{
	char name[48];
	const char *ids;
	size_t len = strlen(ls->followed);

	choices_open_name(k, model_cfg_of((struct model *)m), name, sizeof(name), &ids);
	if (strstr(ls->followed, name) || len + strlen(name) + 2 >= sizeof(ls->followed))
		return;
	snprintf(ls->followed + len, sizeof(ls->followed) - len, "%s%s", len ? "," : "", name);
}

/*
 * A deviation the oracle accepted may not hold everywhere (QEMU answers
 * S_NOENT to a DETACH only for endpoints it has not met): worlds without
 * one of them, for this step.
 */
static void unaccept(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
		     const struct fz_rec *dev, struct model **next, unsigned int *nnext)
{
	for (unsigned int a = 0; a < ls->naccepted && !*nnext; a++) {
		for (unsigned int i = 0; i < ls->nw; i++) {
			model_del_mutant(ls->w[i], ls->accepted[a]);
			if (try_world(ls, ls->w[i], -1, 0, MUT_NONE, s, edu, dev, next, nnext))
				model_add_mutant(next[*nnext - 1], ls->accepted[a]);
			model_add_mutant(ls->w[i], ls->accepted[a]);
		}
	}
}

void ls_predict(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
		struct fz_obs *pred)
{
	struct model *m = spare(ls, NULL, 0);

	model_copy(m, ls->w[0]);
	model_trace_clear(m);
	fz_model(ls->env, m, s, edu, pred);
	model_trace_get(m, ls->trace);
	if (ls->marked)
		memcpy(ls->step_trace, ls->trace, sizeof(ls->trace));
	ls->marked = false;
	for (unsigned int i = 0; i < MODEL_TRACE_WORDS; i++) {
		ls->seq_trace[i] |= ls->trace[i];
		ls->mark_trace[i] |= ls->trace[i];
	}
}

/* The open choice named NAME ("fault-each="), -1 when none. */
static int knob(const char *name)
{
	static struct model_cfg any;
	const char *ids;
	char have[48];

	for (unsigned int k = 0; k < choices_open(); k++) {
		choices_open_name(k, &any, have, sizeof(have), &ids);
		if (!strncmp(have, name, strlen(name)))
			return (int)k;
	}
	return -1;
}

/* Whether endpoint ep is, in world m, in a domain other than dom. */
static bool elsewhere(const struct fz_env *env, const struct model *m, uint32_t ep, uint32_t dom)
{
	uint32_t in;

	for (unsigned int i = 0; i < env->nepdef; i++)
		if (env->epdef[i].id == ep)
			return model_ep_domain(m, i, &in) && in != dom;
	return false;
}

/*
 * Choices whose effect the step's own answer does not show, only a later
 * one, too late to fork from the world before the step: the worlds that
 * made them the other way are kept too.  How many reports a fault makes
 * (INF-FAULT-2) shows when a buffer comes for them; whether a refused move
 * left the endpoint's old domain (DEV-ATT-6: "as if DETACH, then ATTACH"),
 * at a probe of that domain.
 */
static void hidden_forks(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
			 const struct fz_rec *dev, struct model **next, unsigned int *nnext)
{
	static int each = -2, moved;
	unsigned int kept = *nnext, waiting = 0;

	if (each == -2) {
		each = knob("fault-each=");
		moved = knob("att-move-refused=");
	}
	for (unsigned int i = 0; i < kept; i++)
		waiting += model_events_waiting(next[i]);
	for (unsigned int i = 0; i < ls->nw; i++) {
		struct model *w = ls->w[i];
		int k = s->kind == FZ_DMA && waiting ? each :
			s->kind == FZ_REQ && s->type == VIRTIO_IOMMU_T_ATTACH &&
			dev->st != VIRTIO_IOMMU_S_OK && elsewhere(ls->env, w, s->ep, s->dom) ?
			moved : -1;

		for (unsigned int v = 0; k >= 0 && v < choices_open_values((unsigned int)k); v++)
			if (choices_open_get(model_cfg_of(w), (unsigned int)k) != (int)v)
				try_world(ls, w, k, v, MUT_NONE, s, edu, dev, next, nnext);
	}
}

bool ls_step(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu,
	     const struct fz_rec *dev)
{
	struct model *next[LS_WORLDS];
	unsigned int nnext = 0;

	for (unsigned int i = 0; i < ls->nw; i++) {
		try_world(ls, ls->w[i], -1, 0, MUT_NONE, s, edu, dev, next, &nnext);
		ls->read0[i] = ls->read;
	}
	if (nnext)
		hidden_forks(ls, s, edu, dev, next, &nnext);
	if (!nnext)
		fork_worlds(ls, s, edu, dev, next, &nnext);
	if (!nnext)
		unaccept(ls, s, edu, dev, next, &nnext);
	if (!nnext)
		return false;
	memcpy(ls->w, next, nnext * sizeof(next[0]));
	ls->nw = nnext;
	return true;
}

static struct model *spare_slab(const struct lockstep *ls)
{
	struct model *keep[LS_WORLDS];

	memcpy(keep, ls->snap, ls->nsnap * sizeof(keep[0]));
	return spare(ls, keep, ls->nsnap);
}

void ls_mark(struct lockstep *ls)
{
	for (unsigned int i = 0; i < ls->nsnap; i++)
		ls->snap[i] = NULL;
	ls->nsnap = 0;
	for (unsigned int i = 0; i < ls->nw; i++) {
		struct model *m = spare_slab(ls);

		model_copy(m, ls->w[i]);
		ls->snap[ls->nsnap++] = m;
	}
	memset(ls->mark_trace, 0, sizeof(ls->mark_trace));
	ls->marked = true;
}

/* A world from the mark, playing mu too, through the n records: true when it agrees. */
static bool replays(struct lockstep *ls, struct model *m, const struct model *from,
		    enum mutant mu, const struct fz_rec *r, unsigned int n)
{
	static struct fz_obs pred;

	model_copy(m, from);
	/* the deviations accepted since the mark too (the mark's worlds are older) */
	for (unsigned int a = 0; a < ls->naccepted; a++)
		model_add_mutant(m, ls->accepted[a]);
	model_add_mutant(m, mu);
	for (unsigned int i = 0; i < n; i++) {
		fz_model(ls->env, m, &r[i].s, &r[i].edu, &pred);
		if (!fz_match(ls->env, &r[i].s, &pred, &r[i], NULL, 0))
			return false;
	}
	return true;
}

enum mutant ls_accept(struct lockstep *ls, const struct fz_rec *since, unsigned int n)
{
	struct model *m = spare_slab(ls);

	/* The step's own decisions first: a probe shows what the step did. */
	for (int k = 0; k < 2 * MUT_COUNT && m; k++) {
		int mu = k % MUT_COUNT;
		const uint64_t *t = k < MUT_COUNT ? ls->step_trace : ls->mark_trace;

		if (!mu || !(t[mu / 64] >> (mu % 64) & 1))
			continue;
		for (unsigned int i = 0; i < ls->nsnap; i++) {
			if (!replays(ls, m, ls->snap[i], (enum mutant)mu, since, n))
				continue;
			ls->w[0] = m;
			ls->nw = 1;
			model_add_mutant(ls->base, (enum mutant)mu);
			if (ls->naccepted < LS_ACCEPTED)
				ls->accepted[ls->naccepted++] = (enum mutant)mu;
			return (enum mutant)mu;
		}
	}
	return MUT_NONE;
}

void ls_add_mutant(struct lockstep *ls, enum mutant mu)
{
	model_add_mutant(ls->base, mu);
	for (unsigned int i = 0; i < ls->nw; i++)
		model_add_mutant(ls->w[i], mu);
}

const struct model *ls_world(const struct lockstep *ls)
{
	return ls->w[0];
}

void ls_follow(struct lockstep *ls, const struct fz_step *s, const struct fz_edu *edu)
{
	static struct fz_obs pred;

	for (unsigned int i = 0; i < ls->nw; i++)
		fz_model(ls->env, ls->w[i], s, edu, &pred);
}
