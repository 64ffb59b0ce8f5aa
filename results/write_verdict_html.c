/* report.html's opening: the conformance verdict, then one finding per
 * statement violated or contradicted (the same content as report.md's). */
#include "results.h"

static void html_ids(FILE *f, const struct statement *const *s, size_t n)
{
	size_t i;

	if (!n)
		fputs("none", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		put_xml(f, s[i]->id);
	}
}

static void html_verdict(const struct findings *fd, FILE *f)
{
	fprintf(f, "<h2>Verdict</h2>\n<p id=\"verdict\" class=\"%s\"><strong>", fd->nviolated ? "fail" : "pass");
	put_xml(f, findings_headline(fd));
	fputs("</strong>", f);
	fputs(fd->nviolated ? " (a MUST broken, or the device crashed or hung under the statement's test)."
			    : ": no MUST broken, no crash or hang.", f);
	fputs("</p>\n<table id=\"findings-summary\"><tr><th>violated</th><td>", f);
	html_ids(f, fd->violated, fd->nviolated);
	fputs("</td></tr>\n<tr><th>contradicted (SHOULD, descriptive)</th><td>", f);
	html_ids(f, fd->contradicted, fd->ncontradicted);
	fputs("</td></tr>\n<tr><th>recorded (MAY, unspecified outcome)</th><td>", f);
	html_ids(f, fd->recorded, fd->nrecorded);
	fputs("</td></tr>\n</table>\n", f);
}

static void html_finding(const struct run *r, FILE *f, const struct statement *s, enum verdict v)
{
	const struct check *first = NULL;
	size_t i, k;

	fprintf(f, "<li class=\"%s\"><code>", verdict_class[v]);
	put_xml(f, s->id);
	fprintf(f, "</code> (%s, %s): ", s->level, v == V_FAIL ? "violated" : "contradicted");
	put_xml(f, s->text);
	fputs("\n<ul>\n", f);
	for (i = 0; i < s->ncell; i++)
		for (k = 0; k < s->cell[i].n; k++) {
			const struct check *c = &r->chk[s->cell[i].check[k]];

			if (c->v != v)
				continue;
			first = first ? first : c;
			fputs("<li>", f);
			put_xml(f, r->sub[c->sub].name);
			fprintf(f, ": %s %s - ", v == V_FAIL ? "not ok" : "ok", c->num);
			put_xml(f, c->desc);
			if (*c->dir) {
				fputs(" # ", f);
				put_xml(f, c->dir);
			}
			fputs("</li>\n", f);
		}
	fputs("</ul>\n", f);
	if (first && first->ndiag) {
		fputs("<pre>", f);
		for (i = 0; i < first->ndiag; i++) {
			put_xml(f, first->diag[i]);
			fputs("\n", f);
		}
		fputs("</pre>\n", f);
	}
	fputs("</li>\n", f);
}

void write_verdict_html(const struct run *r, FILE *f)
{
	struct findings fd;
	size_t i;

	findings_collect(r, &fd);
	html_verdict(&fd, f);
	if (!fd.nviolated && !fd.ncontradicted)
		return;
	fputs("<h2>Findings by statement</h2>\n<ul class=\"fails\" id=\"findings\">\n", f);
	for (i = 0; i < fd.nviolated; i++)
		html_finding(r, f, fd.violated[i], V_FAIL);
	for (i = 0; i < fd.ncontradicted; i++)
		html_finding(r, f, fd.contradicted[i], V_WARN);
	fputs("</ul>\n", f);
}
