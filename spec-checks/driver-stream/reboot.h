/* SPDX-License-Identifier: MIT */
/*
 * The driver's requests after a reboot of the machine (QEMU's system reset,
 * the same device): a fresh driver must start over, probing each endpoint
 * again, accepting PROBE again, and unmapping only what it mapped since.
 * Rows of their own, so that a stream with no reboot shows as skipped.
 */
#ifndef FAULTLINE_DRIVER_STREAM_REBOOT_H
#define FAULTLINE_DRIVER_STREAM_REBOOT_H

#include "checks.h"

/* Appends the reboot rows to s->v. */
void reboot_init(struct stream *s);
void reboot_system_reset(struct stream *s);
/* A request of the driver's (ATTACH, DETACH, MAP, UNMAP): it runs. */
void reboot_request(struct stream *s);
void reboot_probe(struct stream *s);
void reboot_attach(struct stream *s, const struct event *e, bool probed, bool probe_offered);
void reboot_unmap(struct stream *s, const struct event *e, uint64_t mapped);
void reboot_file_end(struct stream *s);

#endif
