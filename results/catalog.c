/* The statement catalog (spec-checks/catalog.txt) and environment.txt,
 * both tab-separated.  Catalog lines: ID, level, section, tested, statement;
 * the first line of an ID wins, short lines and comments are skipped. */
#include "results.h"

#include <string.h>

/* fields: splits a copy of L at tabs into at most MAX fields; the count. */
static size_t fields(const char *l, const char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		size_t len = strcspn(l, "\t");

		if (n < max)
			f[n] = xstrndup(l, len);
		n++;
		if (!l[len])
			return n;
		l += len + 1;
	}
}

/* The group a section falls in: "5.13.6.1" itself, a source reference
 * ("iommufd fault.c:393-442; main.c") its first file. */
static const char *section_of(const char *s)
{
	return xstrndup(s, strcspn(s, ":;"));
}

static bool is_comment(const char *l)
{
	l += strspn(l, " \t");
	return *l == '#' || *l == '\0';
}

void catalog_parse(struct run *r, const struct lines *cat)
{
	const char *f[5];
	size_t i;

	for (i = 0; i < cat->n; i++) {
		struct statement *s;
		int k;

		if (is_comment(cat->line[i]) || fields(cat->line[i], f, 5) < 5)
			continue;
		if (table_get(&r->stidx, f[0]) >= 0)
			continue;
		k = run_statement(r, f[0]); /* may move r->st */
		s = &r->st[k];
		s->level = f[1];
		s->section = section_of(f[2]);
		s->tested = f[3];
		s->text = f[4];
		s->in_catalog = true;
		level_find(r, f[1])->listed = true;
		r->ncat++;
	}
}

void env_parse(struct run *r, const struct lines *env)
{
	const char *f[2];
	size_t i;

	for (i = 0; i < env->n; i++) {
		f[1] = "";
		fields(env->line[i], f, 2);
		grow(&r->env, sizeof(*r->env), r->nenv, &r->capenv);
		r->env[r->nenv++] = (struct envvar){ f[0], f[1] };
	}
}

/* The value of KEY (its last line), DFLT when absent or empty. */
const char *env_get(const struct run *r, const char *key, const char *dflt)
{
	size_t i = r->nenv;

	while (i--)
		if (strcmp(r->env[i].key, key) == 0)
			return *r->env[i].val ? r->env[i].val : dflt;
	return dflt;
}
