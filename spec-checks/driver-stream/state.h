/* SPDX-License-Identifier: MIT */
/*
 * What the device holds after the requests seen so far: domains and their
 * mappings, endpoints with the domain they are in, whether they were
 * probed and the regions their PROBE reported.  Rebuilt from the stream;
 * a device reset empties it.
 */
#ifndef FAULTLINE_DRIVER_STREAM_STATE_H
#define FAULTLINE_DRIVER_STREAM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct range {
	uint64_t start, end;	/* inclusive */
	uint32_t flags;		/* a mapping's MAP flags */
};

struct domain {
	uint32_t id;
	struct range *maps;
	size_t nmaps, cap;
	/* Whether the device put it in bypass, as its address-space switch
	 * after an ATTACH showed; unknown until then. */
	bool bypass_known, bypass;
};

struct endpoint {
	uint32_t id;
	bool attached, probed;
	/* An ATTACH whose outcome the device's next address-space switch
	 * shows; switch_skip: the switches before it (leaving the old domain). */
	bool attach_pending;
	unsigned int switch_skip;
	/* The ATTACH joins a domain other endpoints are in, of a known mode:
	 * JOIN_BYPASS or JOIN_TRANSLATED (else JOIN_NONE); the line it is on. */
	enum { JOIN_NONE, JOIN_BYPASS, JOIN_TRANSLATED } join;
	unsigned int attach_line;
	uint32_t domain;
	struct range *resv;
	size_t nresv, cap;
};

struct state {
	struct domain *doms;
	size_t ndoms, domcap;
	struct endpoint *eps;
	size_t neps, epcap;
	bool have_config;
	uint64_t features, input_start, input_end;
	uint32_t domain_start, domain_end;
};

struct domain *state_domain(struct state *s, uint32_t id);
struct endpoint *state_endpoint(struct state *s, uint32_t id);
void state_reset(struct state *s);
void state_free(struct state *s);

void ranges_add(struct range **r, size_t *n, size_t *cap, uint64_t start, uint64_t end);
/* Removes every range inside [start, end]; returns how many. */
size_t ranges_remove_inside(struct range *r, size_t *n, uint64_t start, uint64_t end);
/* The range containing addr, or NULL. */
const struct range *ranges_find(const struct range *r, size_t n, uint64_t addr);
bool ranges_overlap(const struct range *r, size_t n, uint64_t start, uint64_t end);

#endif
