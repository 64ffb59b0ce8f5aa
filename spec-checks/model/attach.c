// SPDX-License-Identifier: MIT
/* ATTACH (5.13.6.2) and DETACH (5.13.6.3), in the order of the spec's checks. */
#include "model_int.h"

#define S(x) VIRTIO_IOMMU_S_##x

static uint32_t known_attach_flags(const struct model *m)
{
	if (model_negotiated(m, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		return VIRTIO_IOMMU_ATTACH_F_BYPASS;
	/* Offered but not accepted: whether the flag is "recognised" is open. */
	if (model_offered(m, VIRTIO_IOMMU_F_BYPASS_CONFIG) && KNOB(m, att_bypass_unneg))
		return VIRTIO_IOMMU_ATTACH_F_BYPASS;
	return 0;
}

static bool same_resv(const struct mep *a, const struct mep *b)
{
	if (a->nresv != b->nresv)
		return false;
	for (unsigned int i = 0; i < a->nresv; i++)
		if (a->resv[i].subtype != b->resv[i].subtype ||
		    a->resv[i].start != b->resv[i].start || a->resv[i].end != b->resv[i].end)
			return false;
	return true;
}

/* DEV-ATT-7: the device decides what compatible means (a choice). */
static bool incompatible(const struct model *m, const struct mep *ep, int d)
{
	if (mutated(m, MUT_ATT_INCOMPATIBLE_OK))
		return false;
	for (unsigned int i = 0; i < ep->nresv; i++)
		if (mapping_overlaps_domain(m, d, ep->resv[i].start, ep->resv[i].end))
			return true;
	if (!KNOB(m, att_compat))
		return false;
	for (unsigned int i = 0; i < m->nep; i++)
		if (m->ep[i].domain == d && !same_resv(&m->ep[i], ep))
			return true;
	return false;
}

/* Joining an existing domain: DEV-ATT-5, -4 and -7.  0 when it may. */
static uint8_t join_checks(struct model *m, struct mep *ep, int d, bool bypass)
{
	if (m->dom[d].bypass != bypass && !mutated(m, MUT_ATT_BYPASS_MISMATCH_OK))
		return S(INVAL);
	if (ep->domain == d)
		return S(OK);
	if (m->dom[d].neps && KNOB(m, att_share)) {
		if (mutated(m, MUT_ATT_SHARE_REFUSED_ATTACHES))
			return S(OK);
		return mutated(m, MUT_ATT_SHARE_INVAL) ? S(INVAL) : S(UNSUPP);
	}
	return incompatible(m, ep, d) ? S(UNSUPP) : S(OK);
}

/* DEV-ATT-6: like DETACH then ATTACH, or S_UNSUPP.  0 when moved. */
static uint8_t leave_old(struct model *m, struct mep *ep)
{
	if (KNOB(m, att_move))
		return mutated(m, MUT_ATT_MOVE_INVAL) ? S(INVAL) : S(UNSUPP);
	if (mutated(m, MUT_ATT_MOVE_KEEPS_OLD_DOMAIN)) {
		m->dom[ep->domain].neps--;
		ep->domain = NO_DOMAIN;
		return S(OK);
	}
	domain_detach(m, ep);
	return S(OK);
}

static uint8_t attach(struct model *m, struct mep *ep, uint32_t id, bool bypass)
{
	int d = domain_find(m, id);
	uint8_t st;

	/*
	 * The accepted mismatch into the endpoint's own domain as QEMU makes it
	 * (virtio_iommu_attach): the endpoint leaves first, which ends the
	 * domain when emptied, and the domain is made again of the kind asked.
	 */
	if (d != NO_DOMAIN && ep->domain == d && m->dom[d].bypass != bypass &&
	    mutated(m, MUT_ATT_BYPASS_MISMATCH_OK)) {
		domain_detach(m, ep);
		d = domain_find(m, id);
	}
	if (d != NO_DOMAIN) {
		st = join_checks(m, ep, d, bypass);
		/*
		 * DEV-ATT-6's move is "as if DETACH, then ATTACH": when the ATTACH
		 * part is refused, the endpoint may have left its old domain.
		 */
		if (st && KNOB(m, att_move_refused) && !KNOB(m, att_move) &&
		    ep->domain != NO_DOMAIN && ep->domain != d)
			domain_detach(m, ep);
		if (st || ep->domain == d)
			return st;
	}
	if (ep->domain != NO_DOMAIN) {
		if (mutated(m, MUT_ATT_MOVE_NOOP))
			return S(OK);
		st = leave_old(m, ep);
		if (st)
			return st;
	}
	if (d == NO_DOMAIN) {
		if (mutated(m, MUT_ATT_NO_DOMAIN))
			return S(OK);
		d = domain_create(m, id, bypass);
		if (d == NO_DOMAIN)
			return S(NOMEM);
	}
	if (!mutated(m, MUT_ATT_NOT_ATTACHED))
		domain_attach(m, ep, d);
	if (mutated(m, MUT_ATT_SHARE_REFUSED_ATTACHES) && m->dom[d].neps > 1)
		return S(UNSUPP);
	return S(OK);
}

uint8_t req_attach(struct model *m, const struct virtio_iommu_req_attach *r)
{
	uint32_t id = le32_get(r->domain), flags = le32_get(r->flags);
	bool rsv = nonzero(r->reserved, sizeof(r->reserved));
	struct mep *ep;
	uint8_t st;

	if (rsv && !mutated(m, MUT_ATT_RESERVED_IGNORED) &&
	    !mutated(m, MUT_ATT_RESERVED_ATTACHES))
		return S(INVAL);
	if ((flags & ~known_attach_flags(m)) && !mutated(m, MUT_ATT_FLAGS_IGNORED))
		return S(INVAL);
	ep = endpoint_find(m, le32_get(r->endpoint));
	if (!ep) {
		if (mutated(m, MUT_ATT_NOENT_OK))
			return S(OK);
		return mutated(m, MUT_ATT_NOENT_INVAL) ? S(INVAL) : S(NOENT);
	}
	if (!model_domain_valid(m, id))
		return KNOB(m, domain_oor) ? S(INVAL) : S(RANGE);
	st = attach(m, ep, id, flags & VIRTIO_IOMMU_ATTACH_F_BYPASS);
	return rsv && mutated(m, MUT_ATT_RESERVED_ATTACHES) ? S(INVAL) : st;
}

uint8_t req_detach(struct model *m, const struct virtio_iommu_req_detach *r)
{
	struct mep *ep = endpoint_find(m, le32_get(r->endpoint));
	int d = domain_find(m, le32_get(r->domain));

	if (mutated(m, MUT_DET_RESERVED_CHECKED) && nonzero(r->reserved, sizeof(r->reserved)))
		return S(INVAL);
	if (!ep)
		return mutated(m, MUT_DET_NOENT_INVAL) ? S(INVAL) : S(NOENT);
	if (d == NO_DOMAIN || ep->domain != d) {
		if (mutated(m, MUT_DET_WRONG_DOMAIN_DETACHES) && ep->domain != NO_DOMAIN) {
			domain_detach(m, ep);
			return S(OK);
		}
		if (mutated(m, MUT_DET_ABSENT_NOENT))
			return S(NOENT);
		return KNOB(m, det_absent) ? S(OK) : S(INVAL);
	}
	if (!mutated(m, MUT_DET_MAPPINGS_KEPT))
		domain_detach(m, ep);
	return mutated(m, MUT_OPS_SUCCESS_DEVERR) ? S(DEVERR) : S(OK);
}
