// SPDX-License-Identifier: MIT
/* Statement levels, from spec-checks/catalog.txt (generated at build time). */
#include <string.h>
#include "fuzz/seq.h"

static const struct {
	const char *id, *level;
} levels[] = {
#include "fuzz-levels.inc"
};

static int rank(const char *level)
{
	if (!strncmp(level, "MUST", 4))
		return 3;
	if (!strncmp(level, "SHOULD", 6))
		return 2;
	return !strcmp(level, "descriptive") ? 1 : 0;
}

const char *fz_level(const char *ids)
{
	static const char *const names[] = { "MAY", "descriptive", "SHOULD", "MUST" };
	int best = -1;

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (fz_has_id(ids, levels[i].id) && rank(levels[i].level) > best)
			best = rank(levels[i].level);
	return best < 0 ? "MUST" : names[best];
}
