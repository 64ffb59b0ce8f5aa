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
	size_t n, i;
	const struct check **c = finding_checks(r, s, v, &n);

	fprintf(f, "<li class=\"%s\"><code>", verdict_class[v]);
	put_xml(f, s->id);
	fprintf(f, "</code> (%s, %s): ", s->level, v == V_FAIL ? "violated" : "contradicted");
	put_xml(f, s->text);
	fputs("\n<ul>\n", f);
	for (i = 0; i < n; i++) {
		fputs("<li>", f);
		put_xml(f, r->sub[c[i]->sub].name);
		fprintf(f, ": %s %s - ", v == V_FAIL ? "not ok" : "ok", c[i]->num);
		put_xml(f, c[i]->desc);
		if (*c[i]->dir) {
			fputs(" # ", f);
			put_xml(f, c[i]->dir);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
	if (n && c[0]->ndiag) {
		const struct check *first = c[0];

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
