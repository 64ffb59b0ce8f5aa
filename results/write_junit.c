/* junit.xml: one testsuite per subtest, one testcase per check; a not ok is
 * a failure carrying its diagnostics, a SKIP is skipped with its reason,
 * WARN and INFO keep their directive and diagnostics in system-out. */
#include "results.h"

#include <string.h>

static void put_diag(FILE *f, const struct check *c)
{
	size_t i;

	for (i = 0; i < c->ndiag; i++) {
		put_xml(f, c->diag[i]);
		putc('\n', f);
	}
}

static void junit_case(FILE *f, const char *sub, const struct check *c)
{
	fputs("    <testcase classname=\"faultline.", f);
	put_xml(f, sub);
	fputs("\" name=\"", f);
	put_xml(f, c->num);
	fputs(" - ", f);
	put_xml(f, c->desc);
	if (c->v == V_PASS) {
		fputs("\"/>\n", f);
		return;
	}
	fputs("\">\n", f);
	if (c->v == V_FAIL) {
		fputs("      <failure message=\"not ok ", f);
		put_xml(f, c->num);
		fputs(" - ", f);
		put_xml(f, c->desc);
		fputs("\">", f);
		put_diag(f, c);
		fputs("</failure>\n", f);
	} else if (c->v == V_SKIP) {
		fputs("      <skipped message=\"", f);
		put_xml(f, strlen(c->dir) > 5 ? c->dir + 5 : ""); /* the reason after "SKIP " */
		fputs("\"/>\n", f);
	} else {
		fputs("      <system-out>", f);
		put_xml(f, c->dir);
		if (c->ndiag)
			putc('\n', f);
		put_diag(f, c);
		fputs("</system-out>\n", f);
	}
	fputs("    </testcase>\n", f);
}

static void junit_properties(const struct run *r, FILE *f, const struct subtest *s)
{
	struct envrow env[ENV_ROWS];
	size_t n = env_rows(r, env), i;

	fputs("    <properties>\n", f);
	for (i = 0; i < n; i++) {
		fputs("      <property name=\"", f);
		put_xml(f, env[i].key);
		fputs("\" value=\"", f);
		put_xml(f, env[i].val);
		fputs("\"/>\n", f);
	}
	if (s->cmdline) {
		fputs("      <property name=\"qemu command line\" value=\"", f);
		put_xml(f, s->cmdline);
		fputs("\"/>\n", f);
	}
	fputs("    </properties>\n", f);
}

static void junit_suite(const struct run *r, FILE *f, int sub)
{
	const struct subtest *s = &r->sub[sub];
	size_t i;

	fputs("  <testsuite name=\"", f);
	put_xml(f, s->name);
	fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n", s->all,
		s->count[V_FAIL], s->count[V_SKIP]);
	junit_properties(r, f, s);
	for (i = 0; i < r->nchk; i++)
		if (r->chk[i].sub == sub)
			junit_case(f, s->name, &r->chk[i]);
	fputs("  </testsuite>\n", f);
}

int write_junit(const struct run *r, FILE *f)
{
	int tests = 0, fails = 0, skips = 0;
	size_t i;

	/* The subtests' own counts: checks before any subtest are in none. */
	for (i = 0; i < r->ncol; i++) {
		const struct subtest *s = &r->sub[r->col[i]];

		tests += s->all;
		fails += s->count[V_FAIL];
		skips += s->count[V_SKIP];
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"faultline\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n",
		tests, fails, skips);
	for (i = 0; i < r->ncol; i++)
		junit_suite(r, f, r->col[i]);
	fputs("</testsuites>\n", f);
	return ferror(f) ? -1 : 0;
}
