// SPDX-License-Identifier: MIT
/*
 * The conformance suite on the host, against the reference model: the host
 * counterpart of guest-driver/main.c through the public harness (same tests);
 * the transport is the model and the endpoints are the model's.
 *
 *   model-suite [--choice K=V[,K=V...]]... [--mutant NAME] [from=N] [filter=PAT] [list]
 *   model-suite --list-choices | --list-mutants | --sweep
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <faultline/harness.h>
#include <faultline/rt.h>
#include "host_rt.h"
#include "model/model.h"

#define MAX_SUITE_ARGS 8

static void describe(void);
static struct harness_target target = { .image = "model", .describe = describe, .may_reset = true };
static jmp_buf restart;

/* rt_system_reset on the host: the program starts over (main resets the model). */
static _Noreturn void system_reset(void)
{
	longjmp(restart, 1);
}

struct opts {
	struct model_cfg cfg;
	enum mutant mutant;
	char choices[512];	/* as given, for the description */
	char *suite_argv[MAX_SUITE_ARGS];
	int suite_argc;
};

static void usage(void)
{
	fprintf(stderr, "usage: model-suite [--choice K=V[,K=V...]]... [--mutant NAME] "
		"[from=N] [filter=PAT] [list]\n"
		"       model-suite --list-choices | --list-mutants | --sweep\n");
}

static void print_setting(const char *setting, const char *warn_ids)
{
	printf("%s\t%s\n", setting[0] ? setting : "-", warn_ids);
}

/* Listing options print and exit: returns -1 when argv[i] is not one. */
static int listing(const char *a)
{
	if (!strcmp(a, "--list-choices"))
		choices_list();
	else if (!strcmp(a, "--list-mutants"))
		mutants_list();
	else if (!strcmp(a, "--sweep"))
		choices_sweep(print_setting);
	else
		return -1;
	return 0;
}

static bool add_choice(struct opts *o, const char *spec)
{
	size_t len = strlen(o->choices);

	snprintf(o->choices + len, sizeof(o->choices) - len, "%s%s", len ? "," : "", spec);
	return choices_parse(&o->cfg, spec);
}

static bool set_mutant(struct opts *o, const char *name)
{
	o->mutant = mutant_find(name);
	if (o->mutant == MUT_NONE) {
		fprintf(stderr, "model-suite: no mutant '%s' (see --list-mutants)\n", name);
		return false;
	}
	/* The mutant's setting first: explicit choices may add to it. */
	return add_choice(o, mutant_info(o->mutant)->setting);
}

/* Returns -1 to go on, else the exit code. */
static int parse(int argc, char **argv, struct opts *o)
{
	choices_default(&o->cfg);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool ok = true;

		if (listing(a) == 0)
			return 0;
		if (!strcmp(a, "--choice") && i + 1 < argc)
			ok = add_choice(o, argv[++i]);
		else if (!strcmp(a, "--mutant") && i + 1 < argc)
			ok = set_mutant(o, argv[++i]);
		else if (a[0] != '-' && o->suite_argc < MAX_SUITE_ARGS)
			o->suite_argv[o->suite_argc++] = argv[i];
		else
			ok = false;
		if (!ok) {
			usage();
			return 2;
		}
	}
	return -1;
}

static const char *described_choices;
static enum mutant described_mutant;

static void describe(void)
{
	printf("# choices: %s\n", described_choices[0] ? described_choices : "defaults");
	if (described_mutant != MUT_NONE)
		printf("# mutant: %s [%s] %s\n", mutant_info(described_mutant)->name,
		       mutant_info(described_mutant)->ids, mutant_info(described_mutant)->desc);
}

static void build_target(struct model *m)
{
	static char names[HARNESS_MAX_ENDPOINTS][24];

	target.iommu = model_transport(m);
	target.nep = model_endpoint_count(m);
	for (unsigned int i = 0; i < target.nep; i++) {
		const char *kind = model_endpoint_kind(m, i);
		uint32_t id = model_endpoint_id(m, i);

		snprintf(names[i], sizeof(names[i]), "%s model:%02x", kind, id);
		target.ep[i] = (struct harness_endpoint){
			.id = id, .kind = kind, .name = names[i], .dma = model_endpoint_dma(m, i),
		};
	}
}

/*
 * The suite asked for a fresh VM (harness_fresh_from): the model at power-on,
 * the suite again from that test, as the runner does with QEMU.
 */
static int fresh_runs(struct model *m, struct opts *o, int rc)
{
	static char from[24];
	unsigned int next;

	while ((next = harness_fresh_from()) && o->suite_argc < MAX_SUITE_ARGS) {
		int again;

		static const uint8_t cmos[RT_KEEP_SIZE];	/* a fresh VM's: nothing kept */

		printf("# test %u runs in a fresh VM (the model at power-on)\n", next);
		model_system_reset(m);
		rt_keep_store(cmos);
		snprintf(from, sizeof(from), "from=%u", next);
		o->suite_argv[o->suite_argc] = from;
		again = harness_main(&target, o->suite_argc + 1, o->suite_argv);
		rc = again > rc ? again : rc;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static struct opts o;
	struct model *m;
	int rc = parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	m = model_new(&o.cfg, o.mutant);
	if (!m) {
		target.missing = "out of memory for the model";
		return harness_main(&target, o.suite_argc, o.suite_argv);
	}
	described_choices = o.choices;
	described_mutant = o.mutant;
	build_target(m);
	rt_on_system_reset(system_reset);
	/* A system reset starts the program over, the model at power-on. */
	if (setjmp(restart))
		model_system_reset(m);
	rc = harness_main(&target, o.suite_argc, o.suite_argv);
	return fresh_runs(m, &o, rc);
}
