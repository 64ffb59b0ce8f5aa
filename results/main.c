/* faultline-results: the verdicts and report files of a run, from its
 * results.tap.  scripts/report-files.sh and scripts/compare.sh call it.
 *   faultline-results report TAP CATALOG ENV MD JUNIT HTML
 *   faultline-results compare TAP1 TAP2
 * CATALOG and ENV may be /dev/null.  Exit status: 0 done (compare: no new
 * failure), 1 compare found a new failure, 2 usage or I/O error. */
#include "results.h"

#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fputs("usage: faultline-results report TAP CATALOG ENV MD JUNIT HTML\n"
	      "       faultline-results compare TAP1 TAP2\n", stderr);
	return 2;
}

static bool load(const char *path, struct lines *l)
{
	if (read_lines(path, l))
		return true;
	fprintf(stderr, "faultline-results: cannot read %s\n", path);
	return false;
}

typedef int writer(const struct run *r, FILE *f);

static bool write_file(const struct run *r, const char *path, writer *w)
{
	FILE *f = fopen(path, "w");
	bool ok = f && w(r, f) == 0;

	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "faultline-results: cannot write %s\n", path);
	return ok;
}

/* The catalog and environment first: a check's IDs are looked up in it. */
static int report(char **arg)
{
	struct lines tap, cat, env;
	struct run r;

	if (!load(arg[0], &tap) || !load(arg[1], &cat) || !load(arg[2], &env))
		return 2;
	run_init(&r);
	env_parse(&r, &env);
	catalog_parse(&r, &cat);
	tap_parse(&r, &tap);
	run_finish(&r);
	if (!write_file(&r, arg[3], write_md) || !write_file(&r, arg[4], write_junit) ||
	    !write_file(&r, arg[5], write_html))
		return 2;
	return 0;
}

int main(int argc, char **argv)
{
	int status;

	if (argc == 8 && strcmp(argv[1], "report") == 0)
		status = report(argv + 2);
	else if (argc == 4 && strcmp(argv[1], "compare") == 0)
		status = compare_main(argv[2], argv[3]);
	else
		status = usage();
	if (fflush(stdout) != 0)
		status = 2;
	arena_free_all();
	return status;
}
