/* Helpers of faultline-results: an arena every allocation comes from (freed
 * once at exit, so ASan's leak check stays quiet without a free per string),
 * growable arrays, a string-keyed table, and reading a file as lines. */
#ifndef FAULTLINE_RESULTS_UTIL_H
#define FAULTLINE_RESULTS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

void *xalloc(size_t size);               /* zeroed, from the arena */
void arena_free_all(void);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xconcat(const char *a, const char *b); /* a then b, a new string */
/* Grows *arr (elements of size elem) to hold at least n + 1; tracks *cap. */
void grow(void *arr, size_t elem, size_t n, size_t *cap);

bool starts_with(const char *s, const char *prefix);
bool starts_digit(const char *s);

/* String -> int table; values are indices into the caller's arrays. */
struct table {
	const char **keys;
	int *vals;
	size_t cap, used;
};
int table_get(const struct table *t, const char *key); /* -1 when absent */
void table_put(struct table *t, const char *key, int val);

/* A file as lines: no '\n', NUL bytes dropped (the shell that writes
 * results.tap cannot hold them either).  A last line without '\n' counts. */
struct lines {
	char **line;
	size_t n;
};
bool read_lines(const char *path, struct lines *out);

#endif
