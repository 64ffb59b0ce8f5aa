/* report.md: environment, summary per subtest, statements per level, the
 * verdict matrix by section, and the failures with their diagnostics. */
#include "results.h"

#include <string.h>

static void md_environment(const struct run *r, FILE *f)
{
	struct envrow env[ENV_ROWS];
	size_t n = env_rows(r, env), i;

	fputs("# faultline certification report\n\n", f);
	write_verdict_md(r, f);
	fputs("## Environment\n\n| | |\n| --- | --- |\n", f);
	for (i = 0; i < n; i++) {
		fprintf(f, "| %s | ", env[i].key);
		put_mdcell(f, env[i].val);
		fputs(" |\n", f);
	}
	fputs("\nQEMU command line of each subtest (its first boot):\n\n", f);
	for (i = 0; i < r->ncol; i++) {
		const struct subtest *s = &r->sub[r->col[i]];

		if (s->cmdline)
			fprintf(f, "- `%s`:\n\n  ```\n  %s\n  ```\n", s->name, s->cmdline);
	}
}

static void md_summary(const struct run *r, FILE *f)
{
	size_t i;

	fputs("\n## Summary\n\n| subtest | checks | passed | failed | skipped | warnings | info |\n"
	      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n", f);
	for (i = 0; i < r->ncol; i++) {
		const struct subtest *s = &r->sub[r->col[i]];
		const int *c = s->count;

		fprintf(f, "| %s | %d | %d | %d | %d | %d | %d |\n", s->name, s->all,
			c[V_PASS] + c[V_WARN] + c[V_INFO], c[V_FAIL], c[V_SKIP], c[V_WARN], c[V_INFO]);
	}
}

static void md_level_row(FILE *f, const struct level *l)
{
	const int *c = l->count;

	fprintf(f, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", l->name, l->all, c[V_PASS],
		c[V_FAIL], c[V_WARN], c[V_INFO], c[V_SKIP], c[V_UNTESTED], c[V_NA], c[V_NOT_RUN]);
}

static void md_levels(const struct run *r, FILE *f)
{
	size_t i;

	fputs("\n## Statements per level\n\n"
	      "A statement's verdict is the worst of its checks in every subtest.\n\n"
	      "| level | statements | pass | fail | warning | information | skip | untested | not testable | not run |\n"
	      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n", f);
	for (i = 0; i < r->nlvl; i++)
		if (r->lvl[i].listed && r->lvl[i].all)
			md_level_row(f, &r->lvl[i]);
	md_level_row(f, &r->lvl[r->total]);
}

static void md_section(const struct run *r, FILE *f, const char *sec)
{
	size_t i;

	fprintf(f, "\n### %s%s\n\n| ID | level | tested |", starts_digit(sec) ? "Section " : "", sec);
	for (i = 0; i < r->ncol; i++)
		fprintf(f, " %s |", r->sub[r->col[i]].name);
	fputs(" statement |\n| --- | --- | --- |", f);
	for (i = 0; i < r->ncol; i++)
		fputs(" --- |", f);
	fputs(" --- |\n", f);
}

static void md_row(const struct run *r, FILE *f, const struct statement *s)
{
	size_t i;

	fprintf(f, "| %s | %s | %s |", s->id, s->level, s->tested);
	for (i = 0; i < r->ncol; i++) {
		const struct cell *c = statement_cell(s, r->col[i]);

		if (!s->seen)
			fprintf(f, " %s |", verdict_word[s->v]);
		else if (!c)
			fputs(" - |", f);
		else
			fprintf(f, c->v == V_FAIL ? " **%s** |" : " %s |", verdict_word[c->v]);
	}
	putc(' ', f);
	put_mdcell(f, s->text);
	fputs(" |\n", f);
}

static void md_matrix(const struct run *r, FILE *f)
{
	const char *prev = "";
	size_t i;

	fputs("\n## Verdict matrix\n\n"
	      "pass, fail, warning, information, skip per subtest; - not run in that subtest;\n"
	      "untested: in the catalog, checked nowhere; not testable: a driver obligation or\n"
	      "not observable (the catalog's tested column); not run: checked by a part of\n"
	      "the suite (guest, host VMs, the driver stream) this run left out.\n", f);
	for (i = 0; i < r->nrow; i++) {
		if (strcmp(r->row_sec[i], prev) != 0) {
			prev = r->row_sec[i];
			md_section(r, f, prev);
		}
		md_row(r, f, &r->st[r->row[i]]);
	}
}

/* Where the runner booted a fresh VM in the middle of a subtest, and why. */
static void md_fresh(const struct run *r, FILE *f)
{
	size_t i;

	fputs("\n## Fresh VMs\n\n", f);
	if (!r->nfresh)
		fputs("None: every variant ran in one VM from start to end.\n", f);
	for (i = 0; i < r->nfresh; i++)
		fprintf(f, "- %s\n", r->fresh[i]);
}

static void md_failures(const struct run *r, FILE *f)
{
	size_t i, d;

	fputs("\n## Failures\n\n", f);
	if (!r->failed)
		fputs("None.\n", f);
	for (i = 0; i < r->nchk; i++) {
		const struct check *c = &r->chk[i];

		if (c->v != V_FAIL)
			continue;
		fprintf(f, "- **%s**: not ok %s - %s\n", r->sub[c->sub].name, c->num, c->desc);
		if (!c->ndiag)
			continue;
		fputs("\n  ```\n", f);
		for (d = 0; d < c->ndiag; d++)
			fprintf(f, "  %s\n", c->diag[d]);
		fputs("  ```\n\n", f);
	}
}

int write_md(const struct run *r, FILE *f)
{
	md_environment(r, f);
	md_summary(r, f);
	md_levels(r, f);
	md_matrix(r, f);
	md_fresh(r, f);
	md_failures(r, f);
	return ferror(f) ? -1 : 0;
}
