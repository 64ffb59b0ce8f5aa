/* SPDX-License-Identifier: MIT */
/* A minimal TAP harness for the host unit tests. */
#ifndef FAULTLINE_UT_H
#define FAULTLINE_UT_H

#include <stdbool.h>
#include <stdio.h>

extern unsigned int ut_count, ut_failed;

#define UT_CHECK(cond, ...) do {					\
		bool ut_ok_ = (cond);					\
		printf("%sok %u - ", ut_ok_ ? "" : "not ", ++ut_count);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		if (!ut_ok_) {						\
			ut_failed++;					\
			printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		}							\
	} while (0)

#define UT_STREQ(got, want, ...) do {					\
		const char *ut_g_ = (got), *ut_w_ = (want);		\
		UT_CHECK(!strcmp(ut_g_, ut_w_), __VA_ARGS__);		\
		if (strcmp(ut_g_, ut_w_))				\
			printf("#   got:  \"%s\"\n#   want: \"%s\"\n", ut_g_, ut_w_); \
	} while (0)

void ut_virtqueue(void);
void ut_viommu(void);
void ut_ratelimit(void);
void ut_tap(void);
void ut_suite(void);
void ut_stall(void);

#endif
