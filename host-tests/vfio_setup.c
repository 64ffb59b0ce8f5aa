// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of vfio_setup.h.  Nothing here asserts: the tests do.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vfio_setup.h"
#include "iommufd_helpers.h"
#include "iommu_log.h"

static int step(int rc, const char **why, const char *what)
{
	if (rc < 0)
		*why = what;
	return rc;
}

/* BAR0 mapped, memory decoding and bus mastering on (edu's DMA needs it),
 * on the device fd in e->device. */
static int device_setup(struct vfio_env *e, const char **why)
{
	struct vfio_region_info bar = { .argsz = sizeof(bar), .index = VFIO_PCI_BAR0_REGION_INDEX };
	struct vfio_region_info cfg = { .argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	uint16_t cmd;
	void *p;

	if (step(sys_result(ioctl(e->device, VFIO_DEVICE_GET_REGION_INFO, &bar)), why,
		 "VFIO_DEVICE_GET_REGION_INFO(BAR0)") < 0 ||
	    step(sys_result(ioctl(e->device, VFIO_DEVICE_GET_REGION_INFO, &cfg)), why,
		 "VFIO_DEVICE_GET_REGION_INFO(config)") < 0)
		return -errno;
	if (!(bar.flags & VFIO_REGION_INFO_FLAG_MMAP))
		return *why = "BAR0 cannot be mmapped", -EINVAL;
	p = mmap(NULL, bar.size, PROT_READ | PROT_WRITE, MAP_SHARED, e->device, bar.offset);
	if (p == MAP_FAILED)
		return *why = "mmap BAR0", -errno;
	e->bar0 = p;
	e->bar0_size = bar.size;
	if (pread(e->device, &cmd, 2, cfg.offset + 4) != 2)
		return *why = "read PCI_COMMAND", -EIO;
	cmd |= 0x6; /* PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER */
	if (pwrite(e->device, &cmd, 2, cfg.offset + 4) != 2)
		return *why = "write PCI_COMMAND", -EIO;
	return 0;
}

/* open_node PATH FD WHAT WHY: *FD is /dev/vfio/vfio or /dev/iommu; a missing
 * node is a skip, with the kernel option that makes it. */
static int open_node(const char *path, int *fd, const char *what, const char **why)
{
	*fd = sys_result(open(path, O_RDWR));
	if (*fd >= 0)
		return 0;
	if (*fd == -ENOENT) {
		*fd = -1;
		*why = strcmp(path, "/dev/iommu") ?
			"no /dev/vfio/vfio: kernel without CONFIG_VFIO_CONTAINER" :
			"no /dev/iommu: kernel without CONFIG_IOMMUFD";
		return VFIO_ENV_SKIP;
	}
	*why = what;
	return *fd;
}

/* group_setup E CONTAINER WHY: edu's group given CONTAINER (a device node)
 * with VFIO_GROUP_SET_CONTAINER, type1v2 set on it, edu's device fd. */
static int group_setup(struct vfio_env *e, const char *container, const char **why)
{
	char path[64];
	int rc = open_node(container, &e->container, "open the container", why);

	if (rc != 0)
		return rc;
	snprintf(path, sizeof(path), "/dev/vfio/%d", e->edu.group);
	e->group = sys_result(open(path, O_RDWR));
	if (step(e->group, why, "open /dev/vfio/<group>") < 0)
		return e->group;
	if (step(sys_result(ioctl(e->group, VFIO_GROUP_SET_CONTAINER, &e->container)), why,
		 "VFIO_GROUP_SET_CONTAINER") < 0 ||
	    step(sys_result(ioctl(e->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)), why,
		 "VFIO_SET_IOMMU(TYPE1v2)") < 0)
		return -errno;
	e->device = sys_result(ioctl(e->group, VFIO_GROUP_GET_DEVICE_FD, e->edu.bdf));
	return step(e->device, why, "VFIO_GROUP_GET_DEVICE_FD") < 0 ? e->device : 0;
}

/* The cdev of edu: /sys/bus/pci/devices/<bdf>/vfio-dev/vfioN. */
static int cdev_open(const struct edu *edu, const char **why)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	int fd = -ENOENT;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", edu->bdf);
	dir = opendir(path);
	while (dir && (d = readdir(dir))) {
		if (strncmp(d->d_name, "vfio", 4))
			continue;
		snprintf(path, sizeof(path), "/dev/vfio/devices/%s", d->d_name);
		fd = sys_result(open(path, O_RDWR));
		break;
	}
	if (dir)
		closedir(dir);
	if (fd == -ENOENT)
		*why = "edu has no /dev/vfio/devices/vfioN: kernel without CONFIG_VFIO_DEVICE_CDEV";
	else if (fd < 0)
		*why = "open /dev/vfio/devices/vfioN";
	return fd;
}

/* cdev + iommufd: BIND_IOMMUFD, an IOAS, ATTACH_IOMMUFD_PT to it. */
static int cdev_setup(struct vfio_env *e, const char **why)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	int rc;

	e->device = cdev_open(&e->edu, why);
	if (e->device < 0)
		return e->device == -ENOENT ? VFIO_ENV_SKIP : e->device;
	rc = open_node("/dev/iommu", &e->iommufd, "open /dev/iommu", why);
	if (rc != 0)
		return rc;
	bind.iommufd = e->iommufd;
	if (step(sys_result(ioctl(e->device, VFIO_DEVICE_BIND_IOMMUFD, &bind)), why,
		 "VFIO_DEVICE_BIND_IOMMUFD") < 0 ||
	    step(ioas_alloc(e->iommufd, &e->ioas_id), why, "IOMMU_IOAS_ALLOC") < 0)
		return -errno;
	e->devid = bind.out_devid;
	attach.pt_id = e->ioas_id;
	if (step(sys_result(ioctl(e->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach)), why,
		 "VFIO_DEVICE_ATTACH_IOMMUFD_PT") < 0)
		return -errno;
	e->hwpt_id = attach.pt_id;
	return 0;
}

int vfio_env_setup(struct vfio_env *e, enum vfio_path path, const char **why)
{
	int rc = -EINVAL;

	*e = (struct vfio_env){ .path = path, .container = -1, .group = -1, .device = -1,
				.iommufd = -1 };
	rc = edu_claim(&e->edu, why);
	if (rc != 0)
		return rc;
	switch (path) {
	case VFIO_PATH_CONTAINER:
		rc = group_setup(e, "/dev/vfio/vfio", why);
		break;
	case VFIO_PATH_COMPAT:
		rc = group_setup(e, "/dev/iommu", why);
		break;
	case VFIO_PATH_CDEV:
		rc = cdev_setup(e, why);
		break;
	}
	return rc != 0 ? rc : device_setup(e, why);
}

void vfio_env_teardown(struct vfio_env *e)
{
	/* After the test's DMA, and its fault's messages if it faulted. */
	if (e->edu.kind == IOMMU_VTD)
		kmsg_mark_jiffies();
	if (e->bar0)
		munmap((void *)e->bar0, e->bar0_size);
	if (e->device >= 0)
		close(e->device);
	if (e->group >= 0)
		close(e->group);
	if (e->container >= 0)
		close(e->container);
	if (e->iommufd >= 0)
		close(e->iommufd);
	e->bar0 = NULL;
	e->device = e->group = e->container = e->iommufd = -1;
}

int vfio_reset(const struct vfio_env *e)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	int rc = sys_result(ioctl(e->device, VFIO_DEVICE_GET_INFO, &info));

	if (rc < 0)
		return rc;
	if (!(info.flags & VFIO_DEVICE_FLAGS_RESET))
		return -ENOTTY;
	return sys_result(ioctl(e->device, VFIO_DEVICE_RESET));
}
