/* faultline-results compare A B: what changed from one run to another.  A
 * check is known by its subtest and description (directive left out), so
 * renumbering is no change; the same description twice in a subtest is
 * "desc (2)" the second time.  Verdicts come from the report's own parser. */
#include "results.h"

#include <stdarg.h>
#include <string.h>

struct side {
	const char *path;
	struct run run;
	struct table cls, occ, idseen; /* key -> class, key -> count, ID -> subtest */
	const char **key, **id;        /* in the order first seen */
	size_t nkey, capkey, nid, capid;
};

struct out {
	const char **line;
	size_t n, cap;
};

enum kind { NEW_FAIL, FIXED, CHANGED, NEW_COV, LOST_COV, ADDED, GONE, NKIND };
static const char *const title[NKIND] = {
	"new failures", "fixed", "changed verdicts", "new coverage (statement IDs)",
	"lost coverage (statement IDs)", "new checks", "checks gone",
};

static const char *key_of(struct side *s, const struct check *c)
{
	const char *k = xconcat(xconcat(s->run.sub[c->sub].name, "\034"), c->desc);
	int n = table_get(&s->occ, k);
	char suffix[32];

	n = n < 0 ? 1 : n + 1;
	table_put(&s->occ, k, n);
	if (n == 1)
		return k;
	snprintf(suffix, sizeof(suffix), " (%d)", n);
	return xconcat(k, suffix);
}

static void index_checks(struct side *s)
{
	size_t i, j;

	for (i = 0; i < s->run.nchk; i++) {
		const struct check *c = &s->run.chk[i];
		const char *k = key_of(s, c);

		if (table_get(&s->cls, k) < 0) {
			grow(&s->key, sizeof(*s->key), s->nkey, &s->capkey);
			s->key[s->nkey++] = k;
		}
		table_put(&s->cls, k, (int)c->v);
		for (j = 0; j < c->nids; j++) {
			if (table_get(&s->idseen, c->ids[j]) >= 0)
				continue;
			table_put(&s->idseen, c->ids[j], c->sub);
			grow(&s->id, sizeof(*s->id), s->nid, &s->capid);
			s->id[s->nid++] = c->ids[j];
		}
	}
}

static bool load(struct side *s, const char *path)
{
	struct lines tap;

	memset(s, 0, sizeof(*s));
	s->path = path;
	if (!read_lines(path, &tap)) {
		fprintf(stderr, "compare: cannot read %s\n", path);
		return false;
	}
	run_init(&s->run);
	tap_parse(&s->run, &tap);
	index_checks(s);
	return true;
}

__attribute__((format(printf, 2, 3))) static void add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *line;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	line = xalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(line, (size_t)n + 1, fmt, ap);
	va_end(ap);
	grow(&o->line, sizeof(*o->line), o->n, &o->cap);
	o->line[o->n++] = line;
}

/* "sub\034desc" as "sub: desc". */
static const char *show(const char *k)
{
	size_t n = strcspn(k, "\034");

	return xconcat(xconcat(xstrndup(k, n), ": "), k + n + 1);
}

static void diff_checks(struct side *a, struct side *b, struct out *o)
{
	size_t i;

	for (i = 0; i < b->nkey; i++) {
		const char *k = b->key[i];
		int c1 = table_get(&a->cls, k), c2 = table_get(&b->cls, k);

		if (c1 < 0) {
			if (c2 == V_FAIL)
				add(&o[NEW_FAIL], "  not ok  %s  (new check)", show(k));
			add(&o[ADDED], "  %s  %s", verdict_class[c2], show(k));
		} else if (c1 == c2) {
			continue;
		} else if (c2 == V_FAIL) {
			add(&o[NEW_FAIL], "  not ok  %s  (was %s)", show(k), verdict_class[c1]);
		} else if (c1 == V_FAIL) {
			add(&o[FIXED], "  %s  %s  (was not ok)", verdict_class[c2], show(k));
		} else {
			add(&o[CHANGED], "  %s -> %s  %s", verdict_class[c1], verdict_class[c2], show(k));
		}
	}
	for (i = 0; i < a->nkey; i++)
		if (table_get(&b->cls, a->key[i]) < 0)
			add(&o[GONE], "  %s  %s", verdict_class[table_get(&a->cls, a->key[i])], show(a->key[i]));
}

static void diff_ids(struct side *a, struct side *b, struct out *o)
{
	size_t i;

	for (i = 0; i < b->nid; i++)
		if (table_get(&a->idseen, b->id[i]) < 0)
			add(&o[NEW_COV], "  %s  (%s)", b->id[i], b->run.sub[table_get(&b->idseen, b->id[i])].name);
	for (i = 0; i < a->nid; i++)
		if (table_get(&b->idseen, a->id[i]) < 0)
			add(&o[LOST_COV], "  %s", a->id[i]);
}

int compare_main(const char *pa, const char *pb)
{
	struct side *a = xalloc(sizeof(*a)), *b = xalloc(sizeof(*b));
	struct out o[NKIND] = { 0 };
	size_t k, i;

	if (!load(a, pa) || !load(b, pb))
		return 2;
	diff_checks(a, b, o);
	diff_ids(a, b, o);
	printf("compare: %s (%zu checks) -> %s (%zu checks)\n", pa, a->nkey, pb, b->nkey);
	for (k = 0; k < NKIND; k++) {
		printf("%s: %zu\n", title[k], o[k].n);
		for (i = 0; i < o[k].n; i++)
			printf("%s\n", o[k].line[i]);
	}
	printf("%zu new failures, %zu fixed, %zu changed, %zu newly covered, %zu no longer covered\n",
	       o[NEW_FAIL].n, o[FIXED].n, o[CHANGED].n, o[NEW_COV].n, o[LOST_COV].n);
	return o[NEW_FAIL].n > 0;
}
