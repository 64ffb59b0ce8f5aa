// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of vfio_helpers.h.  Nothing here asserts: the tests do.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "vfio_helpers.h"
#include "iommufd_helpers.h"

static int res(long rc)
{
	return rc == -1 ? -errno : (int)rc;
}

int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -errno;
	n = res(read(fd, buf, size - 1));
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
	rc = res(write(fd, text, strlen(text)));
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
	return read_text(path, buf, sizeof(buf)) > 0 ? strtoul(buf, NULL, 16) : 0;
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

static int step(int rc, const char **why, const char *what)
{
	if (rc < 0)
		*why = what;
	return rc;
}

/* BAR0 mapped, memory decoding and bus mastering on (edu's DMA needs it),
 * on the device fd in e->device. */
int vfio_device_setup(struct vfio_env *e, const char **why)
{
	struct vfio_region_info bar = { .argsz = sizeof(bar), .index = VFIO_PCI_BAR0_REGION_INDEX };
	struct vfio_region_info cfg = { .argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	uint16_t cmd;
	void *p;

	if (step(res(ioctl(e->device, VFIO_DEVICE_GET_REGION_INFO, &bar)), why,
		 "VFIO_DEVICE_GET_REGION_INFO(BAR0)") < 0 ||
	    step(res(ioctl(e->device, VFIO_DEVICE_GET_REGION_INFO, &cfg)), why,
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

/* open_container PATH FD WHY: *FD is the fd VFIO_GROUP_SET_CONTAINER is
 * given; a missing node is a skip, with the kernel option that makes it. */
static int open_container(const char *path, int *fd, const char **why)
{
	*fd = res(open(path, O_RDWR));
	if (*fd >= 0)
		return 0;
	if (*fd == -ENOENT) {
		*fd = -1;
		*why = strcmp(path, "/dev/iommu") ?
			"no /dev/vfio/vfio: kernel without CONFIG_VFIO_CONTAINER" :
			"no /dev/iommu: kernel without CONFIG_IOMMUFD";
		return VFIO_ENV_SKIP;
	}
	*why = "open the container";
	return *fd;
}

int vfio_env_setup(struct vfio_env *e, const char *container, const char **why)
{
	char path[64];
	int rc, iommu = VFIO_TYPE1v2_IOMMU;

	*e = (struct vfio_env){ .container = -1, .group = -1, .device = -1, .iommufd = -1 };
	rc = edu_find(&e->edu, why);
	if (rc == 0)
		rc = edu_bind_vfio(&e->edu, why);
	if (rc == 0)
		rc = edu_group(&e->edu, why);
	if (rc != 0)
		return rc;
	rc = open_container(container, &e->container, why);
	if (rc != 0)
		return rc;
	snprintf(path, sizeof(path), "/dev/vfio/%d", e->edu.group);
	e->group = res(open(path, O_RDWR));
	if (step(e->group, why, "open /dev/vfio/<group>") < 0)
		return e->group;
	rc = res(ioctl(e->group, VFIO_GROUP_SET_CONTAINER, &e->container));
	if (step(rc, why, "VFIO_GROUP_SET_CONTAINER") < 0)
		return rc;
	rc = res(ioctl(e->container, VFIO_SET_IOMMU, iommu));
	if (step(rc, why, "VFIO_SET_IOMMU(TYPE1v2)") < 0)
		return rc;
	e->device = res(ioctl(e->group, VFIO_GROUP_GET_DEVICE_FD, e->edu.bdf));
	if (step(e->device, why, "VFIO_GROUP_GET_DEVICE_FD") < 0)
		return e->device;
	return vfio_device_setup(e, why);
}

void vfio_env_teardown(struct vfio_env *e)
{
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
	int rc = res(ioctl(e->device, VFIO_DEVICE_GET_INFO, &info));

	if (rc < 0)
		return rc;
	if (!(info.flags & VFIO_DEVICE_FLAGS_RESET))
		return -ENOTTY;
	return res(ioctl(e->device, VFIO_DEVICE_RESET));
}

int vfio_map(int container, void *vaddr, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)vaddr, .iova = iova, .size = size,
	};

	return res(ioctl(container, VFIO_IOMMU_MAP_DMA, &map));
}

int vfio_unmap(int container, uint64_t iova, uint64_t size, uint32_t flags, uint64_t *unmapped)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .flags = flags, .iova = iova, .size = size,
	};
	int rc = res(ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap));

	if (unmapped)
		*unmapped = rc < 0 ? 0 : unmap.size;
	return rc;
}

/* VFIO_IOMMU_GET_INFO twice: once for the size, once with the capability chain. */
int vfio_iova_ranges(int container, struct vfio_iova_range *out, unsigned int max,
		     unsigned int *count)
{
	struct vfio_iommu_type1_info probe = { .argsz = sizeof(probe) }, *info;
	struct vfio_info_cap_header *cap;
	struct vfio_iommu_type1_info_cap_iova_range *r;
	uint32_t off;
	int rc = res(ioctl(container, VFIO_IOMMU_GET_INFO, &probe));

	*count = 0;
	if (rc < 0)
		return rc;
	info = calloc(1, probe.argsz);
	if (!info)
		return -ENOMEM;
	info->argsz = probe.argsz;
	rc = res(ioctl(container, VFIO_IOMMU_GET_INFO, info));
	if (rc == 0 && !(info->flags & VFIO_IOMMU_INFO_CAPS))
		rc = -ENODATA;
	for (off = rc == 0 ? info->cap_offset : 0; off; off = cap->next) {
		cap = (void *)((char *)info + off);
		if (cap->id != VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)
			continue;
		r = (void *)cap;
		for (*count = 0; *count < r->nr_iovas && *count < max; (*count)++)
			out[*count] = r->iova_ranges[*count];
		free(info);
		return 0;
	}
	free(info);
	return rc < 0 ? rc : -ENOENT;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static void edu_write64(const struct vfio_env *e, unsigned int reg, uint64_t v)
{
	*(volatile uint64_t *)(e->bar0 + reg) = v;
}

/* One transfer; waits for edu to clear RUN.  edu reports no DMA error:
 * a faulting transfer completes like any other (reference §3.2). */
int edu_dma(const struct vfio_env *e, uint64_t src, uint64_t dst, uint32_t count, int to_ram)
{
	uint64_t start = now_ms();

	edu_write64(e, EDU_REG_DMA_SRC, src);
	edu_write64(e, EDU_REG_DMA_DST, dst);
	edu_write64(e, EDU_REG_DMA_CNT, count);
	edu_write64(e, EDU_REG_DMA_CMD, EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0));
	while (*(volatile uint32_t *)(e->bar0 + EDU_REG_DMA_CMD) & EDU_DMA_RUN) {
		if (now_ms() - start > EDU_DMA_LIMIT_MS)
			return -ETIMEDOUT;
		usleep(10000);
	}
	return 0;
}

/* /dev/kmsg positioned after the last message: only new ones are read. */
int kmsg_open(void)
{
	int fd = res(open("/dev/kmsg", O_RDONLY | O_NONBLOCK));

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* fault_key EDU KEY SIZE: the text the IOMMU driver writes before the
 * faulting address (virtio-iommu.c viommu_fault_handler; intel/dmar.c
 * dmar_fault_do_one). */
static void fault_key(const struct edu *edu, char *key, size_t size)
{
	if (edu->kind == IOMMU_VTD)
		snprintf(key, size, "Request device [%02x:%02x.%u] fault addr ", edu->rid >> 8,
			 (edu->rid >> 3) & 0x1f, edu->rid & 7);
	else
		snprintf(key, size, "fault from EP %u at ", edu->rid);
}

int kmsg_find_fault(int fd, const struct edu *edu, uint64_t lo, uint64_t hi, char *line,
		    size_t size)
{
	char rec[2048], key[64], *at;
	unsigned long long addr;
	ssize_t n;

	fault_key(edu, key, sizeof(key));
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue; /* overwritten records: go on with the next */
		if (n <= 0)
			return 0;
		rec[n] = '\0';
		at = strstr(rec, key);
		if (!at || sscanf(at + strlen(key), "%llx", &addr) != 1 || addr < lo || addr > hi)
			continue;
		rec[strcspn(rec, "\n")] = '\0';
		snprintf(line, size, "%s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
		return 1;
	}
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
		fd = res(open(path, O_RDWR));
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
int vfio_cdev_setup(struct vfio_env *e, const char **why)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	int rc;

	*e = (struct vfio_env){ .container = -1, .group = -1, .device = -1, .iommufd = -1 };
	rc = edu_find(&e->edu, why);
	if (rc == 0)
		rc = edu_bind_vfio(&e->edu, why);
	if (rc == 0)
		rc = edu_group(&e->edu, why);
	if (rc != 0)
		return rc;
	e->device = cdev_open(&e->edu, why);
	if (e->device == -ENOENT)
		return VFIO_ENV_SKIP;
	if (e->device < 0)
		return e->device;
	e->iommufd = res(open("/dev/iommu", O_RDWR));
	if (e->iommufd == -ENOENT) {
		*why = "no /dev/iommu: kernel without CONFIG_IOMMUFD";
		return VFIO_ENV_SKIP;
	}
	if (step(e->iommufd, why, "open /dev/iommu") < 0)
		return e->iommufd;
	bind.iommufd = e->iommufd;
	rc = res(ioctl(e->device, VFIO_DEVICE_BIND_IOMMUFD, &bind));
	if (step(rc, why, "VFIO_DEVICE_BIND_IOMMUFD") < 0)
		return rc;
	e->devid = bind.out_devid;
	rc = ioas_alloc(e->iommufd, &e->ioas_id);
	if (step(rc, why, "IOMMU_IOAS_ALLOC") < 0)
		return rc;
	attach.pt_id = e->ioas_id;
	rc = res(ioctl(e->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach));
	if (step(rc, why, "VFIO_DEVICE_ATTACH_IOMMUFD_PT") < 0)
		return rc;
	e->hwpt_id = attach.pt_id;
	return vfio_device_setup(e, why);
}

int ioas_map_fixed(int fd, uint32_t ioas_id, void *vaddr, uint64_t iova, uint64_t size)
{
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = ioas_id, .user_va = (uintptr_t)vaddr, .length = size, .iova = iova,
	};

	return res(ioctl(fd, IOMMU_IOAS_MAP, &map));
}

int ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t size, uint64_t *unmapped)
{
	struct iommu_ioas_unmap unmap = {
		.size = sizeof(unmap), .ioas_id = ioas_id, .iova = iova, .length = size,
	};
	int rc = res(ioctl(fd, IOMMU_IOAS_UNMAP, &unmap));

	if (unmapped)
		*unmapped = rc < 0 ? 0 : unmap.length;
	return rc;
}

int ioas_iova_ranges(int fd, uint32_t ioas_id, struct iommu_iova_range *out, unsigned int max,
		     unsigned int *count)
{
	struct iommu_ioas_iova_ranges cmd = {
		.size = sizeof(cmd), .ioas_id = ioas_id, .num_iovas = max,
		.allowed_iovas = (uintptr_t)out,
	};
	int rc = res(ioctl(fd, IOMMU_IOAS_IOVA_RANGES, &cmd));

	*count = cmd.num_iovas;
	return rc;
}

uint8_t *dma_pages(void)
{
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (int i = 0; i < PAGE; i++)
		p[i] = (uint8_t)(i * 7 + 1);
	memset(p + PAGE, POISON, PAGE);
	return p;
}
