/* The conformance verdict: conformant when no statement failed.  A failed
 * statement is a MUST broken, or a device that crashed or hung under its
 * test; a warned one a SHOULD (or descriptive statement) contradicted; an
 * informed one an outcome the spec leaves open, recorded.  Each statement is
 * one finding, whatever number of checks, variants and implementations show it. */
#include "results.h"

void findings_collect(const struct run *r, struct findings *fd)
{
	size_t i;

	*fd = (struct findings){
		.violated = xalloc((r->nrow + 1) * sizeof(*fd->violated)),
		.contradicted = xalloc((r->nrow + 1) * sizeof(*fd->contradicted)),
		.recorded = xalloc((r->nrow + 1) * sizeof(*fd->recorded)),
	};
	for (i = 0; i < r->nrow; i++) {
		const struct statement *s = &r->st[r->row[i]];

		if (s->v == V_FAIL)
			fd->violated[fd->nviolated++] = s;
		else if (s->v == V_WARN)
			fd->contradicted[fd->ncontradicted++] = s;
		else if (s->v == V_INFO)
			fd->recorded[fd->nrecorded++] = s;
	}
}

const char *findings_headline(const struct findings *fd)
{
	char buf[96];

	if (!fd->nviolated)
		return "conformant";
	snprintf(buf, sizeof(buf), "not conformant: %zu statement%s violated", fd->nviolated,
		 fd->nviolated == 1 ? "" : "s");
	return xstrdup(buf);
}

const struct check **finding_checks(const struct run *r, const struct statement *s, enum verdict v,
				    size_t *n)
{
	const struct check **out;
	size_t i, k, all = 0;

	for (i = 0; i < s->ncell; i++)
		all += s->cell[i].n;
	out = xalloc((all + 1) * sizeof(*out));
	*n = 0;
	for (i = 0; i < s->ncell; i++)
		for (k = 0; k < s->cell[i].n; k++)
			if (r->chk[s->cell[i].check[k]].v == v)
				out[(*n)++] = &r->chk[s->cell[i].check[k]];
	return out;
}
