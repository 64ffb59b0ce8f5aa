// SPDX-License-Identifier: MIT
/*
 * A run of random sequences: the seed first, then sequences of FZ_SEQ_LEN
 * steps until the step budget (or the time) is spent.  Sequence k of seed S
 * draws from its own stream, so "seed S sequence k" is a reproducer.  Each
 * new divergence is shrunk, explained and reported once, at the level of
 * the statements it is reported under; the run goes on with the next
 * sequence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <faultline/rt.h>
#include "fuzz/run.h"
#include "harness/tap.h"
#include "fuzz/seq.h"

#define SIGS_MAX	16
/* Each replay resets the device and replays the steps: bounded, more in a fuzz run. */
#define SHRINK_RUNS	(opts.given ? 64 : 8)
#define SHRINK_NS	(opts.given ? 30 * RT_NSEC_PER_SEC : RT_NSEC_PER_SEC)

static struct fz_opts opts = { .seed = FZ_DEFAULT_SEED, .steps = FZ_DEFAULT_STEPS,
				.dma = FZ_DEFAULT_DMA };

void fz_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		char *end;

		if (strncmp(a, "fuzz=", 5))
			continue;
		if (!strcmp(a + 5, "off")) {
			opts.off = true;
			continue;
		}
		opts.seed = strtoull(a + 5, &end, 0);
		opts.steps = *end == ',' ? (unsigned int)strtoul(end + 1, &end, 0) : opts.steps;
		opts.seconds = *end == ',' ? (unsigned int)strtoul(end + 1, &end, 0) : 0;
		opts.dma = *end == ',' ? (unsigned int)strtoul(end + 1, &end, 0) : opts.dma;
		opts.given = true;
	}
}

const struct fz_opts *fz_opts(void)
{
	return &opts;
}

bool fz_disabled(void)
{
	return opts.off;
}

bool fz_budget_given(void)
{
	return opts.given;
}

static void print_steps(const struct fz_env *env, const char *title, const struct fz_step *s,
			unsigned int n)
{
	char line[200];

	tap_diag("%s (%u steps):", title, n);
	for (unsigned int i = 0; i < n; i++) {
		fz_print(env, &s[i], line, sizeof(line));
		tap_diag("  %2u: %s", i + 1, line);
	}
}

/* The steps as one row: "step; step; ...". */
static void row(const struct fz_env *env, const struct fz_step *s, unsigned int n, char *buf,
		unsigned int size)
{
	unsigned int len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n && len + 4 < size; i++) {
		if (i)
			len += (unsigned int)snprintf(buf + len, size - len, "; ");
		len += (unsigned int)fz_print(env, &s[i], buf + len, size - len);
	}
}

static enum level level_of(const char *ids)
{
	const char *l = fz_level(ids);

	/* A device outside every allowed behaviour of a MAY contradicts it: a warning. */
	return !strcmp(l, "MUST") ? MUST : !strcmp(l, "descriptive") ? DESCR : SHOULD;
}

void fz_report(const struct fz_env *env, const char *what, const struct fz_step *orig,
	       unsigned int norig, const struct fz_step *min, unsigned int nmin,
	       const struct fz_div *div, const char *ids, const char *names)
{
	static char seq[1024], act[200];
	struct check c = { .level = level_of(ids), .ids = ids };

	fz_print(env, &div->rec.s, act, sizeof(act));
	row(env, min, nmin, seq, sizeof(seq));
	check_desc(&c, "sequences: %s diverges from the reference model at %s%s", what,
		   div->rec.probe ? "the state probe " : "", act);
	check_sent(&c, "%s", seq);
	check_expected(&c, "the answer of the reference model (or of a choice it allows)");
	check_observed(&c, "%s", div->why);
	check_end(&c, false);
	if (c.level != MUST)
		tap_diag("observed: %s", div->why);
	print_steps(env, "as generated", orig, norig);
	print_steps(env, "minimal", min, nmin);
	tap_diag("regression row: { \"%s\", \"%s\" },", ids, seq);
	if (names[0])
		tap_diag("explained: the model agrees throughout when it plays %s", names);
	else
		tap_diag("no single decision of the model explains it: cited are the statements "
			 "of every decision the model took for that action");
	if (div->followed[0])
		tap_diag("open choices the device made: %s", div->followed);
}

/* The signatures of the deviations this part reported. */
static char sigs[SIGS_MAX][300];
static unsigned int nsigs;

/* A signature, so that one deviation is reported once however often it is hit. */
static bool seen_before(const struct fz_div *div, const char *ids)
{
	char sig[300];

	if (div->accepted != MUT_NONE)
		snprintf(sig, sizeof(sig), "%s", mutant_info(div->accepted)->name);
	else
		snprintf(sig, sizeof(sig), "%u/%u/%u %s", div->rec.s.kind, div->rec.s.type,
			 div->rec.probe, ids);
	for (unsigned int i = 0; i < nsigs; i++)
		if (!strcmp(sigs[i], sig))
			return true;
	if (nsigs < SIGS_MAX)
		snprintf(sigs[nsigs++], sizeof(sigs[0]), "%s", sig);
	return false;
}

/* One new divergence: shrunk from the generated steps, explained, reported. */
static void shrink_report(const struct fz_env *env, unsigned int k, const struct fz_step *orig,
			  struct fz_div *d)
{
	static struct fz_step steps[FZ_STEPS_MAX];
	static char ids[256], names[256];
	unsigned int n = d->step + 1, norig = n;
	char what[64];

	/* A default run shrinks by replays alone, no clock: the same seed gives
	 * the same report on every machine (expectations hold it). */
	memcpy(steps, orig, n * sizeof(steps[0]));
	fz_shrink(env, steps, &n, d, SHRINK_RUNS, opts.given ? SHRINK_NS : UINT64_MAX / 2);
	fz_explain(env, d, true, ids, sizeof(ids), names, sizeof(names));
	seen_before(d, ids);	/* hit again, it is known by its minimal form too */
	snprintf(what, sizeof(what), "seed %llu sequence %u", (unsigned long long)opts.seed, k);
	fz_report(env, what, orig, norig, steps, n, d, ids, names);
}

/* One sequence of the run; returns the steps it ran, *found counts new divergences. */
static unsigned int one(struct fz_env *env, unsigned int k, unsigned int len,
			unsigned int dma, unsigned int *found, unsigned int *hit, unsigned int *actions)
{
	static struct fz_step steps[FZ_STEPS_MAX];
	static struct fz_div mine[FZ_DIVS_MAX];
	static char ids[256], names[256];
	uint64_t rng = opts.seed * 0x9e3779b97f4a7c15ull + k + 1;
	unsigned int nh, nd, ran = len;
	const struct fz_div *all;
	struct fz_div first;
	bool agreed;

	fz_env_domains(env, k);
	env->plan = k;
	agreed = fz_run(env, steps, len, &rng, dma, &first);

	fz_history(&nh);
	*actions += nh;
	if (agreed)
		return len;
	(*hit)++;
	all = fz_divergences(&nd);
	memcpy(mine, all, nd * sizeof(mine[0]));
	if (mine[nd - 1].accepted == MUT_NONE && !mine[nd - 1].learnt)
		ran = mine[nd - 1].step + 1;
	for (unsigned int i = 0; i < nd; i++) {
		fz_explain(env, &mine[i], false, ids, sizeof(ids), names, sizeof(names));
		if (seen_before(&mine[i], ids))
			continue;
		(*found)++;
		shrink_report(env, k, steps, &mine[i]);
	}
	return ran;
}

void fz_random(struct fixture *fx, unsigned int part, unsigned int parts)
{
	struct fz_env env;
	unsigned int steps = 0, found = 0, hit = 0, actions = 0, k = part, budget = opts.steps / parts;
	unsigned int len = FZ_SEQ_LEN, dma = opts.dma;
	uint64_t t0 = rt_clock_ns(), limit = (uint64_t)opts.seconds * RT_NSEC_PER_SEC / parts;

	if (!fz_env_init(&env, fx)) {
		fail_setup("", "sequences", "no memory for the pool of DMA targets");
		return;
	}
	env.dma = true;
	/* What it reports and cites is the part's own, as if it ran in a VM alone. */
	nsigs = 0;
	fz_consulted_clear();
	printf("# sequences: seed %llu, part %u of %u: %u steps%s in sequences of %u, %u DMA "
	       "per sequence\n", (unsigned long long)opts.seed, part + 1, parts, budget,
	       limit ? " or the time" : "", len, dma);
	while ((!budget || steps < budget) && (!limit || rt_clock_ns() - t0 < limit) &&
	       (budget || limit)) {
		steps += one(&env, k, len, dma, &found, &hit, &actions);
		k += parts;
	}
	t0 = rt_clock_ns() - t0;
	printf("# sequences: %u steps, %u actions with probes, %u sequences in %llu ms: "
	       "%llu steps/s, %u new divergences, %u sequences diverged\n", steps, actions,
	       (k - part) / parts, (unsigned long long)(t0 / RT_NSEC_PER_MSEC),
	       (unsigned long long)(t0 ? steps * RT_NSEC_PER_SEC / t0 : 0), found, hit);
	if (hit && !found)
		printf("# sequences: every divergence of this part was reported before\n");
	if (!hit) {
		static char ids[320];

		fz_consulted(ids, sizeof(ids));
		check_that(MUST, ids, true, "sequences: random requests agree with the reference "
			   "model", "", "%s", "");
	}
}

void fz_regression(struct fixture *fx, const char *ids, const char *text)
{
	static struct fz_step steps[FZ_STEPS_MAX];
	static char names[256], cited[256];
	struct fz_env env;
	struct fz_div div;
	int n = fz_parse(text, steps, FZ_STEPS_MAX);
	char what[48];

	if (n <= 0 || !fz_env_init(&env, fx)) {
		fail_setup(ids, "sequences: regression", "cannot parse or set up: %s", text);
		return;
	}
	env.dma = true;
	env.bad_why[0] = '\0';	/* the random run reports those; a row is about its steps */
	if (!viommu_negotiated(&fx->v, VIRTIO_IOMMU_F_PROBE)) {
		/* Rows come from devices with PROBE: their steps may meet reserved regions. */
		skip(ids, "sequences: regression", "PROBE not negotiated: the oracle does not "
		     "know the reserved regions the steps may meet: %s", text);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (steps[i].kind == FZ_SYSRESET) {
			skip(ids, "sequences: regression", "a system reset: only the reset group's "
			     "test may reset the machine: %s", text);
			return;
		}
		if (steps[i].kind == FZ_DMA && (steps[i].ep > FZ_EP_RNG ||
		    (steps[i].ep == FZ_EP_RNG ? env.rng_ep : env.dma_ep[steps[i].ep]) < 0)) {
			skip(ids, "sequences: regression", "no DMA endpoint %u for: %s", steps[i].ep,
			     text);
			return;
		}
	}
	if (fz_run(&env, steps, (unsigned int)n, NULL, (unsigned int)n, &div)) {
		check_that(MUST, ids, true, "sequences: regression agrees with the reference model",
			   "", "%s", "");
		tap_diag("steps: %s", text);
		return;
	}
	fz_explain(&env, &div, true, cited, sizeof(cited), names, sizeof(names));
	snprintf(what, sizeof(what), "a regression row");
	fz_report(&env, what, steps, (unsigned int)n, steps, (unsigned int)n, &div, ids, names);
}
