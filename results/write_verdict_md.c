/* report.md's opening: the conformance verdict, then one finding per
 * statement violated or contradicted, every check that shows it under it. */
#include "results.h"

static void md_ids(FILE *f, const struct statement *const *s, size_t n)
{
	size_t i;

	if (!n)
		fputs("none", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", s[i]->id);
}

static void md_verdict(const struct findings *fd, FILE *f)
{
	fprintf(f, "## Verdict\n\n**%s**", findings_headline(fd));
	fputs(fd->nviolated ? " (a MUST broken, or the device crashed or hung under the statement's test)."
			    : ": no MUST broken, no crash or hang.", f);
	fputs("\n\n| finding | statements |\n| --- | --- |\n| violated | ", f);
	md_ids(f, fd->violated, fd->nviolated);
	fputs(" |\n| contradicted (SHOULD, descriptive) | ", f);
	md_ids(f, fd->contradicted, fd->ncontradicted);
	fputs(" |\n| recorded (MAY, unspecified outcome) | ", f);
	md_ids(f, fd->recorded, fd->nrecorded);
	fputs(" |\n\n", f);
}

/* The checks of statement S with verdict V, subtest by subtest; the
 * diagnostics of the first one. */
static void md_finding(const struct run *r, FILE *f, const struct statement *s, enum verdict v)
{
	const struct check *first = NULL;
	size_t i, k;

	fprintf(f, "### %s (%s, %s)\n\n", s->id, s->level, v == V_FAIL ? "violated" : "contradicted");
	if (*s->text) {
		put_mdcell(f, s->text);
		fputs("\n\n", f);
	}
	for (i = 0; i < s->ncell; i++)
		for (k = 0; k < s->cell[i].n; k++) {
			const struct check *c = &r->chk[s->cell[i].check[k]];

			if (c->v != v)
				continue;
			first = first ? first : c;
			fprintf(f, "- %s: %s %s - %s%s%s\n", r->sub[c->sub].name, v == V_FAIL ? "not ok" : "ok",
				c->num, c->desc, *c->dir ? " # " : "", c->dir);
		}
	if (first && first->ndiag) {
		fputs("\n  ```\n", f);
		for (i = 0; i < first->ndiag; i++)
			fprintf(f, "  %s\n", first->diag[i]);
		fputs("  ```\n", f);
	}
	fputs("\n", f);
}

void write_verdict_md(const struct run *r, FILE *f)
{
	struct findings fd;
	size_t i;

	findings_collect(r, &fd);
	md_verdict(&fd, f);
	if (!fd.nviolated && !fd.ncontradicted)
		return;
	fputs("## Findings by statement\n\n", f);
	for (i = 0; i < fd.nviolated; i++)
		md_finding(r, f, fd.violated[i], V_FAIL);
	for (i = 0; i < fd.ncontradicted; i++)
		md_finding(r, f, fd.contradicted[i], V_WARN);
}
