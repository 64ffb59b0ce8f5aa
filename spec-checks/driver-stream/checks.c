// SPDX-License-Identifier: MIT
/*
 * Each request is held against the rows that apply to it, with the device's
 * state as the stream built it.  Where the trace cannot show something (a
 * request's reserved bytes, ATTACH flags) there is no row: README says so.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <faultline/virtio.h>
#include <faultline/virtio_iommu.h>
#include "checks.h"
#include "reboot.h"

#define MAP_F_DEFINED (VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE | VIRTIO_IOMMU_MAP_F_MMIO)

enum row {
	R_OPS4, R_OPS5, R_MAP3, R_MAP1, R_MAP7, R_MAP4, R_MAP5, R_MAP6, R_UNMAP4, R_UNMAP2,
	R_UNMAP3, R_UNMAP5, R_RESV1, R_INIT2, R_ATT3, R_ATT4, R_FEAT1, R_CFG3, R_CFG1, R_COUNT
};

static const struct verdict template[R_COUNT] = {
	[R_OPS4] = { "DRV-OPS-4", L_MUST, "no address outside input_range", "MAPs and UNMAPs" },
	[R_OPS5] = { "DRV-OPS-5", L_MUST, "no domain outside domain_range", "requests with a domain" },
	[R_MAP3] = { "DRV-MAP-3", L_MUST, "MAP virt_end is greater than virt_start", "MAPs" },
	[R_MAP1] = { "DRV-MAP-1", L_SHOULD, "MAP leaves undefined flag bits clear", "MAPs" },
	[R_MAP7] = { "DRV-MAP-7", L_MUST, "no MAP_F_MMIO unless the device offers F_MMIO", "MAPs" },
	[R_MAP4] = { "DRV-MAP-4", L_SHOULD, "device memory is mapped with MAP_F_MMIO", "MAPs" },
	[R_MAP5] = { "DRV-MAP-5", L_SHOULD, "one MAP spans a single memory type", "MAPs" },
	[R_MAP6] = { "DRV-MAP-6", L_MUST, "an endpoint's read inside a mapping finds MAP_F_READ there",
		     "reads inside mappings" },
	[R_UNMAP4] = { "DRV-UNMAP-4", L_MUST,
		       "each end of an UNMAP range ends a mapping or lies outside every mapping", "UNMAPs" },
	[R_UNMAP2] = { "DRV-UNMAP-2", L_SHOULD, "an UNMAP range covers one or more mappings", "UNMAPs" },
	[R_UNMAP3] = { "DRV-UNMAP-3", L_MAY, "an UNMAP range takes in unmapped addresses", "UNMAPs" },
	[R_UNMAP5] = { "DRV-UNMAP-5", L_SHOULD, "no UNMAP for a domain the device put in bypass",
		       "UNMAPs of domains in a known mode" },
	[R_RESV1] = { "DRV-RESV-1", L_SHOULD,
		      "no MAP inside a RESERVED or MSI region of an endpoint in the domain", "MAPs" },
	[R_INIT2] = { "DRV-INIT-2", L_SHOULD, "an endpoint is probed before it is attached", "ATTACHes" },
	[R_ATT3] = { "DRV-ATT-3", L_SHOULD, "an ATTACH joining a bypass domain sets ATTACH_F_BYPASS",
		     "ATTACHes joining a bypass domain" },
	[R_ATT4] = { "DRV-ATT-4", L_SHOULD, "an ATTACH joining a translated domain leaves ATTACH_F_BYPASS clear",
		     "ATTACHes joining a translated domain" },
	[R_FEAT1] = { "DRV-FEAT-1", L_SHOULD, "the driver accepts PROBE when the device offers it",
		      "driver runs" },
	[R_CFG3] = { "DRV-CFG-3", L_MUST, "bypass is written only with 0 or 1", "bypass writes" },
	[R_CFG1] = { "DRV-CFG-1", L_MAY, "the driver writes the bypass field", "driver runs" },
};

_Static_assert(R_COUNT <= STREAM_MAX_ROWS, "rows");

void checks_init(struct stream *s)
{
	*s = (struct stream){ .nv = R_COUNT };
	memcpy(s->v, template, sizeof(template));
	reboot_init(s);
}

void checks_judge(struct verdict *v, bool ok, unsigned int line, const char *expected,
		  const char *sent_fmt, ...)
{
	va_list ap;

	v->applied++;
	if (ok || v->broken++)
		return;
	v->first_line = line;
	snprintf(v->expected, sizeof(v->expected), "%s", expected);
	va_start(ap, sent_fmt);
	vsnprintf(v->sent, sizeof(v->sent), sent_fmt, ap);
	va_end(ap);
}

#define MAP_SENT "MAP dom %" PRIu32 " [0x%" PRIx64 ", 0x%" PRIx64 "] -> 0x%" PRIx64 " flags 0x%" PRIx32
#define MAP_ARGS(e) (e)->domain, (e)->start, (e)->end, (e)->phys, (e)->flags
#define UNMAP_SENT "UNMAP dom %" PRIu32 " [0x%" PRIx64 ", 0x%" PRIx64 "]"

static bool in_ram(const struct ram *ram, uint64_t a)
{
	return ranges_find(ram->r, ram->n, a) != NULL;
}

static void domain_bound(struct stream *s, const struct event *e, const char *req)
{
	const struct state *st = &s->st;

	if (!st->have_config)
		return;
	checks_judge(&s->v[R_OPS5], e->domain >= st->domain_start && e->domain <= st->domain_end, e->line,
	             "a domain inside domain_range",
	             "%s dom %" PRIu32 " with domain_range [%" PRIu32 ", %" PRIu32 "]",
	             req, e->domain, st->domain_start, st->domain_end);
}

static void input_bound(struct stream *s, const struct event *e, const char *req)
{
	const struct state *st = &s->st;

	if (!st->have_config)
		return;
	checks_judge(&s->v[R_OPS4], e->start >= st->input_start && e->end <= st->input_end, e->line,
	             "addresses inside input_range", "%s [0x%" PRIx64 ", 0x%" PRIx64 "] with input_range [0x%"
	             PRIx64 ", 0x%" PRIx64 "]", req, e->start, e->end, st->input_start, st->input_end);
}

/* Whether any endpoint in the domain has a reserved region over the range. */
static bool hits_resv(const struct state *st, const struct event *e)
{
	for (size_t i = 0; i < st->neps; i++) {
		const struct endpoint *ep = &st->eps[i];

		if (ep->attached && ep->domain == e->domain &&
		    ranges_overlap(ep->resv, ep->nresv, e->start, e->end))
			return true;
	}
	return false;
}

static void on_map(struct stream *s, const struct event *e)
{
	uint64_t pend = e->phys + (e->end - e->start);
	bool mmio = e->flags & VIRTIO_IOMMU_MAP_F_MMIO;
	struct domain *d;

	domain_bound(s, e, "MAP");
	input_bound(s, e, "MAP");
	checks_judge(&s->v[R_MAP3], e->end > e->start, e->line, "virt_end > virt_start", MAP_SENT, MAP_ARGS(e));
	checks_judge(&s->v[R_MAP1], !(e->flags & ~MAP_F_DEFINED), e->line,
	             "no flag outside READ, WRITE, MMIO", MAP_SENT, MAP_ARGS(e));
	checks_judge(&s->v[R_MAP7], !mmio || (s->st.features & VIRTIO_BIT(VIRTIO_IOMMU_F_MMIO)), e->line,
	             "no MAP_F_MMIO: the device does not offer F_MMIO", MAP_SENT, MAP_ARGS(e));
	if (s->ram.n) {
		checks_judge(&s->v[R_MAP5], in_ram(&s->ram, e->phys) == in_ram(&s->ram, pend), e->line,
		             "phys_start and the last byte in one kind of memory", MAP_SENT, MAP_ARGS(e));
		checks_judge(&s->v[R_MAP4], in_ram(&s->ram, e->phys) || mmio, e->line,
		             "MAP_F_MMIO on a MAP of device memory (outside RAM)", MAP_SENT, MAP_ARGS(e));
	}
	checks_judge(&s->v[R_RESV1], !hits_resv(&s->st, e), e->line,
	             "no MAP over a RESERVED or MSI region PROBE reported", MAP_SENT, MAP_ARGS(e));
	d = state_domain(&s->st, e->domain);
	ranges_add(&d->maps, &d->nmaps, &d->cap, e->start, e->end);
	d->maps[d->nmaps - 1].flags = e->flags;
}

/* An end lies inside a mapping and is not that mapping's own end. */
static bool cuts(const struct domain *d, uint64_t a, bool is_start)
{
	const struct range *r = ranges_find(d->maps, d->nmaps, a);

	return r && (is_start ? r->start != a : r->end != a);
}

static uint64_t mapped_bytes(const struct domain *d, uint64_t start, uint64_t end)
{
	uint64_t n = 0;

	for (size_t i = 0; i < d->nmaps; i++)
		if (d->maps[i].start >= start && d->maps[i].end <= end)
			n += d->maps[i].end - d->maps[i].start + 1;
	return n;
}

static void on_unmap(struct stream *s, const struct event *e)
{
	struct domain *d = state_domain(&s->st, e->domain);
	bool cut = cuts(d, e->start, true) || cuts(d, e->end, false);
	uint64_t mapped = mapped_bytes(d, e->start, e->end);

	domain_bound(s, e, "UNMAP");
	input_bound(s, e, "UNMAP");
	if (d->bypass_known)
		checks_judge(&s->v[R_UNMAP5], !d->bypass, e->line, "no UNMAP: the domain bypasses",
		             UNMAP_SENT " of a domain in bypass", e->domain, e->start, e->end);
	checks_judge(&s->v[R_UNMAP4], !cut, e->line, "both ends at ends of mappings or outside them",
	             UNMAP_SENT, e->domain, e->start, e->end);
	checks_judge(&s->v[R_UNMAP2], mapped > 0, e->line, "at least one whole mapping in the range",
	             UNMAP_SENT, e->domain, e->start, e->end);
	/* A MAY: "broken" here only counts how often the driver used it. */
	checks_judge(&s->v[R_UNMAP3], mapped == e->end - e->start + 1 || e->end - e->start == UINT64_MAX,
	             e->line, "", UNMAP_SENT, e->domain, e->start, e->end);
	reboot_unmap(s, e, mapped);
	ranges_remove_inside(d->maps, &d->nmaps, e->start, e->end);
}

/* Whether an endpoint other than ep is attached to domain id. */
static bool domain_shared(const struct state *st, uint32_t id, const struct endpoint *ep)
{
	for (size_t i = 0; i < st->neps; i++)
		if (&st->eps[i] != ep && st->eps[i].attached && st->eps[i].domain == id)
			return true;
	return false;
}

/* The device frees a domain its last endpoint leaves, its mappings with it
 * (QEMU: virtio_iommu_detach): the ID may come back as a new domain, in
 * either mode and with no mapping.  VFIO leaves mappings behind so (QEMU's
 * vfio-pci exiting, host-tests/vfio_qemu_assign.c); kept, they made the next
 * domain of that ID seem to cut them. */
static void leave_domain(struct state *st, struct endpoint *ep)
{
	struct domain *d;

	if (!ep->attached)
		return;
	ep->attached = false;
	if (domain_shared(st, ep->domain, ep))
		return;
	d = state_domain(st, ep->domain);
	d->bypass_known = false;
	d->nmaps = 0;
}

static void on_attach(struct stream *s, const struct event *e, bool attach)
{
	struct endpoint *ep = state_endpoint(&s->st, e->endpoint);
	bool probe_offered = s->st.features & VIRTIO_BIT(VIRTIO_IOMMU_F_PROBE);

	domain_bound(s, e, attach ? "ATTACH" : "DETACH");
	ep->join = JOIN_NONE;
	if (attach && domain_shared(&s->st, e->domain, ep) &&
	    state_domain(&s->st, e->domain)->bypass_known)
		ep->join = state_domain(&s->st, e->domain)->bypass ? JOIN_BYPASS : JOIN_TRANSLATED;
	ep->attach_line = e->line;
	/* QEMU detaches an attached endpoint first: one switch before the one
	 * for the new domain. */
	ep->switch_skip = ep->attached;
	leave_domain(&s->st, ep);
	if (!attach)
		return;
	if (probe_offered)
		checks_judge(&s->v[R_INIT2], ep->probed, e->line, "a PROBE of the endpoint before its ATTACH",
		             "ATTACH dom %" PRIu32 " ep %" PRIu32 " with no PROBE of ep %" PRIu32 " since the reset",
		             e->domain, e->endpoint, e->endpoint);
	reboot_attach(s, e, ep->probed, probe_offered);
	ep->attached = true;
	ep->attach_pending = true;
	ep->domain = e->domain;
}

/* QEMU refuses an ATTACH whose ATTACH_F_BYPASS differs from the mode of the
 * domain it joins, and then switches the endpoint into neither mode: an
 * ATTACH to a shared domain is accepted exactly when its outcome shows. */
static void judge_join(struct stream *s, struct endpoint *ep, bool accepted)
{
	bool bypass = ep->join == JOIN_BYPASS;

	if (ep->join == JOIN_NONE)
		return;
	checks_judge(&s->v[bypass ? R_ATT3 : R_ATT4], accepted, ep->attach_line,
	             bypass ? "ATTACH_F_BYPASS: the domain bypasses" : "no ATTACH_F_BYPASS: the domain translates",
	             "ATTACH dom %" PRIu32 " ep %" PRIu32 ", joining a %s domain, refused by the device",
	             ep->domain, ep->id, bypass ? "bypass" : "translated");
	ep->join = JOIN_NONE;
}

/* A request ends the wait for the outcome of the ATTACHes before it: one
 * still waiting was refused. */
static void settle_attaches(struct stream *s)
{
	for (size_t i = 0; i < s->st.neps; i++) {
		struct endpoint *ep = &s->st.eps[i];

		if (ep->attach_pending)
			judge_join(s, ep, false);
		ep->attach_pending = false;
	}
}

/* QEMU switches an endpoint's address space when it leaves a domain and
 * when it joins one, translating or not by the new domain's bypass: the
 * last switch an ATTACH causes says whether its domain bypasses. */
static void on_switch(struct stream *s, const struct event *e)
{
	struct endpoint *ep = state_endpoint(&s->st, e->endpoint);
	struct domain *d;

	if (!ep->attach_pending)
		return;
	if (ep->switch_skip) {
		ep->switch_skip--;
		return;
	}
	d = state_domain(&s->st, ep->domain);
	d->bypass_known = true;
	d->bypass = !e->flags;
	ep->attach_pending = false;
	judge_join(s, ep, true);
}

/* A read (QEMU's IOMMU_RO bit) by an endpoint inside one of its domain's
 * mappings: the endpoint was meant to read there. */
static void on_translate(struct stream *s, const struct event *e)
{
	const struct endpoint *ep = state_endpoint(&s->st, e->endpoint);
	const struct domain *d;
	const struct range *m;

	if (!(e->flags & 1) || !ep->attached)
		return;
	d = state_domain(&s->st, ep->domain);
	m = ranges_find(d->maps, d->nmaps, e->start);
	if (!m)
		return;
	checks_judge(&s->v[R_MAP6], m->flags & VIRTIO_IOMMU_MAP_F_READ, e->line,
	             "MAP_F_READ on the mapping the endpoint reads", "read by ep %" PRIu32 " at 0x%" PRIx64
	             " inside MAP dom %" PRIu32 " [0x%" PRIx64 ", 0x%" PRIx64 "] flags 0x%" PRIx32,
	             e->endpoint, e->start, d->id, m->start, m->end, m->flags);
}

static void on_resv(struct stream *s, const struct event *e)
{
	struct endpoint *ep = state_endpoint(&s->st, e->endpoint);

	ep->probed = true;
	reboot_probe(s);
	ranges_add(&ep->resv, &ep->nresv, &ep->cap, e->start, e->end);
}

static void on_config(struct stream *s, const struct event *e)
{
	struct state *st = &s->st;

	st->have_config = true;
	st->input_start = e->input_start;
	st->input_end = e->input_end;
	st->domain_start = e->domain_start;
	st->domain_end = e->domain_end;
}

void checks_event(struct stream *s, const struct event *e)
{
	switch (e->kind) {
	case EV_RESET: settle_attaches(s); state_reset(&s->st); break;
	case EV_SYSRESET: settle_attaches(s); reboot_system_reset(s); state_reset(&s->st); break;
	case EV_FEATURES: s->st.features = e->features; break;
	case EV_CONFIG: on_config(s, e); break;
	case EV_SET_CONFIG:
		checks_judge(&s->v[R_CFG3], e->bypass <= 1, e->line, "0 or 1", "bypass = 0x%x", e->bypass);
		s->v[R_CFG1].broken++;
		break;
	case EV_ATTACH: settle_attaches(s); reboot_request(s); on_attach(s, e, true); break;
	case EV_DETACH: settle_attaches(s); reboot_request(s); on_attach(s, e, false); break;
	case EV_MAP: settle_attaches(s); reboot_request(s); on_map(s, e); break;
	case EV_UNMAP: settle_attaches(s); reboot_request(s); on_unmap(s, e); break;
	case EV_RESV: on_resv(s, e); break;
	case EV_SWITCH: on_switch(s, e); break;
	case EV_TRANSLATE: on_translate(s, e); break;
	case EV_NONE: break;
	}
}

void checks_file_end(struct stream *s)
{
	settle_attaches(s);
	reboot_file_end(s);
}

/* PROBE shows as the regions it reports: none at all means no PROBE. */
void checks_finish(struct stream *s)
{
	bool probed = false;

	settle_attaches(s);
	s->v[R_CFG1].applied = 1;
	if (!(s->st.features & VIRTIO_BIT(VIRTIO_IOMMU_F_PROBE)) || !s->st.neps)
		return;
	for (size_t i = 0; i < s->st.neps; i++)
		probed = probed || s->st.eps[i].probed;
	checks_judge(&s->v[R_FEAT1], probed, 0, "PROBE requests (F_PROBE accepted)",
	             "no PROBE of any of %zu endpoints, with F_PROBE offered", s->st.neps);
}
