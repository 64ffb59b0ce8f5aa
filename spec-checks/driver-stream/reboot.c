// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <stdio.h>
#include <faultline/virtio.h>
#include <faultline/virtio_iommu.h>
#include "reboot.h"

enum { RB_INIT2, RB_FEAT1, RB_UNMAP2, RB_COUNT };

static const struct verdict template[RB_COUNT] = {
	[RB_INIT2] = { "DRV-INIT-2", L_SHOULD, "after a reboot, each endpoint is probed again before its ATTACH",
		       "ATTACHes after a reboot" },
	[RB_FEAT1] = { "DRV-FEAT-1", L_SHOULD, "after a reboot, the driver accepts PROBE again",
		       "driver runs after a reboot" },
	[RB_UNMAP2] = { "DRV-UNMAP-2", L_SHOULD,
			"after a reboot, an UNMAP range covers mappings made since the reboot",
			"UNMAPs after a reboot" },
};

void reboot_init(struct stream *s)
{
	s->rb.row = s->nv;
	for (size_t i = 0; i < RB_COUNT && s->nv < STREAM_MAX_ROWS; i++)
		s->v[s->nv++] = template[i];
}

static struct verdict *row(struct stream *s, size_t r)
{
	return &s->v[s->rb.row + r];
}

/* The boot since the last system reset has ended: if it followed a reboot
 * and attached endpoints of a device offering PROBE, did it probe? */
static void boot_end(struct stream *s)
{
	if (s->rb.after && s->rb.attached && (s->st.features & VIRTIO_BIT(VIRTIO_IOMMU_F_PROBE)))
		checks_judge(row(s, RB_FEAT1), s->rb.probed, 0, "PROBE requests again after the reboot",
			     "endpoints attached after a reboot with no PROBE, F_PROBE offered");
	s->rb.probed = s->rb.attached = false;
}

void reboot_system_reset(struct stream *s)
{
	boot_end(s);
	if (s->rb.active)
		s->rb.after = true;
}

void reboot_request(struct stream *s)
{
	s->rb.active = true;
}

void reboot_probe(struct stream *s)
{
	s->rb.probed = true;
}

void reboot_attach(struct stream *s, const struct event *e, bool probed, bool probe_offered)
{
	s->rb.attached = true;
	if (!s->rb.after || !probe_offered)
		return;
	checks_judge(row(s, RB_INIT2), probed, e->line, "a PROBE of the endpoint since the reboot",
		     "ATTACH dom %" PRIu32 " ep %" PRIu32 " after a reboot, with no PROBE of it since",
		     e->domain, e->endpoint);
}

void reboot_unmap(struct stream *s, const struct event *e, uint64_t mapped)
{
	if (!s->rb.after)
		return;
	checks_judge(row(s, RB_UNMAP2), mapped > 0, e->line, "a mapping made since the reboot in the range",
		     "UNMAP dom %" PRIu32 " [0x%" PRIx64 ", 0x%" PRIx64 "] after a reboot, of nothing mapped since",
		     e->domain, e->start, e->end);
}

void reboot_file_end(struct stream *s)
{
	boot_end(s);
	s->rb.active = s->rb.after = false;
}
