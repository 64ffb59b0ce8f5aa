/* faultline-results: the data of one run, read off its results.tap, the
 * statement catalog and environment.txt.
 *
 * A run is a grid: statements (rows) by subtests (columns).  Each cell holds
 * the checks of that subtest that name the statement and their verdict, the
 * worst of them; a statement's verdict is the worst over its cells.  Writers
 * only read this; they never parse TAP again. */
#ifndef FAULTLINE_RESULTS_H
#define FAULTLINE_RESULTS_H

#include "util.h"

/* Check verdicts in rank order: a worse verdict has a higher value. */
enum verdict { V_SKIP, V_PASS, V_INFO, V_WARN, V_FAIL, NCLASS,
	/* A statement no check named: a test could see it, or none can. */
	V_UNTESTED = NCLASS, V_NA,
	/* Its tests belong to a part of the suite this run did not run. */
	V_NOT_RUN, NVERDICT };

extern const char *const verdict_class[NVERDICT]; /* "pass", "warn", ... */
extern const char *const verdict_word[NVERDICT];  /* "pass", "warning", ... */

struct check {
	int sub;          /* index into run.sub */
	const char *num;  /* "7", "" when the line has none */
	enum verdict v;
	const char *desc; /* without the directive */
	const char *dir;  /* "SKIP reason", "" when none */
	const char **ids;
	size_t nids;
	const char **diag; /* the "#   ..." lines after it, "# " cut off */
	size_t ndiag, capdiag;
};

struct subtest {
	const char *name;
	const char *cmdline; /* its first "# qemu: ", NULL when none */
	int count[NCLASS];
	int all;
};

/* The checks of one subtest that name one statement. */
struct cell {
	int sub;
	enum verdict v;
	int *check;
	size_t n, cap;
};

struct statement {
	const char *id, *level, *section, *tested, *text; /* "?"/"" when not in the catalog */
	bool in_catalog, seen;
	enum verdict v;  /* worst over the cells, or V_UNTESTED / V_NA */
	struct cell *cell;
	size_t ncell, capcell;
};

struct level {
	const char *name;
	int count[NVERDICT];
	int all;
	bool listed; /* a row of the table; "total" is not */
};

struct envvar {
	const char *key, *val;
};

struct run {
	struct subtest *sub;  /* every subtest met, columns or not */
	size_t nsub, capsub;
	struct table subidx;
	int *col;             /* the columns: "# Subtest:" lines and "(run)" */
	size_t ncol, capcol;
	struct table listed;  /* names that are columns */
	struct check *chk;
	size_t nchk, capchk;
	struct statement *st; /* the catalog's, then the others as first seen */
	size_t nst, capst, ncat;
	struct table stidx;
	const char *accel, *hostkernel, *hostver, *guestver; /* NULL: not seen */
	/* "subtest: text" of each "test N runs in a fresh VM" and "resuming from
	 * test N in a fresh VM" line: where the isolation fallback ran, and why. */
	const char **fresh;
	size_t nfresh, capfresh;
	struct envvar *env;
	size_t nenv, capenv;
	/* Computed by run_finish(): */
	int *row;             /* statement indices in matrix order */
	const char **row_sec;
	size_t nrow;
	struct level *lvl;    /* in the order the table lists them */
	size_t nlvl, caplvl;
	int total;            /* index of "total" in lvl */
	int failed;           /* failed checks */
	/* The parts of the suite this run ran: guest variants, host VMs, the
	 * Linux driver's request stream (subtest linux-driver). */
	bool ran_guest, ran_host, ran_driver;
	const char *qemu_guess;
};

/* tap.c */
void run_init(struct run *r);
void tap_parse(struct run *r, const struct lines *tap);
int run_subtest(struct run *r, const char *name);
int run_statement(struct run *r, const char *id);
/* catalog.c */
void catalog_parse(struct run *r, const struct lines *cat);
void env_parse(struct run *r, const struct lines *env);
const char *env_get(const struct run *r, const char *key, const char *dflt);
/* verdict.c */
void run_finish(struct run *r);
struct cell *statement_cell(const struct statement *s, int sub);
struct level *level_find(struct run *r, const char *name);
/* The rows of the environment table, shared by every format. */
struct envrow {
	const char *key, *val;
};
#define ENV_ROWS 11
size_t env_rows(const struct run *r, struct envrow row[ENV_ROWS]);
/* The number as awk prints it: integers up to INT_MAX, else %.6g. */
const char *awk_number(double d);

/* findings.c: the conformance verdict and the findings by statement. */
struct findings {
	const struct statement **violated, **contradicted, **recorded;
	size_t nviolated, ncontradicted, nrecorded;
};
void findings_collect(const struct run *r, struct findings *fd);
/* "conformant", or "not conformant: N statements violated" */
const char *findings_headline(const struct findings *fd);
/* The checks of S with verdict V, subtest by subtest; N gets how many. */
const struct check **finding_checks(const struct run *r, const struct statement *s, enum verdict v,
				    size_t *n);

/* write_*.c: 0 written, -1 on a write error. */
void write_verdict_md(const struct run *r, FILE *f);
void write_verdict_html(const struct run *r, FILE *f);
int write_md(const struct run *r, FILE *f);
int write_junit(const struct run *r, FILE *f);
int write_html(const struct run *r, FILE *f);
/* Escaping shared by the writers. */
void put_xml(FILE *f, const char *s);
void put_mdcell(FILE *f, const char *s);

/* compare.c */
int compare_main(const char *a, const char *b);

#endif
