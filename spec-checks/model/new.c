// SPDX-License-Identifier: MIT
/* model_new on the host's heap (the guest's oracle uses model_init). */
#include <stdlib.h>
#include "model.h"

struct model *model_new(const struct model_cfg *cfg, enum mutant mutant)
{
	struct model *m = calloc(1, model_size());

	if (m)
		model_init(m, cfg, mutant);
	return m;
}
