// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux virtio-iommu driver in front of a device that does what QEMU
 * never does (vm-images/qemu-quirks/, every bit of x-faultline-quirks on):
 * unknown and malformed PROBE properties, fault reports with reserved bytes,
 * undefined flags and an undefined reason, tails with reserved bytes, a MAP
 * answered with used length 0.  The driver must parse on, disregard, treat as
 * R_UNKNOWN, drop, or fail the request, as each statement says, and edu's DMA
 * must still behave.  The IDs are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "edu_dma.h"
#include "iommu_log.h"
#include "vfio_map.h"

/* What the quirks put where (the patches' constants). */
#define RESV_MSI "0x00000000fee00000 0x00000000feefffff msi\n"
#define RESV_TYPE_BITS "0x00000000dead0000"
#define RESV_UNKNOWN_SUBTYPE "0x00000000beef0000 0x00000000beefffff reserved\n"
#define RESV_RESERVED_BYTES "0x00000000cafe0000 0x00000000cafeffff reserved\n"
#define FAULT_RESERVED 0x0ff00000ULL	/* report with reserved set */
#define FAULT_UNDEFINED 0x0ff10000ULL	/* reserved2 and flag bit 9 set */
#define FAULT_REASON 0x0ff20000ULL	/* reason 0x7f */
#define MAP_USED_ZERO 0x07770000ULL	/* MAP answered with used length 0 */

FIXTURE(quirks) {
	struct vfio_env e;
	uint8_t *src, *dst;
	char resv[1024];
};

FIXTURE_SETUP(quirks)
{
	const char *why = "";
	char path[96];
	char cmdline[1024] = "";
	int rc = vfio_env_setup(&self->e, VFIO_PATH_CONTAINER, &why);

	/* Only the host-vfio-quirks VM has the unusual device: its kernel command
	 * line says suite=quirks (elsewhere, as in a plain kselftest run, skip). */
	if (sysfs_read("/proc/cmdline", cmdline, sizeof(cmdline)) < 0 || !strstr(cmdline, "suite=quirks"))
		SKIP(return, "not the unusual virtio-iommu of vm-images/qemu-quirks.sh (no suite=quirks)");

	/* Here edu is always behind the unusual virtio-iommu: without an IOMMU
	 * group the driver refused its endpoint (a PROBE it could not take),
	 * which the statements forbid, so that is a failure, not a skip. */
	if (rc == VFIO_ENV_SKIP && self->e.edu.bdf[0]) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", self->e.edu.bdf);
		ASSERT_EQ(0, access(path, F_OK))
			TH_LOG("edu %s has no IOMMU group behind the unusual virtio-iommu: %s",
			       self->e.edu.bdf, why);
	}
	if (rc == VFIO_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
	if (self->e.edu.kind != IOMMU_VIRTIO)
		SKIP(return, "edu is behind %s, not a virtio-iommu", self->e.edu.iommu);
	self->src = dma_pages();
	ASSERT_NE(NULL, self->src);
	self->dst = self->src + PAGE;
	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/reserved_regions",
		 self->e.edu.group);
	ASSERT_LT(0, sysfs_read(path, self->resv, sizeof(self->resv)));
	TH_LOG("%s: %s", path, self->resv);
}

FIXTURE_TEARDOWN(quirks)
{
	vfio_env_teardown(&self->e);
}

/* An unknown type comes first; the MSI region after it. */
/* LINUX-QUIRK-1 */
TEST_F(quirks, probe_unknown_type_skipped)
{
	EXPECT_NE(NULL, strstr(self->resv, RESV_MSI));
}

/* LINUX-QUIRK-2 */
TEST_F(quirks, probe_reserved_type_bits_disregarded)
{
	EXPECT_EQ(NULL, strstr(self->resv, RESV_TYPE_BITS))
		TH_LOG("a RESV_MEM property with type bit 15 set was applied");
}

/* LINUX-QUIRK-3 */
TEST_F(quirks, resv_unknown_subtype_reserved)
{
	EXPECT_NE(NULL, strstr(self->resv, RESV_UNKNOWN_SUBTYPE));
}

/* LINUX-QUIRK-4 */
TEST_F(quirks, resv_reserved_bytes_disregarded)
{
	EXPECT_NE(NULL, strstr(self->resv, RESV_RESERVED_BYTES));
}

/* A faulting write of edu's buffer to IOVA, after loading it from the source page. */
static int fault_at(struct vfio_env *e, uint8_t *src, uint64_t iova)
{
	int rc = vfio_map(e->container, src, IOVA_SRC, PAGE);

	if (!rc)
		rc = edu_dma(e->bar0, IOVA_SRC, EDU_BUF_ADDR, XFER, 0);
	return rc ? rc : edu_dma(e->bar0, EDU_BUF_ADDR, iova, FAULT_XFER, 1);
}

/* The control fault after it is logged, so the log was read past the
 * dropped one (the driver handles reports in order). */
/* LINUX-QUIRK-5 */
TEST_F(quirks, fault_reserved_dropped)
{
	char line[512] = "";
	int seen = kmsg_open(), control = kmsg_open();

	ASSERT_LE(0, seen);
	ASSERT_LE(0, control);
	ASSERT_EQ(0, fault_at(&self->e, self->src, FAULT_RESERVED));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(1, kmsg_find_fault(control, &self->e.edu, IOVA_HOLE, IOVA_HOLE + 3, line,
				     sizeof(line)));
	EXPECT_EQ(0, kmsg_find_fault(seen, &self->e.edu, FAULT_RESERVED, FAULT_RESERVED + 3, line,
				     sizeof(line))) TH_LOG("logged: %s", line);
	close(seen);
	close(control);
}

/* The "[...]" of a fault message: the flags as the driver read them. */
static const char *flags_of(const char *line)
{
	const char *b = strrchr(line, '[');

	return b ? b : "";
}

/* The flags read are those of the same fault without the reserved2 byte
 * and the undefined flag (a control fault next to it). */
/* LINUX-QUIRK-6 */
TEST_F(quirks, fault_undefined_bits_read_past)
{
	char line[512] = "", ctl[512] = "", want[96];
	int kmsg = kmsg_open();

	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, fault_at(&self->e, self->src, FAULT_UNDEFINED));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(1, kmsg_find_fault(kmsg, &self->e.edu, FAULT_UNDEFINED, FAULT_UNDEFINED + 3, line,
				     sizeof(line)));
	ASSERT_EQ(1, kmsg_find_fault(kmsg, &self->e.edu, IOVA_HOLE, IOVA_HOLE + 3, ctl, sizeof(ctl)));
	close(kmsg);
	TH_LOG("kernel: %s", line);
	TH_LOG("control: %s", ctl);
	snprintf(want, sizeof(want), ": page fault from EP %u at %#llx [", self->e.edu.rid,
		 FAULT_UNDEFINED);
	EXPECT_NE(NULL, strstr(line, want)) TH_LOG("expected '%s'", want);
	EXPECT_STREQ(flags_of(ctl), flags_of(line));
}

/* LINUX-QUIRK-7 */
TEST_F(quirks, fault_unknown_reason_as_unknown)
{
	char line[512] = "", want[96];
	int kmsg = kmsg_open();

	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, fault_at(&self->e, self->src, FAULT_REASON));
	ASSERT_EQ(1, kmsg_find_fault(kmsg, &self->e.edu, FAULT_REASON, FAULT_REASON + 3, line,
				     sizeof(line)));
	close(kmsg);
	TH_LOG("kernel: %s", line);
	snprintf(want, sizeof(want), ": unknown fault from EP %u at %#llx", self->e.edu.rid,
		 FAULT_REASON);
	EXPECT_NE(NULL, strstr(line, want)) TH_LOG("expected '%s'", want);
}

/* Every answer's tail has reserved bytes set. */
/* LINUX-QUIRK-8 */
TEST_F(quirks, tail_reserved_ignored)
{
	memset(self->dst, POISON, PAGE);
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, edu_round_trip(self->e.bar0, IOVA_SRC, IOVA_DST));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER));
}

/* The device answered the MAP with used length 0 and mapped nothing: a
 * driver that took that as success leaves a mapping that faults. */
/* LINUX-QUIRK-9 */
TEST_F(quirks, map_used_length_zero_fails)
{
	int rc = vfio_map(self->e.container, self->src, MAP_USED_ZERO, PAGE);

	EXPECT_NE(0, rc) TH_LOG("MAP_DMA at %#llx answered with used length 0 succeeded",
				MAP_USED_ZERO);
}

/* Whatever the device sent, the kernel logged no oops, BUG or WARNING. */
/* LINUX-QUIRK-10 */
TEST_F(quirks, no_kernel_warning)
{
	char rec[2048];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK), bad = 0;
	ssize_t n;

	/* The device's unusual fault reports, whatever ran before: run alone (a
	 * filter, a kselftest subset) the test still has something to see. */
	ASSERT_EQ(0, fault_at(&self->e, self->src, FAULT_RESERVED));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, FAULT_UNDEFINED, FAULT_XFER, 1));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, FAULT_REASON, FAULT_XFER, 1));
	ASSERT_LE(0, fd);
	while ((n = read(fd, rec, sizeof(rec) - 1)) != 0) {
		if (n < 0 && errno == EPIPE)
			continue;
		if (n < 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, "WARNING:") || strstr(rec, "BUG:") || strstr(rec, "Oops")) {
			TH_LOG("kernel: %s", rec);
			bad++;
		}
	}
	close(fd);
	EXPECT_EQ(0, bad);
}

TEST_HARNESS_MAIN
