// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux virtio-iommu driver (drivers/iommu/virtio-iommu.c) as a VFIO
 * user sees it, with QEMU's edu behind QEMU's virtio-iommu: the reserved
 * regions it builds from PROBE, and how it reports a fault from the event
 * queue.  Behind any other IOMMU every test is a skip.  The IDs above each
 * test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "vfio_fixture.h"

FIXTURE(viommu) {
	struct vfio_env e;
	uint8_t *src, *dst;
};

FIXTURE_SETUP(viommu)
{
	if (vfio_fixture_setup(_metadata, &self->e, VFIO_PATH_CONTAINER, &self->src, &self->dst) &&
	    self->e.edu.kind != IOMMU_VIRTIO)
		SKIP(return, "edu is behind %s, not a virtio-iommu", self->e.edu.iommu);
}

FIXTURE_TEARDOWN(viommu)
{
	vfio_env_teardown(&self->e);
}

/* LINUX-VIOMMU-1 */
TEST_F(viommu, reserved_regions_match_probe)
{
	char path[96], text[512];

	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/reserved_regions",
		 self->e.edu.group);
	ASSERT_LT(0, sysfs_read(path, text, sizeof(text)));
	TH_LOG("%s: %s", path, text);
	/* Exactly PROBE's MSI RESV_MEM: no SW-MSI region at 0x8000000 added. */
	EXPECT_STREQ("0x00000000fee00000 0x00000000feefffff msi\n", text);
}

/* flags_ok TEXT: the bracket of a fault message holds R, W, X in that
 * order, each at most once (the READ, WRITE and EXEC flags of the report). */
static int flags_ok(const char *text)
{
	const char *order = "RWX";

	for (; *text && *text != ']'; text++) {
		order = strchr(order, *text);
		if (!order)
			return 0;
		order++;
	}
	return *text == ']' && text[1] == '\0';
}

/* Where the permission fault happens: a page mapped read-only.  No read
 * through a write-only page: the linux-driver subtest (DRV-MAP-6) takes a
 * read inside a mapping without READ for the driver's fault, and cannot
 * tell the caller's write-only request from a READ the driver dropped. */
#define IOVA_RO IOVA_DST

/* fault_flags E KMSG IOVA TO_RAM LINE SIZE: edu's transfer at IOVA (to RAM,
 * or from it) faults; LINE gets the driver's message for it.  Returns the
 * message's "[..]" after "page fault from EP <rid> at <IOVA> ", or NULL. */
static const char *fault_flags(const struct vfio_env *e, int kmsg, uint64_t iova, int to_ram,
			       char *line, size_t size)
{
	char want[96];
	const char *at;

	if (edu_dma(e->bar0, to_ram ? EDU_BUF_ADDR : iova, to_ram ? iova : EDU_BUF_ADDR, FAULT_XFER,
		    to_ram) ||
	    kmsg_find_dma_fault(kmsg, &e->edu, iova, FAULT_XFER, line, size) != 1)
		return NULL;
	/* Every fault here is R_MAPPING, logged as "page", with F_ADDRESS. */
	snprintf(want, sizeof(want), ": page fault from EP %u at %#llx ", e->edu.rid,
		 (unsigned long long)iova);
	at = strstr(line, want);
	return at ? at + strlen(want) : NULL;
}

/* LINUX-VIOMMU-2 */
TEST_F(viommu, fault_log_format)
{
	char line[512] = "";
	const char *flags;
	int kmsg = kmsg_open();

	ASSERT_LE(0, kmsg) TH_LOG("open /dev/kmsg: %s", strerror(-kmsg));
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	/* Unmapped, inside the page: the address logged is the one faulted on. */
	flags = fault_flags(&self->e, kmsg, IOVA_FAULT, 1, line, sizeof(line));
	TH_LOG("kernel: %s", line);
	ASSERT_NE(NULL, flags) TH_LOG("no 'page fault from EP %u at %#llx [..]'", self->e.edu.rid,
				      IOVA_FAULT);
	/* dev_err on the virtio device: "virtio_iommu virtioN: page fault ..." */
	EXPECT_EQ(0, strncmp(line, "virtio_iommu virtio", 19));
	EXPECT_TRUE(*flags == '[' && flags_ok(flags + 1)) TH_LOG("flags: '%s'", flags);
	/* A permission fault names its access (QEMU sets F_WRITE): a write
	 * through a read-only page is W. */
	ASSERT_EQ(0, vfio_map_prot(self->e.container, self->dst, IOVA_RO, PAGE, VFIO_DMA_MAP_FLAG_READ));
	flags = fault_flags(&self->e, kmsg, IOVA_RO, 1, line, sizeof(line));
	TH_LOG("write to a read-only page: %s", line);
	ASSERT_NE(NULL, flags);
	EXPECT_STREQ("[W]", flags);
	close(kmsg);
}

TEST_HARNESS_MAIN
