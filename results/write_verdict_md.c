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
	size_t n, i;
	const struct check **c = finding_checks(r, s, v, &n);

	fprintf(f, "### %s (%s, %s)\n\n", s->id, s->level, v == V_FAIL ? "violated" : "contradicted");
	if (*s->text) {
		put_mdcell(f, s->text);
		fputs("\n\n", f);
	}
	for (i = 0; i < n; i++)
		fprintf(f, "- %s: %s %s - %s%s%s\n", r->sub[c[i]->sub].name, v == V_FAIL ? "not ok" : "ok",
			c[i]->num, c[i]->desc, *c[i]->dir ? " # " : "", c[i]->dir);
	if (n && c[0]->ndiag) {
		const struct check *first = c[0];

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
