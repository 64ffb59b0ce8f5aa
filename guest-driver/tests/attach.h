/* SPDX-License-Identifier: MIT */
/* The ATTACH tests in attach_range.c and attach_compat.c (attach.c's table lists them). */
#ifndef FAULTLINE_TESTS_ATTACH_H
#define FAULTLINE_TESTS_ATTACH_H

struct fixture;
struct endpoint;

void attach_domain_range(struct fixture *e);
void attach_domain_range_declined(struct fixture *e);
void attach_probe_compat(struct fixture *e);
/* A second endpoint, of another kind when there is one (NULL: one endpoint). */
const struct endpoint *attach_second(const struct fixture *e);
/* Sharing a domain is a MAY (DEV-ATT-4): S_OK passes, S_UNSUPP is recorded. */
void attach_joined(const char *ids, const char *desc, int st, const char *sent_fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define NO_ENDPOINT "no endpoint behind the virtio-iommu"

#endif
