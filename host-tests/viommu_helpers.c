// SPDX-License-Identifier: GPL-2.0
/*
 * The wrappers of viommu_helpers.h.  Built against a uAPI with the vEVENTQ
 * (7.2's) they issue the ioctls; built against one without (6.12's) they
 * return -ENOSYS, and viommu_env_setup() turns that into a skip that names
 * the running kernel.  Nothing here asserts.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>

#include "viommu_helpers.h"

#if defined(IOMMU_VEVENTQ_ALLOC) && defined(IOMMU_VEVENTQ_TYPE_SELFTEST) && \
	defined(IOMMU_HW_QUEUE_TYPE_SELFTEST) && defined(IOMMU_TEST_PASID_RESERVED)
#define HAVE_VIOMMU_UAPI 1
#endif

/* The running kernel's series ("6.12" of "6.12.118"): the skip names it,
 * stable across the point releases that recorded expectations outlive. */
const char *viommu_env_absent(const char *what)
{
	static char why[200];
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		snprintf(why, sizeof(why), "Linux (release unknown): %s", what);
	else
		snprintf(why, sizeof(why), "Linux %d.%d: %s", major, minor, what);
	return why;
}

int uapi_is_7_2(void)
{
#ifdef HAVE_VIOMMU_UAPI
	return 1;
#else
	return 0;
#endif
}

#ifdef HAVE_VIOMMU_UAPI

_Static_assert(sizeof(struct iommufd_vevent_header) == VEVENT_HDR_SIZE, "vEVENT header size");
_Static_assert(offsetof(struct iommufd_vevent_header, sequence) == 4, "sequence offset");
_Static_assert(VEVENT_HDR_SIZE + sizeof(struct iommu_viommu_event_selftest) == VEVENT_MOCK_SIZE,
	       "mock vEVENT size");
_Static_assert((int)IOMMU_VEVENTQ_FLAG_LOST_EVENTS == VEVENT_FLAG_LOST, "lost-events flag");
_Static_assert((int)IOMMU_VIOMMU_TYPE_DEFAULT == UAPI_TYPE_DEFAULT &&
	       (int)IOMMU_VEVENTQ_TYPE_DEFAULT == UAPI_TYPE_DEFAULT &&
	       (int)IOMMU_HW_QUEUE_TYPE_DEFAULT == UAPI_TYPE_DEFAULT, "DEFAULT types");
_Static_assert((int)IOMMU_VIOMMU_TYPE_ARM_SMMUV3 == UAPI_TYPE_ARM_SMMUV3 &&
	       (int)IOMMU_VEVENTQ_TYPE_ARM_SMMUV3 == UAPI_TYPE_ARM_SMMUV3, "SMMUv3 types");

const __u32 VIOMMU_TYPE_MOCK = IOMMU_VIOMMU_TYPE_SELFTEST;
const __u32 VEVENTQ_TYPE_MOCK = IOMMU_VEVENTQ_TYPE_SELFTEST;
const __u32 HW_QUEUE_TYPE_MOCK = IOMMU_HW_QUEUE_TYPE_SELFTEST;
const __u32 MOCK_DEV_PASID = MOCK_FLAGS_DEVICE_PASID;
const __u32 HWPT_ALLOC_PASID = IOMMU_HWPT_ALLOC_PASID;
const __u64 MOCK_IOVA = MOCK_APERTURE_START;

static int test_cmd(int fd, struct iommu_test_cmd *cmd)
{
	cmd->size = sizeof(*cmd);
	return sys_result(ioctl(fd, IOMMU_TEST_CMD, cmd));
}

int viommu_alloc(int fd, __u32 type, __u32 flags, __u32 dev_id, __u32 hwpt_id, __u32 *out)
{
	struct iommu_viommu_alloc cmd = {
		.size = sizeof(cmd), .flags = flags, .type = type, .dev_id = dev_id,
		.hwpt_id = hwpt_id,
	};
	int rc = sys_result(ioctl(fd, IOMMU_VIOMMU_ALLOC, &cmd));

	*out = cmd.out_viommu_id;
	return rc;
}

int vdevice_alloc(int fd, __u32 viommu_id, __u32 dev_id, __u64 virt_id, __u32 *out)
{
	struct iommu_vdevice_alloc cmd = {
		.size = sizeof(cmd), .viommu_id = viommu_id, .dev_id = dev_id, .virt_id = virt_id,
	};
	int rc = sys_result(ioctl(fd, IOMMU_VDEVICE_ALLOC, &cmd));

	*out = cmd.out_vdevice_id;
	return rc;
}

int veventq_alloc(int fd, __u32 viommu_id, __u32 type, __u32 flags, __u32 depth, __u32 *id,
		  int *veventq_fd)
{
	struct iommu_veventq_alloc cmd = {
		.size = sizeof(cmd), .flags = flags, .viommu_id = viommu_id, .type = type,
		.veventq_depth = depth,
	};
	int rc = sys_result(ioctl(fd, IOMMU_VEVENTQ_ALLOC, &cmd));

	*id = cmd.out_veventq_id;
	*veventq_fd = rc == 0 ? (int)cmd.out_veventq_fd : -1;
	return rc;
}

int hw_queue_alloc(int fd, __u32 viommu_id, __u32 type, __u32 index, __u64 iova, __u64 length,
		   __u32 *out)
{
	struct iommu_hw_queue_alloc cmd = {
		.size = sizeof(cmd), .viommu_id = viommu_id, .type = type, .index = index,
		.nesting_parent_iova = iova, .length = length,
	};
	int rc = sys_result(ioctl(fd, IOMMU_HW_QUEUE_ALLOC, &cmd));

	*out = cmd.out_hw_queue_id;
	return rc;
}

int trigger_vevent(int fd, __u32 dev_id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_TRIGGER_VEVENT, .trigger_vevent = { .dev_id = dev_id },
	};

	return test_cmd(fd, &cmd);
}

int mock_domain_flags(int fd, __u32 pt_id, __u32 dev_flags, __u32 *stdev_id, __u32 *idev_id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS, .id = pt_id,
		.mock_domain_flags = { .dev_flags = dev_flags },
	};
	int rc = test_cmd(fd, &cmd);

	*stdev_id = cmd.mock_domain_flags.out_stdev_id;
	*idev_id = cmd.mock_domain_flags.out_idev_id;
	return rc;
}

int pasid_attach(int fd, __u32 stdev_id, __u32 pasid, __u32 pt_id)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_PASID_ATTACH, .id = stdev_id,
		.pasid_attach = { .pasid = pasid, .pt_id = pt_id },
	};

	return test_cmd(fd, &cmd);
}

int pasid_detach(int fd, __u32 stdev_id, __u32 pasid)
{
	struct iommu_test_cmd cmd = {
		.op = IOMMU_TEST_OP_PASID_DETACH, .id = stdev_id, .pasid_detach = { .pasid = pasid },
	};

	return test_cmd(fd, &cmd);
}

int ioas_map_fixed(int fd, __u32 ioas_id, void *buf, __u64 length, __u64 iova)
{
	struct iommu_ioas_map cmd = {
		.size = sizeof(cmd), .ioas_id = ioas_id, .user_va = (__u64)(unsigned long)buf,
		.length = length, .iova = iova,
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
	};

	return sys_result(ioctl(fd, IOMMU_IOAS_MAP, &cmd));
}

int vevent_parse(const void *buf, size_t n, struct vevent *out, int max)
{
	const unsigned char *p = buf;
	size_t off = 0;
	int count = 0;

	while (off < n && count < max) {
		struct iommufd_vevent_header h;
		struct iommu_viommu_event_selftest d = { 0 };

		if (n - off < sizeof(h))
			return -EPROTO;
		memcpy(&h, p + off, sizeof(h));
		off += sizeof(h);
		if (!(h.flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS)) {
			if (n - off < sizeof(d))
				return -EPROTO;
			memcpy(&d, p + off, sizeof(d));
			off += sizeof(d);
		}
		out[count++] = (struct vevent){ h.flags, h.sequence, d.virt_id };
	}
	return off == n ? count : -EPROTO;
}

#else /* the uAPI built against has no vEVENTQ: every call says so */

const __u32 VIOMMU_TYPE_MOCK, VEVENTQ_TYPE_MOCK, HW_QUEUE_TYPE_MOCK, MOCK_DEV_PASID;
const __u32 HWPT_ALLOC_PASID;
const __u64 MOCK_IOVA;

int viommu_alloc(int fd, __u32 type, __u32 flags, __u32 dev_id, __u32 hwpt_id, __u32 *out)
{
	(void)fd, (void)type, (void)flags, (void)dev_id, (void)hwpt_id, (void)out;
	return -ENOSYS;
}

int vdevice_alloc(int fd, __u32 viommu_id, __u32 dev_id, __u64 virt_id, __u32 *out)
{
	(void)fd, (void)viommu_id, (void)dev_id, (void)virt_id, (void)out;
	return -ENOSYS;
}

int veventq_alloc(int fd, __u32 viommu_id, __u32 type, __u32 flags, __u32 depth, __u32 *id,
		  int *veventq_fd)
{
	(void)fd, (void)viommu_id, (void)type, (void)flags, (void)depth, (void)id;
	*veventq_fd = -1;
	return -ENOSYS;
}

int hw_queue_alloc(int fd, __u32 viommu_id, __u32 type, __u32 index, __u64 iova, __u64 length,
		   __u32 *out)
{
	(void)fd, (void)viommu_id, (void)type, (void)index, (void)iova, (void)length, (void)out;
	return -ENOSYS;
}

int trigger_vevent(int fd, __u32 dev_id)
{
	(void)fd, (void)dev_id;
	return -ENOSYS;
}

int mock_domain_flags(int fd, __u32 pt_id, __u32 dev_flags, __u32 *stdev_id, __u32 *idev_id)
{
	(void)fd, (void)pt_id, (void)dev_flags, (void)stdev_id, (void)idev_id;
	return -ENOSYS;
}

int pasid_attach(int fd, __u32 stdev_id, __u32 pasid, __u32 pt_id)
{
	(void)fd, (void)stdev_id, (void)pasid, (void)pt_id;
	return -ENOSYS;
}

int pasid_detach(int fd, __u32 stdev_id, __u32 pasid)
{
	(void)fd, (void)stdev_id, (void)pasid;
	return -ENOSYS;
}

int ioas_map_fixed(int fd, __u32 ioas_id, void *buf, __u64 length, __u64 iova)
{
	(void)fd, (void)ioas_id, (void)buf, (void)length, (void)iova;
	return -ENOSYS;
}

int vevent_parse(const void *buf, size_t n, struct vevent *out, int max)
{
	(void)buf, (void)n, (void)out, (void)max;
	return -ENOSYS;
}

#endif
