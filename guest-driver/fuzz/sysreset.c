// SPDX-License-Identifier: MIT
/*
 * A sequence across a system reset (the reset group's test, DEV-CFG-5): a
 * short program drawn from the seed alone, so that the boot after the
 * reset draws it again; run in lockstep up to its last step, the system
 * reset.  The machine keeps which program it was and what bypass read at
 * power-on and at the start; the boot after it follows the program on the
 * oracle, then runs the reset's state probes on the device: bypass back at
 * its power-on value, nothing left of the domains.  A replay would cost a
 * boot: the program is short and reported as drawn.
 */
#include <stdio.h>
#include <string.h>
#include "fuzz/run.h"
#include "fuzz/seq.h"
#include "harness/reset.h"
#include "harness/tap.h"

enum { K_TAG, K_SEQ, K_POWER, K_START };
#define TAG 'S'
#define PROG_MAX 4
#define DESC "sequences: a system reset"

static void req(struct fz_step *s, uint8_t type, uint32_t dom, uint32_t ep)
{
	s->kind = FZ_REQ;
	s->type = type;
	s->dom = dom;
	s->ep = ep;
}

/* Program k: bypass written, perhaps an endpoint attached and a mapping, the reset. */
static unsigned int program(const struct fz_env *env, unsigned int k, struct fz_step *s)
{
	uint64_t rng = fz_opts()->seed * 0x9e3779b97f4a7c15ull + 0x5e75e7u + k;
	unsigned int n = 0, r = (unsigned int)(fz_rng(&rng) >> 32);

	memset(s, 0, PROG_MAX * sizeof(*s));
	/* Mostly the other value; else one the device must refuse or ignore (DEV-CFG-6). */
	s[n].kind = FZ_BYPASS;
	s[n++].value = r % 4 ? !env->power_bypass : (uint8_t)(2 + r / 4 % 254);
	if (r >> 8 & 1) {
		req(&s[n++], VIRTIO_IOMMU_T_ATTACH, env->doms[0], env->eps[0]);
		if (r >> 9 & 1) {
			req(&s[n], VIRTIO_IOMMU_T_MAP, env->doms[0], 0);
			s[n].start = env->iova_base;
			s[n].end = env->iova_base + env->page - 1;
			s[n++].flags = VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE;
		}
	}
	s[n++].kind = FZ_SYSRESET;
	return n;
}

static void report(const struct fz_env *env, const struct fz_step *s, unsigned int n,
		   const struct fz_div *d)
{
	static char ids[256], names[256];

	fz_explain(env, d, true, ids, sizeof(ids), names, sizeof(names));
	fz_report(env, "a sequence across a system reset", s, n, s, n, d, ids, names);
}

static void passed(void)
{
	static char ids[320];

	fz_consulted(ids, sizeof(ids));
	check_that(MUST, ids, true, "sequences: across a system reset, the device agrees with the "
		   "reference model", "", "%s", "");
}

/* The boot after the reset: the program again, its last step done. */
static void resume(struct fz_env *env, const uint8_t data[SUITE_RESET_DATA])
{
	static struct fz_step steps[PROG_MAX];
	struct fz_div div;
	unsigned int n;

	env->power_bypass = data[K_POWER];
	env->resumed = true;
	n = program(env, data[K_SEQ], steps);
	if (fz_run_resumed(env, steps, n, data[K_START], &div))
		passed();
	else
		report(env, steps, n, &div);
}

void fz_sysreset(struct fixture *fx)
{
	static struct fz_step steps[PROG_MAX];
	static struct fz_env env;
	uint8_t data[SUITE_RESET_DATA];
	struct fz_div div;
	unsigned int n;

	if (fz_disabled()) {
		skip("GEN-1", DESC, "fuzz=off");
		return;
	}
	if (!fz_env_init(&env, fx)) {
		fail_setup("GEN-1", DESC, "no memory for the pool of DMA targets");
		return;
	}
	if (suite_after_reset(data) && data[K_TAG] == TAG) {
		resume(&env, data);
		return;
	}
	n = program(&env, 0, steps);
	memset(env.keep, 0, sizeof(env.keep));
	env.keep[K_TAG] = TAG;
	env.keep[K_POWER] = env.power_bypass;
	env.keep[K_START] = viommu_read_bypass(&fx->v);	/* fz_run's device reset keeps it */
	printf("# sequences: across a system reset, seed %llu program 0 (%u steps)\n",
	       (unsigned long long)fz_opts()->seed, n);
	/* Returns only when the device diverged before the reset. */
	if (!fz_run(&env, steps, n, NULL, 0, &div))
		report(&env, steps, n, &div);
	else
		fail_setup("GEN-1", DESC, "the machine did not reset");
}
