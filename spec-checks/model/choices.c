// SPDX-License-Identifier: MIT
/* The knob table: names, values, the statements behind each, and the sweep. */
#include <stdio.h>
#include <string.h>
#include "choices.h"

#define MAX_VALUES CHOICES_MAX_VALUES

struct kval {
	const char *name;
	int v;
	const char *warn;	/* statements this value breaks (not conforming) */
};

struct knob {
	const char *name;
	size_t off;			/* of the int in struct model_cfg */
	const char *ids;		/* statements that allow the values */
	struct kval values[MAX_VALUES];	/* [0] is the default */
	const char *help;
};

#define K(field) offsetof(struct model_cfg, field)
#define V(n, val) { .name = n, .v = val }
#define ON_OFF { V("1", 1), V("0", 0) }
#define V2(a, b) { V(a, 0), V(b, 1) }
#define V3(a, b, c) { V(a, 0), V(b, 1), V(c, 2) }

static const struct knob knobs[] = {
	/* configuration */
	{ "input-range", K(f_input_range), "5.13.3", ON_OFF, "offer INPUT_RANGE" },
	{ "domain-range", K(f_domain_range), "5.13.3", ON_OFF, "offer DOMAIN_RANGE" },
	{ "map-unmap", K(f_map_unmap), "DEV-FEAT-1",
	  { V("1", 1), { .name = "0", .v = 0, .warn = "DEV-FEAT-1" } }, "offer MAP_UNMAP" },
	{ "bypass-legacy", K(f_bypass), "DEV-FEAT-2",
	  { V("0", 0), { .name = "1", .v = 1, .warn = "DEV-FEAT-2,DEV-FEAT-3" } },
	  "offer legacy BYPASS" },
	{ "probe", K(f_probe), "5.13.3", ON_OFF, "offer PROBE" },
	{ "mmio", K(f_mmio), "5.13.3", ON_OFF, "offer MMIO" },
	{ "bypass-config", K(f_bypass_config), "5.13.3", ON_OFF, "offer BYPASS_CONFIG" },
	{ "indirect", K(f_indirect), "2.7.5.3", ON_OFF, "offer VIRTIO_F_INDIRECT_DESC" },
	{ "granule", K(granule), "DEV-CFG-1,DEV-CFG-2",
	  { V("4k", GRANULE_4K), V("64k", GRANULE_64K), V("1", GRANULE_1),
	    V("4k+2m+1g", GRANULE_4K_2M_1G) }, "page_size_mask" },
	{ "input", K(input), "5.13.4", V2("48bit", "high"),
	  "input_range [0, 2^48-1] or [1 GiB, 2^47-1]" },
	{ "domains", K(domains), "5.13.4", V2("1-1023", "256-511"), "domain_range" },
	{ "probe-size", K(probe_size), "5.13.4", V3("512", "64", "4096"), "probe_size" },
	{ "endpoints", K(endpoints), "-", V3("3", "1", "0"),
	  "endpoints: edu 0x10, virtio-rng 0x18, edu 0x20" },
	{ "resv", K(resv), "5.13.6.7", V3("default", "none", "many"),
	  "RESV_MEM regions per endpoint" },
	{ "bypass", K(bypass_initial), "DEV-CFG-3", V2("0", "1"), "initial bypass" },
	{ "reset", K(reset_keeps), "INF-INIT-1",
	  { V("clears", 0), { .name = "keeps", .v = 1, .warn = "INF-INIT-1" } },
	  "device reset: ends every domain, or keeps domains and attachments (as QEMU 10.0)" },
	/* choices the spec leaves open */
	{ "att-share", K(att_share), "DEV-ATT-4", V2("share", "unsupp"),
	  "second endpoint in a domain: attached, or S_UNSUPP" },
	{ "att-move", K(att_move), "DEV-ATT-6", V2("move", "unsupp"),
	  "attached endpoint sent to another domain: moved, or S_UNSUPP" },
	{ "att-move-refused", K(att_move_refused), "DEV-ATT-6", V2("stays", "detached"),
	  "a move the new domain refuses: the endpoint stays, or has left (DETACH, then ATTACH)" },
	{ "att-compat", K(att_compat), "DEV-ATT-7", V2("overlap", "identical"),
	  "incompatible: a mapping over its reserved region, or any RESV_MEM difference" },
	{ "att-bypass-unneg", K(att_bypass_unneg), "DEV-ATT-2", V2("inval", "accept"),
	  "ATTACH_F_BYPASS with BYPASS_CONFIG offered, not negotiated" },
	{ "det-absent", K(det_absent), "DEV-DET-3", V2("inval", "ok"),
	  "DETACH from a domain the endpoint is not in" },
	{ "unmap-rsv", K(unmap_rsv), "DEV-UNMAP-1", V3("ok", "inval", "inval-unmap"),
	  "UNMAP with reserved set: done, S_INVAL and kept, S_INVAL and done" },
	{ "domain-oor", K(domain_oor), "DRV-OPS-5", V2("range", "inval"),
	  "ATTACH outside domain_range" },
	{ "iova-oor", K(iova_oor), "INF-OPS-2", V2("range", "inval"),
	  "MAP outside input_range" },
	{ "map-order", K(map_order), "DRV-MAP-3", V2("inval", "range"),
	  "MAP with virt_end < virt_start" },
	{ "one-byte", K(one_byte), "INF-MAP-3", V2("map", "range"),
	  "MAP with virt_end == virt_start (7.13#1: the text allows it and forbids it)" },
	{ "map-resv", K(map_resv), "DEV-RESV-4", V2("inval", "range"),
	  "MAP over a reserved region" },
	{ "mmio-unneg", K(mmio_unneg), "DRV-MAP-7", V2("inval", "accept"),
	  "MAP_F_MMIO without F_MMIO negotiated" },
	{ "range-gate", K(range_gate), "7.13#2", V2("offered", "negotiated"),
	  "domain_range and input_range apply when offered, or when negotiated" },
	{ "unneg-req", K(unneg_req), "7.13#3", V3("used0", "unsupp", "inval"),
	  "MAP/UNMAP without MAP_UNMAP, PROBE offered but not negotiated" },
	{ "bypass-write", K(bypass_write), "DRV-CFG-3", V2("ignore", "needs-reset"),
	  "driver writes bypass > 1, or bypass without BYPASS_CONFIG" },
	{ "wo-read", K(wo_read), "DEV-MAP-7", V2("deny", "allow"),
	  "read through a WRITE-only mapping" },
	{ "fault-addr", K(fault_addr), "DEV-FAULT-4", V3("exact", "granule", "omit"),
	  "fault address: the IOVA, rounded down to the granule, or not reported" },
	{ "fault-rw", K(fault_rw), "7.13#6", V2("set", "omit"),
	  "FAULT_F_READ/F_WRITE in reports" },
	{ "evq-full", K(evq_full), "INF-FAULT-1", V2("wait", "drop"),
	  "fault with no event buffer posted" },
	{ "evq-small", K(evq_small), "DEV-FAULT-5", V3("drop", "older", "needs-reset"),
	  "event buffer under 24 bytes: dropped, the 20-byte format, or DEVICE_NEEDS_RESET" },
	{ "fault-each", K(fault_each), "INF-FAULT-2", V2("first", "each"),
	  "reports per faulting transfer: at its first fault, or one per 4-byte access" },
};

#define NKNOBS (sizeof(knobs) / sizeof(knobs[0]))

/*
 * Settings beyond one knob at a time: devices as a whole.  A legacy device
 * (BYPASS instead of BYPASS_CONFIG) breaks DEV-FEAT-2 but is how INF-OPS-3's
 * legacy rule is checked; a device without MAP_UNMAP breaks DEV-FEAT-1, and
 * every test that needs MAP must skip on it.
 */
static const struct {
	const char *setting;
	const char *warn;
} combos[] = {
	{ "bypass-legacy=1,bypass-config=0", "DEV-FEAT-2" },
	{ "map-unmap=0", "DEV-FEAT-1" },
	/* As QEMU 10.0 and 11.1: the suite's isolation keeps it to INF-INIT-1. */
	{ "reset=keeps", "INF-INIT-1" },
	{ "input-range=0,domain-range=0,probe=0,mmio=0,bypass-config=0", "" },
	{ "input-range=0,domain-range=0,range-gate=negotiated", "" },
	{ "granule=64k,input=high,domains=256-511,resv=many,bypass=1", "" },
	{ "att-share=unsupp,att-move=unsupp,det-absent=ok,unmap-rsv=inval-unmap,"
	  "wo-read=allow,fault-addr=omit,fault-rw=omit,evq-full=drop,evq-small=older", "" },
	/* Where the spec lets it, as Debian's QEMU 7.2 does (expectations/qemu-7.2.txt). */
	{ "fault-each=each,evq-small=needs-reset,evq-full=drop,fault-rw=omit,bypass=1", "" },
};

static int *field(struct model_cfg *cfg, const struct knob *k)
{
	return (int *)((char *)cfg + k->off);
}

void choices_default(struct model_cfg *cfg)
{
	for (size_t i = 0; i < NKNOBS; i++)
		*field(cfg, &knobs[i]) = knobs[i].values[0].v;
}

static bool same(const char *name, const char *s, size_t len)
{
	return strlen(name) == len && !strncmp(name, s, len);
}

static const struct knob *find_knob(const char *name, size_t len)
{
	for (size_t i = 0; i < NKNOBS; i++)
		if (same(knobs[i].name, name, len))
			return &knobs[i];
	return NULL;
}

static const struct kval *find_value(const struct knob *k, const char *val, size_t len)
{
	for (int v = 0; v < MAX_VALUES && k->values[v].name; v++)
		if (same(k->values[v].name, val, len))
			return &k->values[v];
	return NULL;
}

/* The guest's little libc has neither memchr nor stderr. */
static const char *find_char(const char *s, char c, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == c)
			return s + i;
	return NULL;
}

#if __STDC_HOSTED__
#define complain(...) fprintf(stderr, __VA_ARGS__)
#else
#define complain(...) printf(__VA_ARGS__)
#endif

/* One "knob=value" of length len. */
static bool parse_one(struct model_cfg *cfg, const char *s, size_t len)
{
	const char *eq = find_char(s, '=', len);
	const struct knob *k = eq ? find_knob(s, (size_t)(eq - s)) : NULL;
	const struct kval *v = k ? find_value(k, eq + 1, len - (size_t)(eq + 1 - s)) : NULL;

	if (!v) {
		complain("model-suite: bad choice '%.*s' (see --list-choices)\n",
			(int)len, s);
		return false;
	}
	*field(cfg, k) = v->v;
	return true;
}

bool choices_parse(struct model_cfg *cfg, const char *spec)
{
	while (spec && *spec) {
		const char *comma = strchr(spec, ',');
		size_t len = comma ? (size_t)(comma - spec) : strlen(spec);

		if (len && !parse_one(cfg, spec, len))
			return false;
		spec += len + (spec[len] == ',');
	}
	return true;
}

void choices_list(void)
{
	for (size_t i = 0; i < NKNOBS; i++) {
		const struct knob *k = &knobs[i];

		printf("%-17s [%s] %s:", k->name, k->ids, k->help);
		for (int v = 0; v < MAX_VALUES && k->values[v].name; v++)
			printf(" %s%s", k->values[v].name, v ? "" : " (default)");
		printf("\n");
	}
}

void choices_sweep(void (*fn)(const char *setting, const char *warn_ids))
{
	char s[64];

	fn("", "");
	for (size_t i = 0; i < NKNOBS; i++) {
		const struct knob *k = &knobs[i];

		for (int v = 1; v < MAX_VALUES && k->values[v].name; v++) {
			if (k->values[v].warn)
				continue;	/* not conforming: see combos */
			snprintf(s, sizeof(s), "%s=%s", k->name, k->values[v].name);
			fn(s, "");
		}
	}
	for (size_t i = 0; i < sizeof(combos) / sizeof(combos[0]); i++)
		fn(combos[i].setting, combos[i].warn);
}

unsigned int choices_open(void)
{
	unsigned int n = 0;

	for (size_t i = 0; i < NKNOBS; i++)
		n += knobs[i].off >= K(att_share);
	return n;
}

/*
 * The k-th knob of the second family (a choice the spec leaves open).  The
 * oracle asks for every pair of open choices in each world: an index, not
 * a walk of the table each time.
 */
static const struct knob *open_knob(unsigned int k)
{
	_Static_assert(NKNOBS <= 255, "knob indices fit a byte");
	static unsigned char idx[NKNOBS];
	static unsigned int n = NKNOBS + 1;

	if (n > NKNOBS) {
		n = 0;
		for (size_t i = 0; i < NKNOBS; i++)
			if (knobs[i].off >= K(att_share))
				idx[n++] = (unsigned char)i;
	}
	return k < n ? &knobs[idx[k]] : NULL;
}

unsigned int choices_open_values(unsigned int k)
{
	const struct knob *kn = open_knob(k);
	unsigned int n = 0;

	while (kn && n < MAX_VALUES && kn->values[n].name)
		n++;
	return n;
}

void choices_open_set(struct model_cfg *cfg, unsigned int k, unsigned int v)
{
	const struct knob *kn = open_knob(k);

	if (kn && v < choices_open_values(k))
		*field(cfg, kn) = kn->values[v].v;
}

int choices_open_get(const struct model_cfg *cfg, unsigned int k)
{
	const struct knob *kn = open_knob(k);

	return kn ? *(const int *)((const char *)cfg + kn->off) : -1;
}

uint64_t choices_open_bit(unsigned int k)
{
	const struct knob *kn = open_knob(k);

	return kn ? 1ull << (kn->off / sizeof(int)) : 0;
}

void choices_open_name(unsigned int k, const struct model_cfg *cfg, char *buf, size_t size,
		       const char **ids)
{
	const struct knob *kn = open_knob(k);
	int cur = choices_open_get(cfg, k);

	buf[0] = '\0';
	*ids = kn ? kn->ids : "";
	for (unsigned int v = 0; kn && v < MAX_VALUES && kn->values[v].name; v++)
		if (kn->values[v].v == cur)
			snprintf(buf, size, "%s=%s", kn->name, kn->values[v].name);
}
