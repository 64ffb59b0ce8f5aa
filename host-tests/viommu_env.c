// SPDX-License-Identifier: GPL-2.0
/*
 * The starting point of the vIOMMU tests (viommu_helpers.h): what the kernel
 * lacks is a skip naming its release, any other failed step a failure naming
 * the step.
 */
#include <errno.h>
#include <unistd.h>

#include "viommu_helpers.h"

/* step RC WHY WHAT: records which step failed and returns its result. */
static int step(int rc, const char **why, const char *what)
{
	if (rc < 0)
		*why = what;
	return rc;
}

/* absent RC WHY WHAT: a missing command (ENOTTY) or a uAPI built without it
 * (ENOSYS) is a skip; anything else goes to step(). */
static int absent(int rc, const char **why, const char *what)
{
	if (rc == -ENOSYS) {
		*why = viommu_env_absent("the uAPI the tests were built against has no "
					 "vIOMMU, vEVENTQ or mock PASID operations (6.12's has none)");
		return FAULT_ENV_SKIP;
	}
	if (rc == -ENOTTY) {
		*why = viommu_env_absent(what);
		return FAULT_ENV_SKIP;
	}
	return step(rc, why, what);
}

static int env_viommu(struct viommu_env *e, const char **why)
{
	int rc = iommufd_env_open(&e->fd, why);

	if (rc)
		return rc;
	/* Probed first: a kernel without it skips before anything else. */
	rc = viommu_alloc(e->fd, VIOMMU_TYPE_MOCK, 0, 0, 0, &e->viommu_id);
	if (rc == -ENOSYS || rc == -ENOTTY)
		return absent(rc, why, "IOMMU_VIOMMU_ALLOC answers ENOTTY: no vIOMMU uAPI");
	rc = ioas_alloc(e->fd, &e->ioas_id);
	if (step(rc, why, "IOMMU_IOAS_ALLOC") < 0)
		return rc;
	rc = mock_domain(e->fd, e->ioas_id, &e->stdev_id, &e->idev_id);
	if (rc == -ENOTTY)
		return absent(rc, why, "IOMMU_TEST_CMD unknown: kernel without CONFIG_IOMMUFD_TEST");
	if (step(rc, why, "IOMMU_TEST_OP_MOCK_DOMAIN") < 0)
		return rc;
	rc = hwpt_alloc_parent(e->fd, e->idev_id, e->ioas_id, IOMMU_HWPT_ALLOC_NEST_PARENT,
			       &e->parent_id);
	if (step(rc, why, "IOMMU_HWPT_ALLOC(NEST_PARENT)") < 0)
		return rc;
	rc = viommu_alloc(e->fd, VIOMMU_TYPE_MOCK, 0, e->idev_id, e->parent_id, &e->viommu_id);
	return step(rc, why, "IOMMU_VIOMMU_ALLOC(mock type)");
}

static int env_veventq(struct viommu_env *e, const char **why)
{
	int rc = vdevice_alloc(e->fd, e->viommu_id, e->idev_id, VENV_VIRT_ID, &e->vdev_id);

	if (step(rc, why, "IOMMU_VDEVICE_ALLOC") < 0)
		return rc;
	rc = hwpt_alloc_nested(e->fd, e->idev_id, e->viommu_id, 0, 0, &e->nested_id);
	if (step(rc, why, "IOMMU_HWPT_ALLOC(nested on the vIOMMU)") < 0)
		return rc;
	rc = mock_domain_replace(e->fd, e->stdev_id, e->nested_id);
	if (step(rc, why, "IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE to the nested page table") < 0)
		return rc;
	rc = veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, VENV_DEPTH, &e->veventq_id,
			   &e->veventq_fd);
	return step(rc, why, "IOMMU_VEVENTQ_ALLOC(mock type)");
}

int viommu_env_setup(struct viommu_env *e, enum viommu_stage stage, const char **why)
{
	int rc;

	*e = (struct viommu_env){ .fd = -1, .veventq_fd = -1 };
	rc = env_viommu(e, why);
	if (rc == 0 && stage == VENV_VEVENTQ)
		rc = env_veventq(e, why);
	return rc;
}

/* Closing both files tears the whole context down. */
void viommu_env_teardown(struct viommu_env *e)
{
	if (e->veventq_fd >= 0)
		close(e->veventq_fd);
	if (e->fd >= 0)
		close(e->fd);
	e->veventq_fd = e->fd = -1;
}
