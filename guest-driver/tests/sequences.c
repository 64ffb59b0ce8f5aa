// SPDX-License-Identifier: MIT
/*
 * Model-checked random request sequences (guest-driver/fuzz): a seeded run
 * in lockstep with the reference model, and the minimal reproducers it has
 * found, kept as regression rows exactly as the run printed them
 * ("regression row: ..."): statements, then the steps.
 */
#include "fuzz/api.h"
#include "tests/fixture.h"

static void random_sequences(struct fixture *fx)
{
	if (fz_disabled()) {
		skip("", "sequences: random requests", "fuzz=off");
		return;
	}
	fz_random(fx);
}

static const struct {
	const char *ids, *steps;
} rows[] = {
	{ "DEV-ATT-8,DEV-MAP-4,DEV-UNMAP-5",
	  "attach dom=1 ep=0x10 flags=0x0; map dom=1 [0x100000,0x100fff] phys=P+0x0 flags=0x3; "
	  "unmap dom=1 [0x100000,0x100fff]; detach dom=1 ep=0x10" },
};

static void regressions(struct fixture *fx)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++)
		fz_regression(fx, rows[i].ids, rows[i].steps);
}

const struct test sequences_tests[] = {
	{ "sequences.random", "GEN-1", random_sequences },
	{ "sequences.regressions", "GEN-1", regressions },
};
const unsigned int sequences_count = ARRAY_SIZE(sequences_tests);
