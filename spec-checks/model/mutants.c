// SPDX-License-Identifier: MIT
/* The mutant table, built from MUTANTS() in mutants.h. */
#include <stdio.h>
#include <string.h>
#include "mutants.h"

static const struct mutant_info table[MUT_COUNT] = {
	[MUT_NONE] = { "none", "", "", "the faithful model" },
#define MUTANT_ROW(id, name, ids, setting, desc) [MUT_##id] = { name, ids, setting, desc },
	MUTANTS(MUTANT_ROW)
#undef MUTANT_ROW
};

enum mutant mutant_find(const char *name)
{
	for (int m = 1; m < MUT_COUNT; m++)
		if (!strcmp(table[m].name, name))
			return (enum mutant)m;
	return MUT_NONE;
}

const struct mutant_info *mutant_info(enum mutant m)
{
	return &table[m < MUT_COUNT ? m : MUT_NONE];
}

void mutants_list(void)
{
	for (int m = 1; m < MUT_COUNT; m++)
		printf("%s\t%s\t%s\t%s\n", table[m].name,
		       table[m].setting[0] ? table[m].setting : "-", table[m].ids, table[m].desc);
}
