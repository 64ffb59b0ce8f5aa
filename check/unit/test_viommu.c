// SPDX-License-Identifier: MIT
/* The driver core against a fake device: negotiation, encoding, statuses. */
#include <string.h>
#include "fake_dev.h"
#include "ut.h"
#include "viommu/viommu.h"

#define ALL_FEATURES (VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_IOMMU_FEATURES_DEFINED)

static void bring_up(struct fake_dev *f, struct viommu *v, uint64_t offered, uint64_t want)
{
	fake_init(f, offered, 8);
	memset(v, 0, sizeof(*v));
	viommu_init(v, &f->t, want);
}

static void negotiation(void)
{
	struct fake_dev f;
	struct viommu v;
	uint64_t want = VIRTIO_BIT(VIRTIO_IOMMU_F_MAP_UNMAP) | VIRTIO_BIT(40);

	bring_up(&f, &v, ALL_FEATURES & ~VIRTIO_BIT(VIRTIO_IOMMU_F_PROBE), want);
	UT_CHECK(f.driver_features == (VIRTIO_BIT(VIRTIO_F_VERSION_1) |
				       VIRTIO_BIT(VIRTIO_IOMMU_F_MAP_UNMAP)),
		 "viommu: writes VERSION_1 plus what was wanted and offered (0x%llx)",
		 (unsigned long long)f.driver_features);
	UT_CHECK(f.status == (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			      VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK),
		 "viommu: ends with ACKNOWLEDGE|DRIVER|FEATURES_OK|DRIVER_OK (0x%x)", f.status);
	fake_init(&f, VIRTIO_IOMMU_FEATURES_DEFINED, 8);	/* no VERSION_1 */
	UT_CHECK(viommu_init(&v, &f.t, ALL_FEATURES) == VIO_EFEATURES &&
		 (f.status & VIRTIO_STATUS_FAILED),
		 "viommu: a device that drops FEATURES_OK fails init and gets FAILED");
}

static void config_space(void)
{
	struct fake_dev f;
	struct viommu v;
	uint64_t mask = 0xfffffffffffff000ull;

	fake_init(&f, ALL_FEATURES, 8);
	memcpy(f.config, &mask, 8);
	f.config[0x24] = 1;
	f.config[0x20] = 0x40;
	memset(&v, 0, sizeof(v));
	viommu_init(&v, &f.t, ALL_FEATURES);
	UT_CHECK(v.cfg.page_size_mask == mask && v.cfg.bypass == 1 && v.cfg.probe_size == 0x40,
		 "viommu: config fields are read at their offsets");
	viommu_write_bypass(&v, 0);
	UT_CHECK(f.config[0x24] == 0 && viommu_read_bypass(&v) == 0,
		 "viommu: bypass is written at offset 0x24");
}

static void map_encoding(void)
{
	struct fake_dev f;
	struct viommu v;
	static const uint8_t want[36] = {
		3, 0, 0, 0,  0x78, 0x56, 0x34, 0x12,
		0x00, 0x10, 0, 0, 0, 0, 0, 0,  0xff, 0x1f, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0, 0, 1, 0, 0, 0,  3, 0, 0, 0,
	};

	bring_up(&f, &v, ALL_FEATURES, ALL_FEATURES);
	fake_viommu_status = VIRTIO_IOMMU_S_OK;
	viommu_map(&v, 0x12345678, 0x1000, 0x1fff, 0x100000000ull,
		   VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE);
	UT_CHECK(f.last_req_len == 36 && !memcmp(f.last_req, want, 36),
		 "viommu: MAP is 36 readable little-endian bytes as in 5.13.6.4");
}

static void status_returned(void)
{
	struct fake_dev f;
	struct viommu v;

	bring_up(&f, &v, ALL_FEATURES, ALL_FEATURES);
	fake_viommu_status = VIRTIO_IOMMU_S_NOENT;
	UT_CHECK(viommu_attach(&v, 1, 2, 0) == VIRTIO_IOMMU_S_NOENT && f.last_req_len == 20,
		 "viommu: ATTACH sends 20 bytes and returns the tail status");
	UT_CHECK(viommu_detach(&v, 1, 2) == VIRTIO_IOMMU_S_NOENT &&
		 viommu_unmap(&v, 1, 0, 0xfff) == VIRTIO_IOMMU_S_NOENT && f.last_req_len == 28,
		 "viommu: DETACH and UNMAP return the tail status");
}

static void used_zero(void)
{
	struct fake_dev f;
	struct viommu v;
	uint8_t buf[24] = { 0x42 };
	uint32_t used = 99;

	bring_up(&f, &v, ALL_FEATURES, ALL_FEATURES);
	UT_CHECK(viommu_send(&v, buf, 20, 4, &used) == VIOMMU_E_USED0 && used == 0,
		 "viommu: a buffer returned with used length 0 is reported as such");
}

static uint32_t swallow(struct fake_dev *f, const uint8_t *req, uint32_t len, uint8_t *reply,
			uint32_t cap)
{
	(void)f, (void)req, (void)len, (void)reply, (void)cap;
	return FAKE_SWALLOW;
}

static void needs_reset(void)
{
	struct fake_dev f;
	struct viommu v;

	bring_up(&f, &v, ALL_FEATURES, ALL_FEATURES);
	f.handler = swallow;
	UT_CHECK(viommu_attach(&v, 1, 2, 0) == VIOMMU_E_NEEDS_RESET && f.status == 0,
		 "viommu: DEVICE_NEEDS_RESET ends the wait and the device is reset");
}

static void batch(void)
{
	struct fake_dev f;
	struct viommu v;
	uint8_t bufs[3][24];
	struct viommu_req r[3];

	bring_up(&f, &v, ALL_FEATURES, ALL_FEATURES);
	fake_viommu_status = VIRTIO_IOMMU_S_OK;
	for (int i = 0; i < 3; i++) {
		memset(bufs[i], 0, sizeof(bufs[i]));
		bufs[i][0] = VIRTIO_IOMMU_T_DETACH;
		r[i] = (struct viommu_req){ .out = { { bufs[i], 20 } }, .nout = 1,
					    .in = { { bufs[i] + 20, 4 } }, .nin = 1 };
	}
	f.notified_chains = 0;
	f.notifies = 0;
	UT_CHECK(viommu_submit(&v, r, 3) == VIO_OK && r[0].done && r[1].done && r[2].done &&
		 r[2].used_len == 4 && f.notified_chains == 3 && f.notifies == 1,
		 "viommu: a batch of three is answered after one notification");
}

/* The domains an ATTACH named, however the request is split: isolation's list. */
static void named_domains(void)
{
	struct fake_dev f;
	struct viommu v;
	struct virtio_iommu_req_attach a;
	struct viommu_req r = { .nout = 2, .nin = 1 };

	bring_up(&f, &v, ALL_FEATURES, ALL_FEATURES);
	v.nnamed = 0;
	fake_viommu_status = VIRTIO_IOMMU_S_OK;
	viommu_attach(&v, 7, 2, 0);
	viommu_attach(&v, 7, 3, 0);
	viommu_map(&v, 9, 0, 0xfff, 0, VIRTIO_IOMMU_MAP_F_READ);
	viommu_attach_req(&a, 0x01020304, 2, 0);
	r.out[0] = (struct vq_seg){ &a, 6 };
	r.out[1] = (struct vq_seg){ (uint8_t *)&a + 6, 10 };
	r.in[0] = (struct vq_seg){ &a.tail, sizeof(a.tail) };
	viommu_submit(&v, &r, 1);
	UT_CHECK(v.nnamed == 2 && v.named[0] == 7 && v.named[1] == 0x01020304 && !v.named_overflow,
		 "viommu: ATTACHes name their domain once each, also split across segments");
}

static void names(void)
{
	UT_CHECK(!strcmp(viommu_status_name(VIRTIO_IOMMU_S_RANGE), "S_RANGE") &&
		 !strcmp(viommu_status_name(VIRTIO_IOMMU_S_NOMEM), "S_NOMEM") &&
		 !strcmp(viommu_status_name(42), "status 42"),
		 "viommu: status names follow the spec");
}

void ut_viommu(void)
{
	negotiation();
	config_space();
	map_encoding();
	status_returned();
	used_zero();
	needs_reset();
	batch();
	named_domains();
	names();
}
