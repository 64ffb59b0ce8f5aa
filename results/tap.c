/* The TAP parser: results.tap as run.sh merges it (README.md, "What
 * ./run.sh prints").  Top-level lines are the run's; lines indented by four
 * spaces belong to the subtest that a "# Subtest: NAME" line opened.  A
 * top-level check right after a subtest's plan is that subtest's summary
 * line, not a check; any other top-level check belongs to "(run)".  Deeper
 * lines (nested subtests) are not read: their parent line is the check.
 * Indented checks before any "# Subtest:" go to an unnamed subtest that is
 * no column, as the awk report had it (check/results/nested.tap). */
#include "results.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *const verdict_class[NVERDICT] = {
	"skip", "pass", "info", "warn", "fail", "untested", "na", "notrun",
};
const char *const verdict_word[NVERDICT] = {
	"skip", "pass", "information", "warning", "fail", "untested", "not testable", "not run",
};

struct parser {
	const char *cur;   /* the subtest lines go to ("" before any) */
	const char *ended; /* the subtest whose plan was just read, "" if none */
	int last;          /* 1 + the check diagnostics go to, 0 if none */
};

void run_init(struct run *r)
{
	static const char *const levels[] = {
		"MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY", "descriptive",
	};
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		level_find(r, levels[i])->listed = true;
}

int run_subtest(struct run *r, const char *name)
{
	int i = table_get(&r->subidx, name);

	if (i >= 0)
		return i;
	grow(&r->sub, sizeof(*r->sub), r->nsub, &r->capsub);
	r->sub[r->nsub].name = name;
	table_put(&r->subidx, name, (int)r->nsub);
	return (int)r->nsub++;
}

int run_statement(struct run *r, const char *id)
{
	int i = table_get(&r->stidx, id);

	if (i >= 0)
		return i;
	grow(&r->st, sizeof(*r->st), r->nst, &r->capst);
	r->st[r->nst] = (struct statement){ .id = id, .level = "?", .section = "not in the catalog",
					    .tested = "?", .text = "" };
	table_put(&r->stidx, id, (int)r->nst);
	return (int)r->nst++;
}

/* add_column NAME: a column of the matrix (a subtest may come twice). */
static void add_column(struct run *r, const char *name)
{
	grow(&r->col, sizeof(*r->col), r->ncol, &r->capcol);
	r->col[r->ncol++] = run_subtest(r, name);
	table_put(&r->listed, name, 1);
}

/* The leftmost " # SKIP|WARN|INFO" followed by a blank or the end. */
static const char *find_directive(const char *l)
{
	static const char *const kw[] = { "SKIP", "WARN", "INFO" };
	const char *p, *q;
	size_t i;

	for (p = strstr(l, " #"); p; p = strstr(p + 1, " #")) {
		for (q = p + 2; *q == ' ' || *q == '\t'; q++)
			;
		for (i = 0; i < 3; i++)
			if (starts_with(q, kw[i]) && (q[4] == ' ' || q[4] == '\t' || q[4] == '\0'))
				return p;
	}
	return NULL;
}

/* "ID" or "ID, ID,ID" (blanks only after commas); returns the end or NULL. */
static const char *id_list_end(const char *p)
{
	for (;;) {
		if (!isupper((unsigned char)*p))
			return NULL;
		while (isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')
			p++;
		if (*p != ',')
			return p;
		for (p++; *p == ' '; p++)
			;
	}
}

/* The statement IDs: a trailing "[ID,ID]" of the description. */
static void parse_ids(struct check *c)
{
	const char *open = strrchr(c->desc, '['), *end, *p;
	size_t cap = 0;

	if (!open || !(end = id_list_end(open + 1)) || strcmp(end, "]") != 0)
		return;
	for (p = open + 1; p < end;) {
		size_t n = strcspn(p, ",]");
		char *id = xstrndup(p, n), *w = id, *s;

		for (s = id; *s; s++) /* "A, B": the blanks are not part of B */
			if (*s != ' ')
				*w++ = *s;
		*w = '\0';
		grow(&c->ids, sizeof(*c->ids), c->nids, &cap);
		c->ids[c->nids++] = id;
		p += n + 1;
	}
}

/* "ok 7 - desc # SKIP why [ID]" or "not ok ...": the line starts so. */
static struct check parse_check(const char *l)
{
	struct check c = { .v = V_PASS, .num = "", .dir = "" };
	const char *d;
	size_t n;

	if (starts_with(l, "not ")) {
		c.v = V_FAIL;
		l += 4;
	}
	l += 2;
	n = strspn(l, " ");
	if (n && isdigit((unsigned char)l[n])) {
		size_t digits = strspn(l + n, "0123456789");
		char *num = xstrndup(l + n, digits);

		c.num = awk_number(strtod(num, NULL));
		l += n + digits;
	}
	n = strspn(l, " ");
	if (n && starts_with(l + n, "- "))
		n += 2;
	l += n;
	d = find_directive(l);
	c.desc = d ? xstrndup(l, (size_t)(d - l)) : xstrdup(l);
	if (d) {
		c.dir = d + 2 + strspn(d + 2, " \t");
		if (c.v == V_PASS)
			c.v = starts_with(c.dir, "SKIP") ? V_SKIP : starts_with(c.dir, "WARN") ? V_WARN : V_INFO;
	}
	parse_ids(&c);
	return c;
}

/* add_to_cell: the check joins the statement's cell of its subtest. */
static void add_to_cell(struct statement *s, int sub, int check, enum verdict v)
{
	struct cell *c = statement_cell(s, sub);

	if (!c) {
		grow(&s->cell, sizeof(*s->cell), s->ncell, &s->capcell);
		c = &s->cell[s->ncell++];
		*c = (struct cell){ .sub = sub, .v = v };
	}
	if (v > c->v)
		c->v = v;
	if (c->n && c->check[c->n - 1] == check)
		return; /* "[A,A]" */
	grow(&c->check, sizeof(*c->check), c->n, &c->cap);
	c->check[c->n++] = check;
}

static void add_check(struct run *r, struct parser *p, struct check c)
{
	struct subtest *sub;
	size_t i;

	c.sub = run_subtest(r, p->cur);
	grow(&r->chk, sizeof(*r->chk), r->nchk, &r->capchk);
	r->chk[r->nchk++] = c;
	p->last = (int)r->nchk;
	sub = &r->sub[c.sub];
	sub->count[c.v]++;
	sub->all++;
	for (i = 0; i < c.nids; i++) {
		int k = run_statement(r, c.ids[i]); /* may move r->st */
		struct statement *s = &r->st[k];

		if (!s->seen || c.v > s->v)
			s->v = c.v;
		s->seen = true;
		add_to_cell(s, c.sub, (int)r->nchk - 1, c.v);
	}
}

/* "#   text": a diagnostic of the check before it, when one is open. */
static bool add_diag(struct run *r, struct parser *p, const char *l)
{
	struct check *c;

	if (!starts_with(l, "#  ") || !p->last)
		return false;
	c = &r->chk[p->last - 1];
	grow(&c->diag, sizeof(*c->diag), c->ndiag, &c->capdiag);
	c->diag[c->ndiag++] = l + 1 + strspn(l + 1, " ");
	return true;
}

static bool is_check(const char *l)
{
	return starts_with(l, "ok ") || starts_with(l, "not ok ");
}

static void top_line(struct run *r, struct parser *p, const char *l)
{
	if (starts_with(l, "# accel: ")) {
		r->accel = l + 9;
	} else if (starts_with(l, "# Subtest: ")) {
		p->cur = l + 11;
		add_column(r, p->cur);
		p->ended = "";
		p->last = 0;
	} else if (is_check(l)) {
		struct check c = parse_check(l);

		if (*p->ended && strcmp(c.desc, p->ended) == 0) {
			p->ended = ""; /* the summary line of the subtest */
			p->last = 0;
			return;
		}
		p->cur = "(run)";
		if (table_get(&r->listed, p->cur) < 0)
			add_column(r, p->cur);
		add_check(r, p, c);
	} else if (!add_diag(r, p, l)) {
		p->last = 0;
	}
}

/* Lines about the subtest that do not close a check's diagnostics. */
static bool subtest_info(struct run *r, struct parser *p, const char *l)
{
	if (starts_with(l, "# qemu: ")) {
		int k = run_subtest(r, p->cur); /* may move r->sub */
		struct subtest *s = &r->sub[k];

		if (s->cmdline)
			return false; /* only the first boot's */
		s->cmdline = l + 8;
	} else if (starts_with(l, "# kernel: "))
		r->hostkernel = l + 10;
	else if (starts_with(l, "# faultline host-tests "))
		r->hostver = l + 23;
	else if (starts_with(l, "# faultline conformance "))
		r->guestver = l + 24;
	else
		return false;
	return true;
}

/* Where a test ran in a fresh VM: the guest asked (isolation) or the one before crashed. */
static void note_fresh(struct run *r, const struct parser *p, const char *l)
{
	const char *t = l + 2;

	if (!starts_with(l, "# ") ||
	    !(starts_with(t, "resuming from test ") || starts_with(t, "test ")) ||
	    !strstr(t, " in a fresh VM"))
		return;
	if (starts_with(t, "test ") && !strstr(t, " runs in a fresh VM"))
		return;
	grow(&r->fresh, sizeof(*r->fresh), r->nfresh, &r->capfresh);
	r->fresh[r->nfresh++] = xconcat(xconcat(p->cur, ": "), t);
}

static void inner_line(struct run *r, struct parser *p, const char *l)
{
	note_fresh(r, p, l);
	if (starts_with(l, "1..") && isdigit((unsigned char)l[3])) {
		p->ended = p->cur;
		p->last = 0;
	} else if (subtest_info(r, p, l)) {
		return;
	} else if (is_check(l)) {
		add_check(r, p, parse_check(l));
	} else if (!add_diag(r, p, l)) {
		p->last = 0;
	}
}

void tap_parse(struct run *r, const struct lines *tap)
{
	struct parser p = { .cur = "", .ended = "" };
	size_t i;

	for (i = 0; i < tap->n; i++) {
		const char *l = tap->line[i];

		if (starts_with(l, "    "))
			inner_line(r, &p, l + 4);
		else
			top_line(r, &p, l);
	}
}
