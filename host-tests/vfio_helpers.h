/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VFIO with QEMU's edu behind the VM's IOMMU: finding edu and binding it to
 * vfio-pci (driver_override, edu only: nothing else in the VM is touched),
 * the container/group setup, edu's DMA engine through BAR0, and the kernel
 * log (/dev/kmsg) where the virtio-iommu driver reports faults.  Functions
 * return 0 or -errno, as in iommufd_helpers.h.
 */
#ifndef FAULTLINE_VFIO_HELPERS_H
#define FAULTLINE_VFIO_HELPERS_H

#include <stddef.h>
#include <stdint.h>
/* The tree's raw uAPI header (host.mk): __user is a kernel annotation. */
#ifndef __user
#define __user
#endif
#include <linux/vfio.h>
#include <linux/iommufd.h>

/* Returned by setup when the VM lacks a piece: the test is a skip. */
#define VFIO_ENV_SKIP 1

/* QEMU's edu (hw/misc/edu.c): its PCI IDs, registers and DMA buffer. */
enum {
	EDU_VENDOR = 0x1234,
	EDU_DEVICE = 0x11e8,
	EDU_REG_ID = 0x00,
	EDU_ID_VALUE = 0x010000ed,
	EDU_REG_DMA_SRC = 0x80,
	EDU_REG_DMA_DST = 0x88,
	EDU_REG_DMA_CNT = 0x90,
	EDU_REG_DMA_CMD = 0x98,
	EDU_DMA_RUN = 1,
	EDU_DMA_TO_RAM = 2,
	EDU_BUF_ADDR = 0x40000,
	EDU_BUF_SIZE = 4096,
};

/* One transfer takes 100 ms of virtual time; TCG on a busy host is slower. */
#define EDU_DMA_LIMIT_MS 5000
/* edu's default dma_mask is 28 bits: every IOVA used stays below 256 MiB. */
#define EDU_IOVA_LIMIT 0x10000000ULL

/* What the tests map: pages, below edu's dma_mask and apart; the transfer. */
#define PAGE 4096
#define IOVA_SRC 0x100000ULL
#define IOVA_DST 0x200000ULL
#define IOVA_HOLE 0x300000ULL
#define XFER 256
/* A faulting transfer: 4 bytes, one fault.  The driver's fault message is
 * ratelimited (10 per 5 s per call site) and edu faults once per 4 bytes, so
 * a longer one would silence the next test's message. */
#define FAULT_XFER 4
#define POISON 0xa5
/* The MSI window both IOMMUs reserve on q35: virtio-iommu's PROBE reports it
 * as its MSI RESV_MEM (every variant), VT-d's driver reserves the IOAPIC range. */
#define MSI_START 0xfee00000ULL
#define MSI_END 0xfeefffffULL

/* The index of the first byte of BUF that is not VALUE, or -1. */
static inline int first_not(const uint8_t *buf, uint8_t value, int len)
{
	for (int i = 0; i < len; i++)
		if (buf[i] != value)
			return i;
	return -1;
}

/* The IOMMU in front of edu, from its sysfs "iommu" link: each logs faults
 * in its own words (kmsg_find_fault). */
enum iommu_kind { IOMMU_UNKNOWN, IOMMU_VIRTIO, IOMMU_VTD };

struct edu {
	char bdf[32];		/* 0000:01:00.0 */
	unsigned int rid;	/* requester ID: the virtio-iommu endpoint ID */
	int group;		/* /sys/kernel/iommu_groups/N, or -1 */
	char iommu[32];		/* /sys/class/iommu/NAME: dmar0, or the virtio-iommu's PCI name */
	enum iommu_kind kind;
};

struct vfio_env {
	struct edu edu;
	int container;		/* /dev/vfio/vfio, or /dev/iommu as the container */
	int group;		/* /dev/vfio/N */
	int device;
	int iommufd;		/* cdev path: /dev/iommu, -1 otherwise */
	uint32_t devid, ioas_id, hwpt_id;
	volatile uint8_t *bar0;
	size_t bar0_size;
};

int edu_find(struct edu *edu, const char **why);
int edu_bind_vfio(const struct edu *edu, const char **why);
int edu_group(struct edu *edu, const char **why);
int read_text(const char *path, char *buf, size_t size);

/* vfio_env_setup E CONTAINER WHY: the group path, with CONTAINER (a device
 * node: /dev/vfio/vfio, or /dev/iommu for iommufd's VFIO compatibility) given
 * to VFIO_GROUP_SET_CONTAINER, type1v2 set on it, edu's device fd and BAR0. */
int vfio_env_setup(struct vfio_env *e, const char *container, const char **why);
int vfio_device_setup(struct vfio_env *e, const char **why);
int vfio_cdev_setup(struct vfio_env *e, const char **why);
void vfio_env_teardown(struct vfio_env *e);
/* vfio_reset E: VFIO_DEVICE_RESET, after checking GET_INFO offers it. */
int vfio_reset(const struct vfio_env *e);

int vfio_map(int container, void *vaddr, uint64_t iova, uint64_t size);
int vfio_unmap(int container, uint64_t iova, uint64_t size, uint32_t flags, uint64_t *unmapped);
int vfio_iova_ranges(int container, struct vfio_iova_range *out, unsigned int max,
		     unsigned int *count);

int ioas_map_fixed(int fd, uint32_t ioas_id, void *vaddr, uint64_t iova, uint64_t size);
int ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t size, uint64_t *unmapped);
int ioas_iova_ranges(int fd, uint32_t ioas_id, struct iommu_iova_range *out, unsigned int max,
		     unsigned int *count);

/* dma_pages: two pages, the first a pattern to send (src), the second
 * poisoned to receive (dst); NULL if mmap fails. */
uint8_t *dma_pages(void);

int edu_dma(const struct vfio_env *e, uint64_t src, uint64_t dst, uint32_t count, int to_ram);

int kmsg_open(void);
/* kmsg_find_fault FD EDU LO HI LINE SIZE: whether a new kernel message is the
 * IOMMU driver's report of a fault by EDU at an address in [lo, hi]; LINE gets
 * it.  virtio-iommu: "page fault from EP <rid> at <addr> [..]"; VT-d:
 * "[DMA Write NO_PASID] Request device [<bb:dd.f>] fault addr <addr> ..". */
int kmsg_find_fault(int fd, const struct edu *edu, uint64_t lo, uint64_t hi, char *line, size_t size);

#endif
