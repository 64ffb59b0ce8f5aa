// SPDX-License-Identifier: MIT
/*
 * driver-stream: checks a virtio-iommu driver's request stream, read from a
 * QEMU trace log (-trace 'virtio_iommu_*'), against the DRV statements, and
 * prints TAP: one line per statement.
 *
 *   driver-stream [--driver NAME] [--ram START-END]... TRACE...
 *
 * NAME goes before every description ("Linux 6.12.118"); each --ram range is
 * guest RAM (hex, inclusive), for the memory-type rules, which are skipped
 * without one.  Each TRACE is one QEMU process's log, in the order they ran:
 * a reboot (QEMU's system reset after the driver's requests) is one inside a
 * file.  Exit status: 0, 1 when a MUST was broken, 2 on bad usage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"

static const char *level_name[] = { [L_MUST] = "MUST", [L_SHOULD] = "SHOULD", [L_MAY] = "MAY" };

static void diag_break(const struct verdict *v)
{
	printf("#   sent: %s (trace line %u)\n", v->sent, v->first_line);
	printf("#   expected: %s\n", v->expected);
	printf("#   observed: %lu of %lu %s break it\n", v->broken, v->applied, v->what);
}

/* Prints row i's line; returns whether it failed. */
static bool report(const char *driver, unsigned int n, const struct verdict *v)
{
	const char *head = v->broken && v->level == L_MUST ? "not ok" : "ok";

	printf("%s %u - %s: %s [%s]", head, n, driver, v->desc, v->id);
	if (!v->applied)
		printf(" # SKIP no %s in the stream\n", v->what);
	else if (v->level == L_MAY)
		printf(" # INFO observed %lu of %lu %s\n", v->broken, v->applied, v->what);
	else if (v->broken && v->level == L_SHOULD)
		printf(" # WARN %lu of %lu %s break it (%s)\n", v->broken, v->applied, v->what,
		       level_name[v->level]);
	else
		printf("\n");
	if (v->applied && v->broken && v->level != L_MAY)
		diag_break(v);
	else if (v->applied)
		printf("#   checked %lu %s\n", v->applied, v->what);
	return v->broken && v->level == L_MUST;
}

static int usage(void)
{
	fprintf(stderr, "usage: driver-stream [--driver NAME] [--ram START-END]... TRACE...\n");
	return 2;
}

static bool add_ram(struct ram *ram, const char *arg)
{
	uint64_t a, b;

	if (ram->n >= sizeof(ram->r) / sizeof(ram->r[0]) ||
	    sscanf(arg, "%" SCNx64 "-%" SCNx64, &a, &b) != 2 || b < a)
		return false;
	ram->r[ram->n++] = (struct range){ .start = a, .end = b };
	return true;
}

static int read_trace(struct stream *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned int n = 0;
	struct event ev;

	if (!f) {
		perror(path);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (stream_parse(line, &ev)) {
			ev.line = n;
			checks_event(s, &ev);
		}
	}
	fclose(f);
	checks_file_end(s);
	return 0;
}

int main(int argc, char **argv)
{
	static struct stream s;
	const char *driver = "driver";
	int i, rc, failed = 0;

	checks_init(&s);
	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--driver") && i + 2 < argc)
			driver = argv[++i];
		else if (!(!strcmp(argv[i], "--ram") && i + 2 < argc && add_ram(&s.ram, argv[++i])))
			return usage();
	}
	if (i == argc)
		return usage();
	for (; i < argc; i++) {
		rc = read_trace(&s, argv[i]);
		if (rc)
			return rc;
	}
	checks_finish(&s);
	printf("TAP version 13\n");
	for (size_t k = 0; k < s.nv; k++)
		failed |= report(driver, (unsigned int)k + 1, &s.v[k]);
	printf("1..%zu\n", s.nv);
	state_free(&s.st);
	return failed;
}
