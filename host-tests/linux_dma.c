// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own DMA through virtio-iommu: QEMU's virtio-rng with
 * iommu_platform=on, driven by virtio-rng (DMA API) through the default
 * domain that the kernel command line chooses (iommu.passthrough,
 * iommu.strict).  The tests are the stimulus of the Linux driver's request
 * stream (spec-checks/driver-stream): its MAPs and UNMAPs of a DMA domain,
 * the ATTACHes of an identity one, the unbind and rebind.  The IDs above
 * each test are in host-tests/statements.txt.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "edu_device.h"

/* virtio-rng, modern only (disable-legacy=on): virtio IDs 0x1040 + 4. */
enum { RNG_VENDOR = 0x1af4, RNG_DEVICE = 0x1044 };
#define RNG_BYTES 64

/* The PCI address of the virtio-rng device, or "" (no such device). */
static void rng_find(char *bdf, size_t size)
{
	DIR *dir = opendir("/sys/bus/pci/devices");
	struct dirent *d;
	char path[300], buf[16];

	bdf[0] = '\0';
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", d->d_name);
		if (sysfs_read(path, buf, sizeof(buf)) < 0 || strtoul(buf, NULL, 16) != RNG_VENDOR)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", d->d_name);
		if (sysfs_read(path, buf, sizeof(buf)) > 0 && strtoul(buf, NULL, 16) == RNG_DEVICE &&
		    strlen(d->d_name) < size) {
			memcpy(bdf, d->d_name, strlen(d->d_name) + 1);
			break;
		}
	}
	if (dir)
		closedir(dir);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* RNG_BYTES from /dev/hwrng: how many were read, or -errno. */
static int rng_read(unsigned char *buf)
{
	int fd = open("/dev/hwrng", O_RDONLY), n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, RNG_BYTES);
	n = n < 0 ? -errno : n;
	close(fd);
	return n;
}

/* Random bytes are not all one value (a chance of 2^-504). */
static bool varied(const unsigned char *buf, int n)
{
	for (int i = 1; i < n; i++)
		if (buf[i] != buf[0])
			return true;
	return false;
}

FIXTURE(dma) {
	char bdf[64];
	char cmdline[1024];
};

FIXTURE_SETUP(dma)
{
	char current[64] = "";

	rng_find(self->bdf, sizeof(self->bdf));
	if (!self->bdf[0])
		SKIP(return, "no virtio-rng (1af4:1044) in this VM");
	ASSERT_LT(0, sysfs_read("/proc/cmdline", self->cmdline, sizeof(self->cmdline)));
	/* The rng tests need the driver; the default domain test does not. */
	sysfs_read("/sys/class/misc/hw_random/rng_current", current, sizeof(current));
	if (strncmp(current, "virtio_rng", 10) && strcmp(_metadata->name, "default_domain_type"))
		SKIP(return, "no virtio-rng driver in this kernel (rng_current: %s)",
		     current[0] ? current : "none");
}

FIXTURE_TEARDOWN(dma)
{
}

/* What the command line asks for; neither option: x86's default, lazy
 * (CONFIG_IOMMU_DEFAULT_DMA_LAZY in every kernel the suite boots). */
static const char *wanted_type(const char *cmdline)
{
	if (strstr(cmdline, "iommu.passthrough=1"))
		return "identity";
	if (strstr(cmdline, "iommu.strict=1"))
		return "DMA";
	return "DMA-FQ";
}

/* LINUX-VIOMMU-DMA-1 */
TEST_F(dma, default_domain_type)
{
	char path[160], type[32] = "";

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group/type", self->bdf);
	ASSERT_LT(0, sysfs_read(path, type, sizeof(type))) TH_LOG("no %s: no IOMMU group", path);
	type[strcspn(type, "\n")] = '\0';
	EXPECT_STREQ(wanted_type(self->cmdline), type);
}

/* LINUX-VIOMMU-DMA-2 */
TEST_F(dma, hwrng_reads)
{
	unsigned char buf[RNG_BYTES];
	int n = rng_read(buf);

	ASSERT_LT(0, n) TH_LOG("read /dev/hwrng: %s", strerror(-n));
	EXPECT_TRUE(varied(buf, n)) TH_LOG("%d bytes, all 0x%02x", n, buf[0]);
}

/* LINUX-VIOMMU-DMA-3 */
TEST_F(dma, rebind_reads)
{
	unsigned char buf[RNG_BYTES];
	char path[160];
	int n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", self->bdf);
	ASSERT_EQ(0, write_file(path, self->bdf));
	ASSERT_EQ(0, write_file("/sys/bus/pci/drivers/virtio-pci/bind", self->bdf));
	n = rng_read(buf);
	ASSERT_LT(0, n) TH_LOG("read /dev/hwrng after the rebind: %s", strerror(-n));
	EXPECT_TRUE(varied(buf, n)) TH_LOG("%d bytes, all 0x%02x", n, buf[0]);
}

/*
 * /init runs it in the boot after the machine's reboot (QEMU's system reset,
 * the same virtio-iommu), which /init caused once the same reads had gone
 * through the driver.
 */
/* LINUX-VIOMMU-DMA-4 */
TEST_F(dma, reboot_reads)
{
	unsigned char buf[RNG_BYTES];
	char path[160], type[32] = "";
	int n;

	if (!strstr(self->cmdline, "reboot=on"))
		SKIP(return, "runs in the boot after /init's reboot (reboot=on on the command line)");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group/type", self->bdf);
	ASSERT_LT(0, sysfs_read(path, type, sizeof(type))) TH_LOG("no %s after the reboot", path);
	type[strcspn(type, "\n")] = '\0';
	EXPECT_STREQ(wanted_type(self->cmdline), type);
	n = rng_read(buf);
	ASSERT_LT(0, n) TH_LOG("read /dev/hwrng after the reboot: %s", strerror(-n));
	EXPECT_TRUE(varied(buf, n)) TH_LOG("%d bytes, all 0x%02x", n, buf[0]);
}

TEST_HARNESS_MAIN
