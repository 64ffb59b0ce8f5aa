/* SPDX-License-Identifier: MIT */
/*
 * abi-check: compares include/faultline/virtio_iommu.h (the spec) with
 * Linux's uapi linux/virtio_iommu.h (the build host's, and the kernel
 * tree's), and the iommufd fault-queue ABI with the 6.12 reference, item by
 * item, as TAP.  Equal is ok; a difference the spec explains (the findings
 * below) is ok with # INFO; any other value that differs is not ok.
 */
#include <stdio.h>
#include <string.h>
#include <linux/version.h>
#include "abi.h"

/*
 * Differences the spec explains.  name is the item on the side that has it;
 * alias, when set, names the same bytes on the other side, whose value must
 * then be equal.
 */
struct finding {
	const char *name;
	const char *alias;
	const char *why;
};

static const struct finding findings[] = {
	{ "VIRTIO_IOMMU_FAULT_F_EXEC", NULL,
	  "Linux defines FAULT_F_EXEC (1 << 2), the spec does not: a device setting it sets an undefined flag (DEV-FAULT-2)" },
	{ "offsetof(virtio_iommu_fault, reserved2)", "offsetof(virtio_iommu_fault, reserved1)",
	  "Linux's u8 reserved2[4] is the spec's le32 reserved1" },
	{ "sizeof(virtio_iommu_fault.reserved2)", "sizeof(virtio_iommu_fault.reserved1)",
	  "Linux's u8 reserved2[4] is the spec's le32 reserved1" },
	{ "offsetof(virtio_iommu_req_probe, properties)", "sizeof(struct virtio_iommu_req_probe)",
	  "Linux declares properties[] in the struct; the spec has it follow the 72-byte request" },
	{ "VIRTIO_IOMMU_MAP_F_MASK", NULL,
	  "a Linux convenience mask (READ | WRITE | MMIO), not a spec constant" },
	{ "VIRTIO_IOMMU_REQUESTQ", NULL, "the spec numbers the queues (requestq 0); Linux has no name for it" },
	{ "VIRTIO_IOMMU_EVENTQ", NULL, "the spec numbers the queues (eventq 1); Linux has no name for it" },
	{ "VIRTIO_IOMMU_FEATURES_DEFINED", NULL, "the project's mask of the spec's feature bits" },
	{ "VIRTIO_IOMMU_FAULT_F_DEFINED", NULL, "the project's mask of the spec's fault flags (no EXEC)" },
};

static int n, failed, infos, skips;

static const struct finding *finding_of(const char *name)
{
	for (size_t i = 0; i < sizeof(findings) / sizeof(findings[0]); i++)
		if (!strcmp(findings[i].name, name))
			return &findings[i];
	return NULL;
}

static const struct abi_item *lookup(const struct abi_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->items[i].name, name))
			return &t->items[i];
	return NULL;
}

static void verdict(int ok, const char *label, const char *name, const char *info)
{
	printf("%sok %d - %s: %s", ok ? "" : "not ", ++n, label, name);
	if (info) {
		printf(" # INFO %s", info);
		infos++;
	}
	putchar('\n');
	failed += !ok;
}

static void equal(const char *label, const char *name, unsigned long long ref,
		  unsigned long long got)
{
	if (ref == got) {
		printf("ok %d - %s: %s = %llu\n", ++n, label, name, got);
		return;
	}
	verdict(0, label, name, NULL);
	printf("#   expected: %llu (%#llx)\n#   observed: %llu (%#llx)\n", ref, ref, got, got);
}

/* An item only one side has: a finding, checked against its alias if any. */
/* Is name the alias of a finding that other has?  Then that line covers it. */
static int covered_by(const char *name, const struct abi_table *other)
{
	for (size_t i = 0; i < sizeof(findings) / sizeof(findings[0]); i++)
		if (findings[i].alias && !strcmp(findings[i].alias, name) &&
		    lookup(other, findings[i].name))
			return 1;
	return 0;
}

static void one_sided(const char *label, const struct abi_item *it,
		      const struct abi_table *other, const char *side)
{
	const struct finding *f = finding_of(it->name);
	const struct abi_item *a;
	char why[256];

	if (!f) {
		snprintf(why, sizeof(why), "only in %s: nothing records why", side);
		verdict(1, label, it->name, why);
		return;
	}
	if (!f->alias) {
		snprintf(why, sizeof(why), "only in %s: %s", side, f->why);
		verdict(1, label, it->name, why);
		return;
	}
	a = lookup(other, f->alias);
	if (a && a->value == it->value) {
		snprintf(why, sizeof(why), "%s = %llu, as %s: %s", it->name, it->value,
			 f->alias, f->why);
		verdict(1, label, it->name, why);
		return;
	}
	verdict(0, label, it->name, NULL);
	printf("#   %s\n#   expected: %s = %llu\n", f->why, f->alias, a ? a->value : 0);
}

/* Items of ref against other, then what only other has. */
static void compare(const struct abi_table *ref, const struct abi_table *other,
		    const char *label, const char *ref_side, const char *other_side)
{
	if (other->skip) {
		printf("ok %d - %s # SKIP %s\n", ++n, label, other->skip);
		skips++;
		return;
	}
	printf("# %s: %s against %s\n", label, other->origin, ref->origin);
	for (size_t i = 0; i < ref->n; i++) {
		const struct abi_item *it = &ref->items[i];
		const struct abi_item *got = lookup(other, it->name);

		if (got)
			equal(label, it->name, it->value, got->value);
		else if (!covered_by(it->name, other))
			one_sided(label, it, other, ref_side);
	}
	for (size_t i = 0; i < other->n; i++)
		if (!lookup(ref, other->items[i].name))
			one_sided(label, &other->items[i], ref, other_side);
}

int main(void)
{
	printf("TAP version 13\n# build host uapi headers: Linux %d.%d\n",
	       LINUX_VERSION_CODE >> 16, (LINUX_VERSION_CODE >> 8) & 0xff);
	compare(&abi_spec, &abi_linux_sys, "virtio_iommu.h (build host)", "faultline", "Linux");
	compare(&abi_spec, &abi_linux_tree, "virtio_iommu.h (kernel tree)", "faultline", "Linux");
	compare(&abi_iommufd_ref, &abi_iommufd_sys, "iommufd.h (build host uapi)", "6.12", "this header");
	compare(&abi_iommufd_ref, &abi_iommufd_tree, "iommufd.h (kernel tree)", "6.12", "this header");
	compare(&abi_spec, &abi_linux_tree2, "virtio_iommu.h (newest kernel tree)", "faultline", "Linux");
	compare(&abi_iommufd_ref, &abi_iommufd_tree2, "iommufd.h (newest kernel tree)", "6.12",
		"this header");
	compare(&abi_vevent_ref, &abi_vevent_tree, "iommufd.h vEVENTQ (kernel tree)", "7.2",
		"this header");
	compare(&abi_vevent_ref, &abi_vevent_tree2, "iommufd.h vEVENTQ (newest kernel tree)", "7.2",
		"this header");
	printf("1..%d\n# abi: %d items, %d differ, %d findings (INFO), %d headers skipped\n",
	       n, n - skips, failed, infos, skips);
	return failed ? 1 : 0;
}
