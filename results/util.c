#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One block per allocation, chained: simple, and exit frees them in one go. */
struct block {
	struct block *next;
	max_align_t data[];
};
static struct block *arena;

void *xalloc(size_t size)
{
	struct block *b = calloc(1, sizeof(*b) + size);

	if (!b) {
		fputs("faultline-results: out of memory\n", stderr);
		exit(2);
	}
	b->next = arena;
	arena = b;
	return b->data;
}

void arena_free_all(void)
{
	while (arena) {
		struct block *next = arena->next;

		free(arena);
		arena = next;
	}
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xalloc(n + 1);

	memcpy(p, s, n);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xconcat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xalloc(la + lb + 1);

	memcpy(p, a, la);
	memcpy(p + la, b, lb);
	return p;
}

void grow(void *arr, size_t elem, size_t n, size_t *cap)
{
	void **p = arr;
	size_t ncap = *cap ? *cap : 8;
	void *bigger;

	if (n < *cap)
		return;
	while (ncap <= n)
		ncap *= 2;
	bigger = xalloc(ncap * elem);
	if (*cap)
		memcpy(bigger, *p, *cap * elem);
	*p = bigger;
	*cap = ncap;
}

bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Open addressing, at most half full. */
static size_t slot(const struct table *t, const char *key)
{
	size_t i = hash(key) & (t->cap - 1);

	while (t->keys[i] && strcmp(t->keys[i], key) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

int table_get(const struct table *t, const char *key)
{
	size_t i;

	if (!t->cap)
		return -1;
	i = slot(t, key);
	return t->keys[i] ? t->vals[i] : -1;
}

static void rehash(struct table *t)
{
	struct table bigger = { 0 };
	size_t i;

	bigger.cap = t->cap ? t->cap * 2 : 64;
	bigger.keys = xalloc(bigger.cap * sizeof(*bigger.keys));
	bigger.vals = xalloc(bigger.cap * sizeof(*bigger.vals));
	for (i = 0; i < t->cap; i++)
		if (t->keys[i])
			table_put(&bigger, t->keys[i], t->vals[i]);
	*t = bigger;
}

void table_put(struct table *t, const char *key, int val)
{
	size_t i;

	if (2 * (t->used + 1) > t->cap)
		rehash(t);
	i = slot(t, key);
	if (!t->keys[i]) {
		t->keys[i] = key;
		t->used++;
	}
	t->vals[i] = val;
}

static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 0, n = 0, got;
	char *buf = NULL;

	do {
		grow(&buf, 1, n + 65536, &cap);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	*len = n;
	return buf;
}

bool read_lines(const char *path, struct lines *out)
{
	FILE *f = fopen(path, "rb");
	size_t len, i, start = 0, cap = 0, w = 0;
	char *buf;

	if (!f)
		return false;
	buf = slurp(f, &len);
	if (ferror(f)) {
		fclose(f);
		return false;
	}
	fclose(f);
	out->n = 0;
	out->line = NULL;
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0')
			continue;
		buf[w++] = buf[i];
		if (buf[i] != '\n')
			continue;
		buf[w - 1] = '\0';
		grow(&out->line, sizeof(char *), out->n, &cap);
		out->line[out->n++] = buf + start;
		start = w;
	}
	if (start < w) {
		buf[w] = '\0';
		grow(&out->line, sizeof(char *), out->n, &cap);
		out->line[out->n++] = buf + start;
	}
	return true;
}

bool starts_digit(const char *s)
{
	return *s >= '0' && *s <= '9';
}
