/* Verdicts: a statement's verdict in one subtest is the worst of its checks
 * there (fail > warn > info > pass > skip), its overall verdict the worst
 * over all subtests.  A statement no check named is "untested" when a test
 * could observe it, "not testable" when the catalog says it is the driver's
 * own obligation (self) or observable by no test, "not run" when the part of
 * the suite that checks it (guest, host VMs, the driver stream) did not run. */
#include "results.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct cell *statement_cell(const struct statement *s, int sub)
{
	size_t i;

	for (i = 0; i < s->ncell; i++)
		if (s->cell[i].sub == sub)
			return &s->cell[i];
	return NULL;
}

struct level *level_find(struct run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nlvl; i++)
		if (strcmp(r->lvl[i].name, name) == 0)
			return &r->lvl[i];
	grow(&r->lvl, sizeof(*r->lvl), r->nlvl, &r->caplvl);
	r->lvl[r->nlvl] = (struct level){ .name = name };
	return &r->lvl[r->nlvl++];
}

const char *awk_number(double d)
{
	char buf[64];

	snprintf(buf, sizeof(buf), d <= 2147483647.0 ? "%.0f" : "%.6g", d);
	return xstrdup(buf);
}

/* A section's dot-separated field as a number, as awk's "+ 0" reads it. */
static double field_num(const char *s, size_t len)
{
	return strtod(xstrndup(s, len), NULL);
}

/* Numbered sections by their numbers ("2.7.4" < "5.13.3" < "5.13.6.1"),
 * before the others, which keep the catalog's order. */
static bool sec_before(const char *a, const char *b)
{
	bool an = isdigit((unsigned char)a[0]), bn = isdigit((unsigned char)b[0]);

	if (!an || !bn)
		return an && !bn;
	for (;;) {
		size_t la = strcspn(a, "."), lb = strcspn(b, ".");
		double x = field_num(a, la), y = field_num(b, lb);

		if (x != y)
			return x < y;
		if (!a[la] || !b[lb])
			return !a[la] && b[lb]; /* fewer fields first */
		a += la + 1;
		b += lb + 1;
	}
}

/* The catalog's sections in first-seen order, then sorted (insertion sort,
 * stable: a few dozen sections). */
static size_t sections(const struct run *r, const char **sec)
{
	size_t n = 0, i, j;

	for (i = 0; i < r->ncat; i++) {
		for (j = 0; j < n && strcmp(sec[j], r->st[i].section) != 0; j++)
			;
		if (j == n)
			sec[n++] = r->st[i].section;
	}
	for (i = 1; i < n; i++) {
		const char *t = sec[i];

		for (j = i; j > 0 && sec_before(t, sec[j - 1]); j--)
			sec[j] = sec[j - 1];
		sec[j] = t;
	}
	return n;
}

/* The matrix rows: by section, catalog order within one, then the IDs seen
 * that the catalog lacks. */
static void build_rows(struct run *r)
{
	const char **sec = xalloc((r->ncat + 1) * sizeof(*sec));
	size_t nsec = sections(r, sec), i, j;

	r->row = xalloc((r->nst + 1) * sizeof(*r->row));
	r->row_sec = xalloc((r->nst + 1) * sizeof(*r->row_sec));
	for (j = 0; j < nsec; j++)
		for (i = 0; i < r->ncat; i++)
			if (strcmp(r->st[i].section, sec[j]) == 0) {
				r->row_sec[r->nrow] = sec[j];
				r->row[r->nrow++] = (int)i;
			}
	for (i = r->ncat; i < r->nst; i++) {
		r->row_sec[r->nrow] = "not in the catalog";
		r->row[r->nrow++] = (int)i;
	}
}

/* Whether the part of the suite that checks a statement tested this way ran:
 * a statement of a part left out is "not run", not "untested". */
static bool part_ran(const struct run *r, const char *tested)
{
	if (strcmp(tested, "host-vm") == 0)
		return r->ran_host;
	if (strcmp(tested, "driver-trace") == 0)
		return r->ran_driver;
	if (strcmp(tested, "guest") == 0 || strcmp(tested, "guest-dma") == 0 ||
	    strcmp(tested, "partial") == 0)
		return r->ran_guest;
	return true;
}

static enum verdict statement_verdict(const struct run *r, const struct statement *s)
{
	if (s->seen)
		return s->v;
	if (strcmp(s->tested, "self") == 0 || strcmp(s->tested, "not-observable") == 0)
		return V_NA;
	return part_ran(r, s->tested) ? V_UNTESTED : V_NOT_RUN;
}

/* Host VMs are the subtests "host-*"; the Linux driver's stream is
 * "linux-driver"; every other subtest is a guest variant. */
static void parts(struct run *r)
{
	size_t i;

	for (i = 0; i < r->ncol; i++) {
		const char *n = r->sub[r->col[i]].name;

		if (strcmp(n, "linux-driver") == 0)
			r->ran_driver = true;
		else if (strncmp(n, "host-", 5) == 0)
			r->ran_host = true;
		else if (*n)
			r->ran_guest = true;
	}
}

static void count_levels(struct run *r)
{
	size_t i;

	level_find(r, "total");
	for (i = 0; i < r->nrow; i++) {
		struct statement *s = &r->st[r->row[i]];
		struct level *l = level_find(r, s->level);

		s->v = statement_verdict(r, s);
		l->listed = true;
		l->count[s->v]++;
		l->all++;
		l = level_find(r, "total");
		l->count[s->v]++;
		l->all++;
	}
	r->total = (int)(level_find(r, "total") - r->lvl);
}

void run_finish(struct run *r)
{
	size_t i;

	r->qemu_guess = "unknown"; /* the first word of a command line */
	for (i = 0; i < r->ncol; i++) {
		const char *cmd = r->sub[r->col[i]].cmdline;

		if (cmd) {
			r->qemu_guess = xstrndup(cmd, strcspn(cmd, " "));
			break;
		}
	}
	parts(r);
	build_rows(r);
	count_levels(r);
	for (i = 0; i < r->nchk; i++)
		r->failed += r->chk[i].v == V_FAIL;
}

static bool set(const char *s)
{
	return s && *s;
}

size_t env_rows(const struct run *r, struct envrow row[ENV_ROWS])
{
	const char *vm = set(r->hostver) ? r->hostver : set(r->hostkernel) ? "unknown" : "not run";
	size_t n = 0;

	if (set(r->hostkernel))
		vm = xconcat(xconcat(vm, " ("), xconcat(r->hostkernel, ")"));
	row[n++] = (struct envrow){ "device implementation", env_get(r, "qemu", r->qemu_guess) };
	row[n++] = (struct envrow){ "device version", env_get(r, "qemu-version", "unknown") };
	row[n++] = (struct envrow){ "accelerator", set(r->accel) ? r->accel : env_get(r, "accel", "unknown") };
	if (set(env_get(r, "firmware", "")))
		row[n++] = (struct envrow){ "guest firmware", env_get(r, "firmware", "") };
	row[n++] = (struct envrow){ "machine", env_get(r, "machine", "unknown") };
	row[n++] = (struct envrow){ "CPUs", env_get(r, "cpus", "unknown") };
	row[n++] = (struct envrow){ "test VM kernel", vm };
	if (set(r->guestver))
		row[n++] = (struct envrow){ "guest driver", xconcat("faultline conformance ", r->guestver) };
	if (set(env_get(r, "faultline", "")))
		row[n++] = (struct envrow){ "faultline revision", env_get(r, "faultline", "") };
	if (set(env_get(r, "date", "")))
		row[n++] = (struct envrow){ "date", env_get(r, "date", "") };
	row[n++] = (struct envrow){ "results", env_get(r, "results", "results.tap") };
	return n;
}
