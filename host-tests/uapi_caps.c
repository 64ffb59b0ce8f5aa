// SPDX-License-Identifier: GPL-2.0
/*
 * Which fault-reporting uAPIs the kernel under test offers: iommufd's fault
 * queue (IOMMU_FAULT_QUEUE_ALLOC, Linux 6.11), iommufd's vEVENTQ
 * (IOMMU_VEVENTQ_ALLOC, Linux 6.15), and a VFIO DMA fault region (proposed,
 * never merged).  "uapi_caps --report" prints one "# uapi:" line each, which
 * /init shows at the start of every VM; the tests check what is offered and
 * skip, with the reason, what is not.  IDs are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "vfio_setup.h"

/* Not in 6.12's linux/iommufd.h: the command number of later kernels. */
#define IOMMUFD_CMD_VEVENTQ_ALLOC_NR 0x93

enum cap_state { CAP_OFFERED, CAP_ABSENT, CAP_UNREACHABLE, CAP_ODD };

struct cap_probe {
	enum cap_state state;
	char detail[200];
};

/* probe_iommufd_cmd NR P: iommufd checks the size in the first u32 against
 * the command's minimum before anything else (main.c), so a size of 0 gives
 * EINVAL for a command this kernel has and ENOTTY for one it does not. */
static void probe_iommufd_cmd(unsigned int nr, struct cap_probe *p)
{
	uint32_t size = 0;
	int fd = open("/dev/iommu", O_RDWR), rc, err;

	if (fd < 0) {
		p->state = CAP_UNREACHABLE;
		snprintf(p->detail, sizeof(p->detail), "no /dev/iommu (%s): kernel without CONFIG_IOMMUFD",
			 strerror(errno));
		return;
	}
	rc = ioctl(fd, _IO(IOMMUFD_TYPE, nr), &size);
	err = errno;
	close(fd);
	if (rc == -1 && err == EINVAL)
		p->state = CAP_OFFERED;
	else if (rc == -1 && err == ENOTTY)
		p->state = CAP_ABSENT;
	else
		p->state = CAP_ODD;
	snprintf(p->detail, sizeof(p->detail), "command 0x%x with size 0: %s", nr,
		 rc == -1 ? strerror(err) : "succeeded");
}

static void probe_fault_queue(struct cap_probe *p)
{
	probe_iommufd_cmd(IOMMUFD_CMD_FAULT_QUEUE_ALLOC, p);
}

static void probe_veventq(struct cap_probe *p)
{
	probe_iommufd_cmd(IOMMUFD_CMD_VEVENTQ_ALLOC_NR, p);
}

/* region_type E INDEX TYPE SUBTYPE: the type capability of a region, 0 if it has one. */
static int region_type(const struct vfio_env *e, uint32_t index, uint32_t *type, uint32_t *subtype)
{
	char buf[512] = "";
	struct vfio_region_info *info = (void *)buf;
	struct vfio_info_cap_header *cap;
	struct vfio_region_info_cap_type *t;

	info->argsz = sizeof(buf);
	info->index = index;
	if (ioctl(e->device, VFIO_DEVICE_GET_REGION_INFO, info))
		return -errno;
	for (uint32_t off = (info->flags & VFIO_REGION_INFO_FLAG_CAPS) ? info->cap_offset : 0;
	     off && off + sizeof(*t) <= sizeof(buf); off = cap->next) {
		cap = (void *)(buf + off);
		if (cap->id != VFIO_REGION_INFO_CAP_TYPE)
			continue;
		t = (void *)cap;
		*type = t->type, *subtype = t->subtype;
		return 0;
	}
	return -ENOENT;
}

/* probe_vfio_region_env E P: the device-specific regions of edu (those past
 * the standard PCI ones); 6.12 defines no fault region type, so any region
 * there is reported for a human to look at. */
static void probe_vfio_region_env(const struct vfio_env *e, struct cap_probe *p)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	uint32_t type = 0, subtype = 0;
	size_t n;

	if (ioctl(e->device, VFIO_DEVICE_GET_INFO, &info)) {
		p->state = CAP_ODD;
		snprintf(p->detail, sizeof(p->detail), "VFIO_DEVICE_GET_INFO: %s", strerror(errno));
		return;
	}
	p->state = info.num_regions > VFIO_PCI_NUM_REGIONS ? CAP_OFFERED : CAP_ABSENT;
	n = snprintf(p->detail, sizeof(p->detail), "edu has %u regions, %u standard", info.num_regions,
		     VFIO_PCI_NUM_REGIONS);
	for (uint32_t i = VFIO_PCI_NUM_REGIONS; i < info.num_regions && n < sizeof(p->detail); i++) {
		if (region_type(e, i, &type, &subtype))
			p->state = CAP_ODD;
		n += snprintf(p->detail + n, sizeof(p->detail) - n, "; region %u type %u/%u", i,
			      type, subtype);
	}
}

static void probe_vfio_region(struct cap_probe *p)
{
	struct vfio_env e;
	const char *why = "";
	int rc = vfio_env_setup(&e, VFIO_PATH_CONTAINER, &why);

	if (rc == 0) {
		probe_vfio_region_env(&e, p);
	} else {
		p->state = CAP_UNREACHABLE;
		snprintf(p->detail, sizeof(p->detail), "%s%s%s", why, rc < 0 ? ": " : "",
			 rc < 0 ? strerror(-rc) : "");
	}
	vfio_env_teardown(&e);
}

static const struct cap {
	const char *name;
	const char *uapi;
	const char *history;	/* said when it is absent */
	void (*probe)(struct cap_probe *p);
} CAPS[] = {
	{ "iommufd fault queue", "IOMMU_FAULT_QUEUE_ALLOC", "in Linux since 6.11", probe_fault_queue },
	{ "iommufd vEVENTQ", "IOMMU_VEVENTQ_ALLOC", "in Linux since 6.15", probe_veventq },
	{ "VFIO DMA fault region", "VFIO_REGION_TYPE_NESTED/DMA_FAULT",
	  "proposed with SMMUv3 nesting (2019-2021), never merged", probe_vfio_region },
};

static const char *const STATE_NAME[] = {
	[CAP_OFFERED] = "offered", [CAP_ABSENT] = "absent",
	[CAP_UNREACHABLE] = "not reachable", [CAP_ODD] = "unexpected answer",
};

static int report(void)
{
	struct cap_probe p;

	for (size_t i = 0; i < sizeof(CAPS) / sizeof(CAPS[0]); i++) {
		CAPS[i].probe(&p);
		printf("# uapi: %s (%s): %s (%s%s%s)\n", CAPS[i].name, CAPS[i].uapi,
		       STATE_NAME[p.state], p.detail, p.state == CAP_ABSENT ? "; " : "",
		       p.state == CAP_ABSENT ? CAPS[i].history : "");
	}
	return 0;
}

/* check_cap CAP: skip what this kernel lacks, fail an answer the uAPI's
 * conventions do not allow. */
#define check_cap(cap)								\
	do {									\
		struct cap_probe p;						\
		(cap)->probe(&p);						\
		TH_LOG("%s: %s", (cap)->uapi, p.detail);			\
		if (p.state == CAP_ABSENT || p.state == CAP_UNREACHABLE)	\
			SKIP(return, "%s %s: %s (%s)", (cap)->uapi,		\
			     STATE_NAME[p.state], p.detail, (cap)->history);	\
		ASSERT_EQ(CAP_OFFERED, p.state);				\
	} while (0)

FIXTURE(caps) {
};

FIXTURE_SETUP(caps)
{
}

FIXTURE_TEARDOWN(caps)
{
}

/* IOMMUFD-CAPS-1 */
TEST_F(caps, fault_queue_offered)
{
	check_cap(&CAPS[0]);
}

/* IOMMUFD-CAPS-2 */
TEST_F(caps, veventq_offered)
{
	check_cap(&CAPS[1]);
}

/* VFIO-CAPS-1 */
TEST_F(caps, vfio_fault_region_offered)
{
	check_cap(&CAPS[2]);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--report"))
		return report();
	return test_harness_run(argc, argv);
}
