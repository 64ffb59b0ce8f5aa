// SPDX-License-Identifier: GPL-2.0
/*
 * Allocating the vIOMMU objects of Linux 7.2 on the IOMMUFD_TEST mock:
 * IOMMU_VIOMMU_ALLOC, IOMMU_VDEVICE_ALLOC and IOMMU_VEVENTQ_ALLOC, what
 * each refuses and with which errno, what each pins, and the nested attach
 * that needs the vDEVICE first.  Every rejection is followed by a check that
 * it left nothing behind.  The IDs above each test are in
 * host-tests/statements.txt; on 6.12 every test skips (viommu_env.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "viommu_fixture.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define NO_SUCH_ID 0xfffffu

VIOMMU_FIXTURE(viommu, VENV_VIOMMU)

/* A rejected allocation left no object: iommufd hands out the lowest free
 * id, so the id probed before the rejection is still the next one. */
static int ids_unchanged(int fd, __u32 before)
{
	__u32 id;

	return ioas_alloc(fd, &id) == 0 && id == before && obj_destroy(fd, id) == 0;
}

/* The id the next object gets (an IOAS allocated and destroyed). */
static __u32 next_id(int fd)
{
	__u32 id = 0;

	if (ioas_alloc(fd, &id) == 0)
		obj_destroy(fd, id);
	return id;
}

/* IOMMUFD-VIOMMU-1 */
TEST_F(viommu, alloc_pins_parent)
{
	struct viommu_env *e = &self->e;

	EXPECT_NE(0u, e->viommu_id);
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->parent_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->viommu_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->parent_id));
}

/* IOMMUFD-VIOMMU-2 */
TEST_F(viommu, alloc_rejects_type_and_flags)
{
	static const struct { __u32 type, flags; const char *what; } bad[] = {
		{ UAPI_TYPE_DEFAULT, 0, "type DEFAULT (reserved)" },
		{ UAPI_TYPE_ARM_SMMUV3, 0, "type ARM_SMMUV3 on the mock" },
		{ 0xdead, 0, "an undefined type" },
		{ 0, 1, "flags 1" },
	};
	struct viommu_env *e = &self->e;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		__u32 type = bad[i].flags ? VIOMMU_TYPE_MOCK : bad[i].type;
		__u32 before = next_id(e->fd), id;

		EXPECT_EQ(-EOPNOTSUPP, viommu_alloc(e->fd, type, bad[i].flags, e->idev_id,
						    e->parent_id, &id)) TH_LOG("%s", bad[i].what);
		EXPECT_TRUE(ids_unchanged(e->fd, before)) TH_LOG("%s left an object", bad[i].what);
	}
}

/* IOMMUFD-VIOMMU-3 */
TEST_F(viommu, alloc_needs_nest_parent)
{
	struct viommu_env *e = &self->e;
	__u32 paging, id, before;

	ASSERT_EQ(0, hwpt_alloc_parent(e->fd, e->idev_id, e->ioas_id, 0, &paging));
	before = next_id(e->fd);
	EXPECT_EQ(-EINVAL, viommu_alloc(e->fd, VIOMMU_TYPE_MOCK, 0, e->idev_id, paging, &id));
	EXPECT_EQ(-ENOENT, viommu_alloc(e->fd, VIOMMU_TYPE_MOCK, 0, e->idev_id, e->ioas_id, &id));
	EXPECT_EQ(-ENOENT, viommu_alloc(e->fd, VIOMMU_TYPE_MOCK, 0, NO_SUCH_ID, e->parent_id, &id));
	EXPECT_EQ(-ENOENT, viommu_alloc(e->fd, VIOMMU_TYPE_MOCK, 0, e->ioas_id, e->parent_id, &id));
	EXPECT_TRUE(ids_unchanged(e->fd, before));
	EXPECT_EQ(0, obj_destroy(e->fd, paging));
}

/* IOMMUFD-VDEV-1 */
TEST_F(viommu, vdevice_one_per_device)
{
	struct viommu_env *e = &self->e;
	__u32 vdev, again;

	ASSERT_EQ(0, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID, &vdev));
	EXPECT_NE(0u, vdev);
	EXPECT_EQ(-EEXIST, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID, &again));
	EXPECT_EQ(-EEXIST, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID + 1, &again));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->viommu_id));
	EXPECT_EQ(0, obj_destroy(e->fd, vdev));
	/* Destroyed, the device takes a vDEVICE again. */
	EXPECT_EQ(0, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID + 1, &again));
}

/* IOMMUFD-VDEV-2 */
TEST_F(viommu, vdevice_virt_id_unique)
{
	struct viommu_env *e = &self->e;
	__u32 vdev, stdev2, idev2, vdev2;

	ASSERT_EQ(0, mock_domain(e->fd, e->ioas_id, &stdev2, &idev2));
	ASSERT_EQ(0, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID, &vdev));
	EXPECT_EQ(-EEXIST, vdevice_alloc(e->fd, e->viommu_id, idev2, VENV_VIRT_ID, &vdev2));
	/* The refused one did not mark the second device as having a vDEVICE. */
	EXPECT_EQ(0, vdevice_alloc(e->fd, e->viommu_id, idev2, VENV_VIRT_ID + 1, &vdev2));
}

/* IOMMUFD-VDEV-3 */
TEST_F(viommu, vdevice_bad_ids)
{
	struct viommu_env *e = &self->e;
	__u32 vdev, before = next_id(e->fd);

	EXPECT_EQ(-ENOENT, vdevice_alloc(e->fd, NO_SUCH_ID, e->idev_id, VENV_VIRT_ID, &vdev));
	EXPECT_EQ(-ENOENT, vdevice_alloc(e->fd, e->parent_id, e->idev_id, VENV_VIRT_ID, &vdev));
	EXPECT_EQ(-ENOENT, vdevice_alloc(e->fd, e->viommu_id, NO_SUCH_ID, VENV_VIRT_ID, &vdev));
	EXPECT_EQ(-ENOENT, vdevice_alloc(e->fd, e->viommu_id, e->ioas_id, VENV_VIRT_ID, &vdev));
	EXPECT_TRUE(ids_unchanged(e->fd, before));
}

/* IOMMUFD-VDEV-4 */
TEST_F(viommu, vdevice_gone_with_device)
{
	struct viommu_env *e = &self->e;
	__u32 vdev;

	ASSERT_EQ(0, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID, &vdev));
	ASSERT_EQ(0, obj_destroy(e->fd, e->stdev_id));
	EXPECT_EQ(-ENOENT, obj_destroy(e->fd, vdev));
	EXPECT_EQ(0, obj_destroy(e->fd, e->viommu_id));
}

/* IOMMUFD-VEVENTQ-1 */
TEST_F(viommu, veventq_alloc_fd)
{
	struct viommu_env *e = &self->e;
	char path[64], target[64] = "";
	__u32 id;
	int vfd;

	ASSERT_EQ(0, veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, VENV_DEPTH, &id, &vfd));
	EXPECT_NE(0u, id);
	EXPECT_EQ(FD_CLOEXEC, fcntl(vfd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(O_RDWR, fcntl(vfd, F_GETFL) & O_ACCMODE);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", vfd);
	EXPECT_LT(0, readlink(path, target, sizeof(target) - 1));
	EXPECT_STREQ("anon_inode:[iommufd-viommu-event]", target);
	/* The fd holds the object; the object holds the vIOMMU. */
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, id));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->viommu_id));
	EXPECT_EQ(0, close(vfd));
	EXPECT_EQ(0, obj_destroy(e->fd, id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->viommu_id));
}

/* IOMMUFD-VEVENTQ-2 */
TEST_F(viommu, veventq_one_per_type)
{
	struct viommu_env *e = &self->e;
	__u32 id, id2, before;
	int vfd, vfd2;

	ASSERT_EQ(0, veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, VENV_DEPTH, &id, &vfd));
	before = next_id(e->fd);
	EXPECT_EQ(-EEXIST, veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, 1, &id2, &vfd2));
	EXPECT_EQ(-1, vfd2);
	EXPECT_TRUE(ids_unchanged(e->fd, before));
	/* Gone, the type takes a queue again. */
	EXPECT_EQ(0, close(vfd));
	EXPECT_EQ(0, obj_destroy(e->fd, id));
	EXPECT_EQ(0, veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, 1, &id2, &vfd2));
	close(vfd2);
}

/* IOMMUFD-VEVENTQ-3 */
TEST_F(viommu, veventq_alloc_rejects)
{
	static const struct { int type_mock; __u32 type, flags, depth; int err; const char *what; } bad[] = {
		{ 0, UAPI_TYPE_DEFAULT, 0, 1, -EOPNOTSUPP, "type DEFAULT (reserved)" },
		{ 1, 0, 1, 1, -EOPNOTSUPP, "flags 1" },
		{ 1, 0, 0, 0, -EINVAL, "depth 0" },
		{ 1, 0, 0, VEVENTQ_MAX_DEPTH + 1, -EINVAL, "depth 2^19 + 1" },
	};
	struct viommu_env *e = &self->e;
	__u32 id;
	int vfd;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		__u32 before = next_id(e->fd);
		__u32 type = bad[i].type_mock ? VEVENTQ_TYPE_MOCK : bad[i].type;

		EXPECT_EQ(bad[i].err, veventq_alloc(e->fd, e->viommu_id, type, bad[i].flags,
						    bad[i].depth, &id, &vfd)) TH_LOG("%s", bad[i].what);
		EXPECT_TRUE(ids_unchanged(e->fd, before)) TH_LOG("%s left an object", bad[i].what);
	}
	/* The largest depth is accepted. */
	EXPECT_EQ(0, veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, VEVENTQ_MAX_DEPTH,
				   &id, &vfd));
	close(vfd);
}

/* IOMMUFD-VEVENTQ-4 */
TEST_F(viommu, veventq_wrong_viommu)
{
	struct viommu_env *e = &self->e;
	__u32 id, before = next_id(e->fd);
	int vfd;

	EXPECT_EQ(-ENOENT, veventq_alloc(e->fd, NO_SUCH_ID, VEVENTQ_TYPE_MOCK, 0, 1, &id, &vfd));
	EXPECT_EQ(-ENOENT, veventq_alloc(e->fd, e->parent_id, VEVENTQ_TYPE_MOCK, 0, 1, &id, &vfd));
	EXPECT_EQ(-ENOENT, veventq_alloc(e->fd, e->idev_id, VEVENTQ_TYPE_MOCK, 0, 1, &id, &vfd));
	EXPECT_TRUE(ids_unchanged(e->fd, before));
}

/* IOMMUFD-NEST-1 */
TEST_F(viommu, nested_attach_needs_vdevice)
{
	struct viommu_env *e = &self->e;
	__u32 nested, vdev;

	ASSERT_EQ(0, hwpt_alloc_nested(e->fd, e->idev_id, e->viommu_id, 0, 0, &nested));
	EXPECT_EQ(-ENOENT, mock_domain_replace(e->fd, e->stdev_id, nested));
	/* The refused attach left the page table unused: it can be destroyed. */
	EXPECT_EQ(0, obj_destroy(e->fd, nested));
	ASSERT_EQ(0, hwpt_alloc_nested(e->fd, e->idev_id, e->viommu_id, 0, 0, &nested));
	ASSERT_EQ(0, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID, &vdev));
	EXPECT_EQ(0, mock_domain_replace(e->fd, e->stdev_id, nested));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, nested));
}

/* IOMMUFD-NEST-2 */
TEST_F(viommu, trigger_vevent_needs_attach_and_queue)
{
	struct viommu_env *e = &self->e;
	__u32 nested, vdev, id;
	int vfd;

	ASSERT_EQ(0, vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID, &vdev));
	/* Not attached to a page table of the vIOMMU: the mock has no vIOMMU to report to. */
	EXPECT_EQ(-ENOENT, trigger_vevent(e->fd, e->idev_id));
	ASSERT_EQ(0, hwpt_alloc_nested(e->fd, e->idev_id, e->viommu_id, 0, 0, &nested));
	ASSERT_EQ(0, mock_domain_replace(e->fd, e->stdev_id, nested));
	/* Attached but no vEVENTQ of the type: the report is refused. */
	EXPECT_EQ(-EOPNOTSUPP, trigger_vevent(e->fd, e->idev_id));
	ASSERT_EQ(0, veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, 1, &id, &vfd));
	EXPECT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	close(vfd);
}

TEST_HARNESS_MAIN
