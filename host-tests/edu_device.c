// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of edu_device.h: sysfs only.  Nothing here asserts: the tests do.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edu_device.h"
#include "iommufd_helpers.h"

int sysfs_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -errno;
	n = sys_result(read(fd, buf, size - 1));
	close(fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return n;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), rc;

	if (fd < 0)
		return -errno;
	rc = sys_result(write(fd, text, strlen(text)));
	close(fd);
	return rc < 0 ? rc : 0;
}

/* copy_str: SRC into DST, cut to SIZE - 1 bytes. */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static unsigned long sysfs_hex(const char *bdf, const char *attr)
{
	char path[PATH_MAX], buf[32];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", bdf, attr);
	return sysfs_read(path, buf, sizeof(buf)) > 0 ? strtoul(buf, NULL, 16) : 0;
}

/* The last component of the link at PATH (a driver, a group number), or "". */
static void link_tail(const char *path, char *out, size_t size)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	out[0] = '\0';
	if (n > 0) {
		target[n] = '\0';
		copy_str(out, size, strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
	}
}

/* link_tail of the PCI device's ATTR link. */
static void link_name(const char *bdf, const char *attr, char *out, size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", bdf, attr);
	link_tail(path, out, size);
}

int edu_find(struct edu *edu, const char **why)
{
	DIR *dir = opendir("/sys/bus/pci/devices");
	struct dirent *d;
	unsigned int dom, bus, dev, fn;

	*edu = (struct edu){ .group = -1 };
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.' || sysfs_hex(d->d_name, "vendor") != EDU_VENDOR ||
		    sysfs_hex(d->d_name, "device") != EDU_DEVICE)
			continue;
		copy_str(edu->bdf, sizeof(edu->bdf), d->d_name);
		break;
	}
	if (dir)
		closedir(dir);
	if (!edu->bdf[0]) {
		*why = "no edu (1234:11e8) in this VM: the configuration without -device edu";
		return VFIO_ENV_SKIP;
	}
	if (sscanf(edu->bdf, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
		return *why = "edu's PCI address", -EINVAL;
	edu->rid = bus << 8 | dev << 3 | fn;
	return 0;
}

/* iommu_kind NAME: which driver /sys/class/iommu/NAME belongs to: VT-d
 * units are dmarN; a virtio-iommu's class device hangs off the virtio
 * device that the virtio_iommu driver drives. */
static enum iommu_kind iommu_kind(const char *name)
{
	char path[PATH_MAX], driver[64];

	if (!strncmp(name, "dmar", 4))
		return IOMMU_VTD;
	snprintf(path, sizeof(path), "/sys/class/iommu/%s/device/driver", name);
	link_tail(path, driver, sizeof(driver));
	return strcmp(driver, "virtio_iommu") ? IOMMU_UNKNOWN : IOMMU_VIRTIO;
}

/* The group exists once a driver binds: the VIOT-based IOMMU configuration
 * runs at driver probe (acpi_dma_configure), not when the bus is scanned. */
int edu_group(struct edu *edu, const char **why)
{
	char group[16];

	link_name(edu->bdf, "iommu_group", group, sizeof(group));
	if (!group[0]) {
		*why = "edu has no IOMMU group: no IOMMU driver owns it";
		return VFIO_ENV_SKIP;
	}
	edu->group = atoi(group);
	link_name(edu->bdf, "iommu", edu->iommu, sizeof(edu->iommu));
	edu->kind = iommu_kind(edu->iommu);
	return 0;
}

/* Only edu, by its own address: driver_override then drivers_probe. */
int edu_bind_vfio(const struct edu *edu, const char **why)
{
	char path[PATH_MAX], driver[64];
	int rc;

	link_name(edu->bdf, "driver", driver, sizeof(driver));
	if (!strcmp(driver, "vfio-pci"))
		return 0;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", edu->bdf);
	rc = write_text(path, "vfio-pci");
	if (rc < 0)
		return *why = "write driver_override", rc;
	if (driver[0]) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", edu->bdf);
		rc = write_text(path, edu->bdf);
		if (rc < 0)
			return *why = "unbind edu's driver", rc;
	}
	rc = write_text("/sys/bus/pci/drivers_probe", edu->bdf);
	link_name(edu->bdf, "driver", driver, sizeof(driver));
	if (strcmp(driver, "vfio-pci")) {
		*why = "vfio-pci did not take edu (no IOMMU group, or kernel without CONFIG_VFIO_PCI)";
		return rc < 0 ? rc : VFIO_ENV_SKIP;
	}
	return 0;
}

int edu_claim(struct edu *edu, const char **why)
{
	int rc = edu_find(edu, why);

	if (rc == 0)
		rc = edu_bind_vfio(edu, why);
	if (rc == 0)
		rc = edu_group(edu, why);
	return rc;
}
