// SPDX-License-Identifier: MIT
/*
 * harness_main(): the one main loop of the conformance suite, for the guest
 * and for the host run against the model.  It turns a harness target into
 * the tests' fixture and hands the test table to the suite runner.
 */
#include <stdio.h>
#include <faultline/harness.h>
#include "fuzz/api.h"
#include "harness/suite.h"
#include "harness/tap.h"
#include "tests/fixture.h"

unsigned int suite_collect(struct test *out);

static struct fixture fixture;
static struct test tests[256];
static const struct harness_target *target;

static void build_fixture(const struct harness_target *t)
{
	fixture = (struct fixture){ .t = t->iommu };
	for (unsigned int i = 0; i < t->nep && i < FX_MAX_ENDPOINTS; i++) {
		struct endpoint *ep = &fixture.ep[fixture.nep++];

		ep->id = t->ep[i].id;
		snprintf(ep->kind, sizeof(ep->kind), "%s", t->ep[i].kind);
		snprintf(ep->name, sizeof(ep->name), "%s", t->ep[i].name);
		ep->dma = t->ep[i].dma;
	}
}

static void describe(struct fixture *fx)
{
	printf("# virtio-iommu: %s\n", fx->t->name);
	if (target->describe)
		target->describe();
	for (unsigned int i = 0; i < fx->nep; i++)
		printf("# endpoint 0x%x: %s\n", fx->ep[i].id, fx->ep[i].name);
}

/* How much the fault tests made the device report, and how many transfers
 * the endpoints made, in this boot (measures of the run, not verdicts). */
static void summary(struct fixture *fx)
{
	printf("# eventq: %lu reports received, %u faults checked field by field\n",
	       fx->ev.received, fx->faults_checked);
	printf("# dma:");
	for (unsigned int i = 0; i < fx->nep; i++)
		printf("%s %s %lu transfers", i ? "," : "", fx->ep[i].name,
		       fx->ep[i].dma ? fx->ep[i].dma->transfers : 0);
	printf("\n");
	if (fx->reset_leftovers)
		printf("# isolation: %u times the device reset had left domains "
		       "(DETACH ends them, or a fresh VM)\n", fx->reset_leftovers);
}

int harness_main(const struct harness_target *t, int argc, char **argv)
{
	struct suite_opts o;
	struct suite s = {
		.image = t->image,
		.tests = tests,
		.setup = fx_setup,
		.after = fx_after,
		.fx = &fixture,
		.describe = describe,
		.summary = summary,
	};

	target = t;
	tap_reset();
	suite_parse_args(argc, argv, &o);
	fz_args(argc, argv);
	o.reboot = o.reboot || t->may_reset;
	s.count = suite_collect(tests);
	if (!t->iommu && !o.probe && !o.list) {
		tap_header(s.image, "");
		tap_bail("%s", t->missing ? t->missing : "no virtio-iommu device");
		return 2;
	}
	build_fixture(t);
	return suite_main(&s, &o);
}

unsigned int harness_fresh_from(void)
{
	return suite_fresh_from();
}
