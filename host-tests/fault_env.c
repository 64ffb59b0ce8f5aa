// SPDX-License-Identifier: GPL-2.0
/*
 * The starting point of the fault tests, as in reference §0.4: an IOAS, a
 * mock device, a fault object, a NEST_PARENT page table and a nested page
 * table with FAULT_ID_VALID that the device is attached to.  A kernel that
 * lacks a piece of this is reported as a skip with the missing option, never
 * as a pass.
 */
#include <errno.h>
#include <unistd.h>

#include "iommufd_helpers.h"

int iommufd_env_open(int *fd, const char **why)
{
	*fd = iommufd_open();
	if (*fd >= 0)
		return 0;
	if (*fd == -ENOENT || *fd == -ENXIO || *fd == -ENODEV) {
		*why = "no /dev/iommu: kernel without CONFIG_IOMMUFD";
		return FAULT_ENV_SKIP;
	}
	*why = "open /dev/iommu";
	return *fd;
}

/* step RC WHY: records which step failed and returns its result. */
static int step(int rc, const char **why, const char *what)
{
	if (rc < 0)
		*why = what;
	return rc;
}

static int env_device(struct fault_env *e, const char **why)
{
	int rc = ioas_alloc(e->fd, &e->ioas_id);

	if (step(rc, why, "IOMMU_IOAS_ALLOC") < 0)
		return rc;
	rc = mock_domain(e->fd, e->ioas_id, &e->stdev_id, &e->idev_id);
	if (rc == -ENOTTY) {
		*why = "IOMMU_TEST_CMD unknown: kernel without CONFIG_IOMMUFD_TEST";
		return FAULT_ENV_SKIP;
	}
	return step(rc, why, "IOMMU_TEST_OP_MOCK_DOMAIN");
}

static int env_page_tables(struct fault_env *e, const char **why)
{
	int rc = fault_alloc(e->fd, 0, &e->fault_id, &e->fault_fd);

	if (step(rc, why, "IOMMU_FAULT_QUEUE_ALLOC") < 0)
		return rc;
	rc = hwpt_alloc_parent(e->fd, e->idev_id, e->ioas_id, IOMMU_HWPT_ALLOC_NEST_PARENT,
			       &e->parent_id);
	if (step(rc, why, "IOMMU_HWPT_ALLOC(NEST_PARENT)") < 0)
		return rc;
	rc = hwpt_alloc_nested(e->fd, e->idev_id, e->parent_id, IOMMU_HWPT_FAULT_ID_VALID,
			       e->fault_id, &e->iopf_hwpt_id);
	return step(rc, why, "IOMMU_HWPT_ALLOC(nested, FAULT_ID_VALID)");
}

int fault_env_setup(struct fault_env *e, const char **why)
{
	int rc;

	*e = (struct fault_env){ .fd = -1, .fault_fd = -1 };
	rc = iommufd_env_open(&e->fd, why);
	if (rc == 0)
		rc = env_device(e, why);
	if (rc == 0)
		rc = env_page_tables(e, why);
	if (rc != 0)
		return rc;
	rc = mock_domain_replace(e->fd, e->stdev_id, e->iopf_hwpt_id);
	if (rc == -ENODEV) {
		/* The mock's IOPF queue exists only with IOMMU_IOPF (reference §0.4). */
		*why = "attaching a fault page table gives ENODEV: kernel without CONFIG_IOMMU_IOPF";
		return FAULT_ENV_SKIP;
	}
	return step(rc, why, "IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE to the fault page table");
}

int fault_env_trigger(const struct fault_env *e, const struct iopf *f)
{
	return trigger_iopf(e->fd, e->idev_id, f ? f : &IOPF_DEFAULT);
}

/* A second mock device on its own nested page table that shares the
 * environment's fault object (and parent). */
int fault_env_second_device(struct fault_env *e, __u32 *stdev_id, __u32 *idev_id,
			    __u32 *hwpt_id)
{
	int rc = mock_domain(e->fd, e->ioas_id, stdev_id, idev_id);

	if (rc == 0)
		rc = hwpt_alloc_nested(e->fd, *idev_id, e->parent_id,
				       IOMMU_HWPT_FAULT_ID_VALID, e->fault_id, hwpt_id);
	if (rc == 0)
		rc = mock_domain_replace(e->fd, *stdev_id, *hwpt_id);
	return rc;
}

/* Closing both files tears the whole context down (main.c:280-313). */
void fault_env_teardown(struct fault_env *e)
{
	if (e->fault_fd >= 0)
		close(e->fault_fd);
	if (e->fd >= 0)
		close(e->fd);
	e->fault_fd = e->fd = -1;
}
