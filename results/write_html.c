/* report.html: the same tables as report.md, self-contained (inline CSS, no
 * script, nothing loaded from outside) so that a CI artifact opens anywhere.
 * Written as XHTML-compatible markup: check/report.sh parses it with xmllint. */
#include "results.h"

#include <string.h>

/* The page up to its title: doctype, head and the style sheet. */
static const char *const head =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\"/>\n"
	"<title>faultline certification report</title>\n"
	"<style>\n"
	"body { font: 14px/1.4 sans-serif; margin: 1.5em; color: #111; background: #fff; }\n"
	"h1 { font-size: 1.6em; margin: 0 0 .5em; } h2 { font-size: 1.25em; margin: 1.5em 0 .5em; border-bottom: 2px solid #ccc; }\n"
	"table { border-collapse: collapse; margin: .5em 0; }\n"
	"th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }\n"
	"th { background: #e8e8e8; } td.num { text-align: right; }\n"
	"tr.sec th { background: #d0d8e8; text-align: left; font-size: 1.05em; }\n"
	"td.id, td.lvl, #matrix th { white-space: nowrap; } td.id { font-family: monospace; } td.st { color: #333; }\n"
	"td.v { text-align: center; white-space: nowrap; font-weight: bold; }\n"
	".pass { background: #c8efc8; } .fail { background: #f4a6a6; color: #600; } .warn { background: #ffe08a; }\n"
	".info { background: #cfe3ff; } .skip { background: #e4e4e4; color: #555; } .untested, .notrun { background: #fff; color: #999; font-weight: normal; }\n"
	"#verdict { display: inline-block; padding: 4px 10px; font-size: 1.1em; }\n"
	".none { color: #aaa; font-weight: normal; }\n"
	"pre, code { font-family: monospace; font-size: 12px; } pre { background: #f6f6f6; border: 1px solid #ddd; padding: 4px 6px; white-space: pre-wrap; word-break: break-all; margin: .2em 0 .8em; }\n"
	"ul.fails > li { margin-bottom: .3em; }\n"
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<h1>faultline certification report</h1>\n"
	;

static void html_environment(const struct run *r, FILE *f)
{
	struct envrow env[ENV_ROWS];
	size_t n = env_rows(r, env), i;

	fputs("<h2>Environment</h2>\n<table id=\"environment\">\n", f);
	for (i = 0; i < n; i++) {
		fputs("<tr><th>", f);
		put_xml(f, env[i].key);
		fputs("</th><td>", f);
		put_xml(f, env[i].val);
		fputs("</td></tr>\n", f);
	}
	for (i = 0; i < r->ncol; i++) {
		const struct subtest *s = &r->sub[r->col[i]];

		if (!s->cmdline)
			continue;
		fputs("<tr><th>command line: ", f);
		put_xml(f, s->name);
		fputs("</th><td><code>", f);
		put_xml(f, s->cmdline);
		fputs("</code></td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void html_summary(const struct run *r, FILE *f)
{
	size_t i;

	fputs("<h2>Summary</h2>\n<table id=\"summary\"><tr><th>subtest</th><th>checks</th><th>passed</th>"
	      "<th>failed</th><th>skipped</th><th>warnings</th><th>info</th></tr>\n", f);
	for (i = 0; i < r->ncol; i++) {
		const struct subtest *s = &r->sub[r->col[i]];
		const int *c = s->count;

		fputs("<tr><td>", f);
		put_xml(f, s->name);
		fprintf(f, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num%s\">%d</td>"
			   "<td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>\n",
			s->all, c[V_PASS] + c[V_WARN] + c[V_INFO], c[V_FAIL] ? " fail" : "", c[V_FAIL],
			c[V_SKIP], c[V_WARN], c[V_INFO]);
	}
	fputs("</table>\n", f);
}

static void html_level_row(FILE *f, const struct level *l, const char *all)
{
	const int *c = l->count;
	const int col[] = { V_PASS, V_FAIL, V_WARN, V_INFO, V_SKIP, V_UNTESTED, V_NA, V_NOT_RUN };
	size_t i;

	fputs("<tr><th>", f);
	put_xml(f, l->name);
	fprintf(f, "</th><td class=\"num\">%s</td>", all);
	for (i = 0; i < sizeof(col) / sizeof(col[0]); i++)
		fprintf(f, "<td class=\"num\">%d</td>", c[col[i]]);
	fputs("</tr>\n", f);
}

static void html_levels(const struct run *r, FILE *f)
{
	const struct level *total = &r->lvl[r->total];
	char all[16];
	size_t i;

	fputs("<h2>Statements per level</h2>\n"
	      "<p>A statement's verdict is the worst of its checks in every subtest.</p>\n"
	      "<table id=\"levels\"><tr><th>level</th><th>statements</th><th class=\"pass\">pass</th>"
	      "<th class=\"fail\">fail</th><th class=\"warn\">warning</th><th class=\"info\">information</th>"
	      "<th class=\"skip\">skip</th><th class=\"untested\">untested</th>"
	      "<th class=\"untested\">not testable</th><th class=\"untested\">not run</th></tr>\n", f);
	for (i = 0; i < r->nlvl; i++) {
		if (!r->lvl[i].listed || !r->lvl[i].all)
			continue;
		snprintf(all, sizeof(all), "%d", r->lvl[i].all);
		html_level_row(f, &r->lvl[i], all);
	}
	/* The total row even without statements, its count then left empty. */
	all[0] = '\0';
	if (total->all)
		snprintf(all, sizeof(all), "%d", total->all);
	html_level_row(f, total, all);
	fputs("</table>\n", f);
}

static void html_section(const struct run *r, FILE *f, const char *sec)
{
	size_t i;

	fprintf(f, "<tr class=\"sec\"><th colspan=\"%zu\">%s", r->ncol + 4, starts_digit(sec) ? "Section " : "");
	put_xml(f, sec);
	fputs("</th></tr>\n<tr><th>ID</th><th>level</th><th>tested</th>", f);
	for (i = 0; i < r->ncol; i++) {
		fputs("<th>", f);
		put_xml(f, r->sub[r->col[i]].name);
		fputs("</th>", f);
	}
	fputs("<th>statement</th></tr>\n", f);
}

static void html_row(const struct run *r, FILE *f, const struct statement *s)
{
	size_t i;

	fputs("<tr id=\"", f);
	put_xml(f, s->id);
	fputs("\"><td class=\"id\">", f);
	put_xml(f, s->id);
	fputs("</td><td class=\"lvl\">", f);
	put_xml(f, s->level);
	fputs("</td><td>", f);
	put_xml(f, s->tested);
	fputs("</td>", f);
	if (!s->seen)
		fprintf(f, "<td class=\"v untested\" colspan=\"%zu\">%s</td>", r->ncol, verdict_word[s->v]);
	for (i = 0; i < r->ncol && s->seen; i++) {
		const struct cell *c = statement_cell(s, r->col[i]);

		if (c)
			fprintf(f, "<td class=\"v %s\">%s</td>", verdict_class[c->v], verdict_word[c->v]);
		else
			fputs("<td class=\"v none\">-</td>", f);
	}
	fputs("<td class=\"st\">", f);
	put_xml(f, s->text);
	fputs("</td></tr>\n", f);
}

static void html_matrix(const struct run *r, FILE *f)
{
	const char *prev = "";
	size_t i;

	fputs("<h2>Verdict matrix</h2>\n<p>Per subtest: <span class=\"pass\">pass</span>, "
	      "<span class=\"fail\">fail</span>, <span class=\"warn\">warning</span>, "
	      "<span class=\"info\">information</span>, <span class=\"skip\">skip</span>; "
	      "- not run in that subtest; <span class=\"untested\">untested</span>: in the catalog, "
	      "checked nowhere; <span class=\"untested\">not testable</span>: a driver obligation or "
	      "not observable.</p>\n<table id=\"matrix\">\n", f);
	for (i = 0; i < r->nrow; i++) {
		if (i == 0 || strcmp(r->row_sec[i], prev) != 0) {
			prev = r->row_sec[i];
			html_section(r, f, prev);
		}
		html_row(r, f, &r->st[r->row[i]]);
	}
	fputs("</table>\n", f);
}

static void html_fresh(const struct run *r, FILE *f)
{
	size_t i;

	fputs("<h2>Fresh VMs</h2>\n", f);
	if (!r->nfresh)
		fputs("<p>None: every variant ran in one VM from start to end.</p>\n", f);
	for (i = 0; i < r->nfresh; i++) {
		fputs("<p>", f);
		put_xml(f, r->fresh[i]);
		fputs("</p>\n", f);
	}
}

static void html_failures(const struct run *r, FILE *f)
{
	size_t i, d;

	fputs(r->failed ? "<h2>Failures</h2>\n<ul class=\"fails\" id=\"failures\">\n" : "<h2>Failures</h2>\n<p>None.</p>\n", f);
	for (i = 0; i < r->nchk; i++) {
		const struct check *c = &r->chk[i];

		if (c->v != V_FAIL)
			continue;
		fputs("<li><b>", f);
		put_xml(f, r->sub[c->sub].name);
		fprintf(f, "</b>: not ok %s - ", c->num);
		put_xml(f, c->desc);
		fputs(c->ndiag ? "\n<pre>" : "\n", f);
		for (d = 0; d < c->ndiag; d++) {
			put_xml(f, c->diag[d]);
			putc('\n', f);
		}
		fputs(c->ndiag ? "</pre>\n</li>\n" : "</li>\n", f);
	}
	if (r->failed)
		fputs("</ul>\n", f);
}

int write_html(const struct run *r, FILE *f)
{
	fputs(head, f);
	write_verdict_html(r, f);
	html_environment(r, f);
	html_summary(r, f);
	html_levels(r, f);
	html_matrix(r, f);
	html_fresh(r, f);
	html_failures(r, f);
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
