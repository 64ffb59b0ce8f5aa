// SPDX-License-Identifier: MIT
/*
 * One sequence in lockstep: the device reset, then each step (generated as
 * it goes, or given) and the state probes after it go to the device and to
 * the oracle; the first disagreement ends the sequence.  Every action is
 * recorded, so the oracle can replay it alone under a hypothesis (a mutant
 * of the model) to say which decision of the model the device took the
 * other way: the statements the divergence is reported under.
 */
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "fuzz/lockstep.h"
#include "fuzz/run.h"
#include "fuzz/seq.h"

#define PROBES_MAX 32

static struct lockstep ls;
static struct fz_rec hist[FZ_ACTIONS_MAX];
static unsigned int nhist;
static unsigned int mark;		/* the history's first action of the current step */
static uint8_t bypass0;
static struct fz_edu edu[2];
static uint64_t consulted[MODEL_TRACE_WORDS];
static struct fz_div divs[FZ_DIVS_MAX];
static unsigned int ndivs;
static enum mutant accepted[FZ_DIVS_MAX];
static unsigned int naccepted;

const struct fz_div *fz_divergences(unsigned int *n)
{
	*n = ndivs;
	return divs;
}

const struct fz_rec *fz_history(unsigned int *n)
{
	*n = nhist;
	return hist;
}

/* edu's buffer: FZ_PATTERN, read through a mapping on a device reset after. */
static void prime(const struct fz_env *env, unsigned int k)
{
	struct fixture *fx = env->fx;
	struct dma_endpoint *d = fx->ep[env->dma_ep[k]].dma;
	uint32_t dom = env->doms[0];
	uint64_t iova = env->iova_base;
	bool ok;

	memset(&edu[k], 0, sizeof(edu[k]));
	fz_pool_fill(env, FZ_PATTERN);
	ok = viommu_attach(&fx->v, dom, fx->ep[env->dma_ep[k]].id, 0) == VIRTIO_IOMMU_S_OK &&
	     viommu_map(&fx->v, dom, iova, iova + env->page - 1, env->pool_pa,
			VIRTIO_IOMMU_MAP_F_READ) == VIRTIO_IOMMU_S_OK &&
	     d->ops->read(d, iova, FZ_DMA_LEN) == DMA_DONE;
	for (unsigned int i = 0; i < FZ_DMA_LEN; i++) {
		edu[k].byte[i] = FZ_PATTERN;
		edu[k].known[i] = ok;
	}
}

static bool edu_known(unsigned int k)
{
	for (unsigned int i = 0; i < FZ_DMA_LEN; i++)
		if (edu[k].known[i])
			return true;
	return false;
}

/* What a read left in edu's buffer: the pool's bytes where it read, else unknown. */
static void edu_after(const struct fz_step *s, const struct fz_obs *pred, bool agreed)
{
	struct fz_edu *e = &edu[s->ep & 1];

	for (unsigned int i = 0; i < FZ_DMA_LEN && s->kind == FZ_DMA && s->ep != FZ_EP_RNG; i++) {
		if (!agreed)
			e->known[i] = false;
		if (s->write || !agreed)
			continue;
		e->known[i] = pred->rd_mask >> i & 1;
		e->byte[i] = FZ_PATTERN;
	}
}

static bool action(const struct fz_env *env, const struct fz_step *given, bool probe,
		   struct fz_div *div);

/* A device that stopped (DEVICE_NEEDS_RESET) is reset and set up again. */
static bool restart_after(const struct fz_env *env, const struct fz_rec *r, struct fz_div *div)
{
	struct fz_step reset = { .kind = FZ_RESET };

	if ((r->st != FZ_ST_RESET && !r->stopped) || r->s.kind == FZ_RESET)
		return true;
	return action(env, &reset, true, div);
}

/*
 * Each generated step, before the device sees it: the runner keeps the
 * last one (not streamed) and names it when the device crashes the VM.
 */
static void say_sending(const struct fz_env *env, const struct fz_step *s)
{
	static char text[200];

	fz_print(env, s, text, sizeof(text));
	printf("# sending: %s\n", text);
}

static bool action(const struct fz_env *env, const struct fz_step *given, bool probe,
		   struct fz_div *div)
{
	static struct fz_obs pred, dev;
	static const struct fz_edu none;	/* the virtio-rng: no buffer of the run's */
	struct fz_step s = *given;
	const struct fz_edu *e = s.kind == FZ_DMA && s.ep == FZ_EP_RNG ? &none : &edu[s.ep & 1];
	struct fz_rec *r = &hist[nhist < FZ_ACTIONS_MAX ? nhist : FZ_ACTIONS_MAX - 1];
	bool ok;

	fz_resolve(env, &s);
	if (!probe)
		say_sending(env, given);
	ls_predict(&ls, &s, e, &pred);
	memset(&dev, 0, offsetof(struct fz_obs, in));
	if (s.kind == FZ_DMA && pred.wr_outside)
		dev.st = FZ_ST_SKIPPED;
	else
		fz_device(env, &s, pred.nev, &dev);
	fz_record(env, &s, probe, &dev, r);
	r->edu = *e;
	nhist += nhist < FZ_ACTIONS_MAX;
	ok = ls_step(&ls, &s, e, r);
	edu_after(&s, &pred, ok);
	if (ok)
		return restart_after(env, r, div);
	div->action = nhist - 1;
	div->rec = *r;
	fz_match(env, &s, &pred, r, div->why, sizeof(div->why));
	/* Unexplained, it cites every decision the model took for the step and its probes. */
	memcpy(div->trace, ls.mark_trace, sizeof(div->trace));
	div->accepted = ls_accept(&ls, &hist[mark], nhist - mark);
	if (ndivs < FZ_DIVS_MAX)
		divs[ndivs++] = *div;
	if (div->accepted == MUT_NONE || naccepted == FZ_DIVS_MAX)
		return false;
	accepted[naccepted++] = div->accepted;
	return restart_after(env, r, div);
}

/* What the oracle learnt of the device and no conforming device shows: a divergence first. */
static void learnt(const struct fz_env *env)
{
	struct fz_div *d = &divs[0];

	if (!env->bad_why[0])
		return;
	memset(d, 0, sizeof(*d));
	d->rec.s.kind = FZ_READCFG;
	d->rec.probe = true;
	d->accepted = MUT_NONE;
	d->learnt = true;
	snprintf(d->why, sizeof(d->why), "%s", env->bad_why);
	memcpy(d->trace, env->bad, sizeof(d->trace));
	ndivs = 1;
}

/* Step i and the state probes after it; false when the sequence must end. */
static bool step(const struct fz_env *env, const struct fz_step *s, unsigned int i)
{
	static struct fz_step probes[PROBES_MAX];
	struct fz_div cur = { .step = i };
	struct fz_step sent = *s;
	unsigned int np;

	ls_mark(&ls);
	mark = nhist;
	if (!action(env, s, false, &cur))
		return false;
	if (s->kind == FZ_DMA)
		return true;
	fz_resolve(env, &sent);	/* the probes look at the addresses it used */
	np = fz_state_probes(env, &ls, &sent, probes, PROBES_MAX);
	for (unsigned int k = 0; k < np; k++)
		if (!action(env, &probes[k], true, &cur))
			return false;
	return true;
}

static const struct fz_step initial_reset = { .kind = FZ_RESET };

/* No device to run on, or no memory for the oracle: never "agreed". */
static bool no_start(struct fz_div *div)
{
	memset(&divs[0], 0, sizeof(divs[0]));
	divs[0].rec.s.kind = FZ_RESET;
	divs[0].learnt = true;
	snprintf(divs[0].why, sizeof(divs[0].why), "no sequence could start: the device "
		 "was not set up again after a reset, or the oracle had no memory");
	ndivs = 1;
	*div = divs[0];
	return false;
}

static bool finish(struct fz_div *div)
{
	for (unsigned int w = 0; w < MODEL_TRACE_WORDS; w++)
		consulted[w] |= ls.seq_trace[w];
	for (unsigned int k = 0; k < ndivs; k++)
		snprintf(divs[k].followed, sizeof(divs[k].followed), "%s", ls.followed);
	if (ndivs)
		*div = divs[0];
	return !ndivs;
}

bool fz_run(const struct fz_env *env, struct fz_step *steps, unsigned int n, uint64_t *rng,
	    unsigned int dma_budget, struct fz_div *div)
{
	struct fixture *fx = env->fx;

	memset(div, 0, sizeof(*div));
	nhist = ndivs = naccepted = 0;
	for (unsigned int k = 0; k < 2 && env->dma; k++)
		if (env->dma_ep[k] >= 0 && !edu_known(k) &&
		    fx_init(fx, env->features, "", "sequences: device reset"))
			prime(env, k);
	if (!fx_init(fx, env->features, "GEN-1", "sequences: device reset") ||
	    !ls_init(&ls, env, bypass0 = viommu_read_bypass(&fx->v), MUT_NONE))
		return no_start(div);
	learnt(env);
	/* A device reset first, and the state probes after it: nothing may be left. */
	if (step(env, &initial_reset, 0)) {
		for (unsigned int i = 0; i < n; i++) {
			if (rng)
				fz_generate(env, &ls, rng, i, &dma_budget, &steps[i]);
			if (!step(env, &steps[i], i))
				break;
		}
	}
	return finish(div);
}

bool fz_run_resumed(const struct fz_env *env, const struct fz_step *steps, unsigned int n,
		    uint8_t bypass, struct fz_div *div)
{
	memset(div, 0, sizeof(*div));
	memset(edu, 0, sizeof(edu));
	nhist = ndivs = naccepted = 0;
	if (!n || !ls_init(&ls, env, bypass0 = bypass, MUT_NONE))
		return no_start(div);
	/* The boot before: its reset and steps, where the device agreed (or it would have ended). */
	ls_follow(&ls, &initial_reset, &edu[0]);
	for (unsigned int i = 0; i + 1 < n; i++)
		ls_follow(&ls, &steps[i], &edu[steps[i].ep & 1]);
	step(env, &steps[n - 1], n - 1);
	return finish(div);
}

/*
 * Replays the record with the oracle alone, as mutant mu, and every
 * deviation accepted but `but`: true when it agrees throughout.
 */
static bool agrees_as(const struct fz_env *env, enum mutant mu, enum mutant but)
{
	if (!ls_init(&ls, env, bypass0, mu))
		return false;
	for (unsigned int k = 0; k < naccepted; k++)
		if (accepted[k] != but)
			ls_add_mutant(&ls, accepted[k]);
	for (unsigned int i = 0; i < nhist; i++)
		if (!ls_step(&ls, &hist[i].s, &hist[i].edu, &hist[i]))
			return false;
	return true;
}

/* Appends each ID of the comma-separated list that buf lacks. */
static void add_ids(char *buf, unsigned int size, const char *list)
{
	while (*list) {
		const char *comma = strchr(list, ',');
		unsigned int n = comma ? (unsigned int)(comma - list) : (unsigned int)strlen(list);
		unsigned int len = (unsigned int)strlen(buf);
		char id[24];

		snprintf(id, sizeof(id), "%.*s", (int)n, list);
		if (!fz_has_id(buf, id) && len + n + 2 < size)
			snprintf(buf + len, size - len, "%s%s", len ? "," : "", id);
		list += n + (comma != NULL);
	}
}

bool fz_has_id(const char *list, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = list; (p = strstr(p, id)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

void fz_consulted_clear(void)
{
	memset(consulted, 0, sizeof(consulted));
}

void fz_consulted(char *ids, unsigned int size)
{
	ids[0] = '\0';
	for (int mu = 1; mu < MUT_COUNT; mu++)
		if (consulted[mu / 64] >> (mu % 64) & 1)
			add_ids(ids, size, mutant_info((enum mutant)mu)->ids);
}

static void accepted_ids(const struct fz_div *div, char *ids, unsigned int size, char *names,
			 unsigned int nsize)
{
	snprintf(ids, size, "%s", mutant_info(div->accepted)->ids);
	snprintf(names, nsize, "%s", mutant_info(div->accepted)->name);
}

void fz_explain(const struct fz_env *env, const struct fz_div *div, bool replay, char *ids,
		unsigned int size, char *names, unsigned int nsize)
{
	uint64_t seen[MODEL_TRACE_WORDS];
	unsigned int nl = 0;

	ids[0] = names[0] = '\0';
	/*
	 * The deviation accepted at the step explains the step alone; a replay
	 * of the whole record can tell more (a report lost every second time
	 * is not "never reported"): the replay first, when asked.
	 */
	if (div->accepted != MUT_NONE && !replay) {
		accepted_ids(div, ids, size, names, nsize);
		return;
	}

	if (div->learnt)
		replay = false;
	memcpy(seen, ls.seq_trace, sizeof(seen));
	for (unsigned int w = 0; w < MODEL_TRACE_WORDS; w++)
		seen[w] |= div->trace[w];
	ids[0] = names[0] = '\0';
	for (int mu = 1; mu < MUT_COUNT; mu++) {
		const struct mutant_info *mi = mutant_info((enum mutant)mu);

		if (!replay || !(seen[mu / 64] >> (mu % 64) & 1) ||
		    !agrees_as(env, (enum mutant)mu, div->accepted))
			continue;
		add_ids(ids, size, mi->ids);
		if (nl < nsize)
			nl += (unsigned int)snprintf(names + nl, nsize - nl, "%s%s", nl ? ", " : "",
						     mi->name);
	}
	if (ids[0])
		return;
	if (div->accepted != MUT_NONE) {
		accepted_ids(div, ids, size, names, nsize);
		return;
	}
	/* Nothing explains it: every statement the model consulted at the divergence. */
	for (int mu = 1; mu < MUT_COUNT; mu++) {
		const struct mutant_info *mi = mutant_info((enum mutant)mu);

		if (div->trace[mu / 64] >> (mu % 64) & 1)
			add_ids(ids, size, mi->ids);
	}
}
