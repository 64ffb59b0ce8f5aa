/* SPDX-License-Identifier: MIT */
/*
 * The fault-queue part of a Linux uapi linux/iommufd.h as a table, built
 * once per header like linux.c; with -DABI_VEVENT its vEVENTQ part instead.
 * A header without that part (the fault queue before Linux 6.11, the
 * vEVENTQ before 6.15), or none at all, gives a table that says why it is
 * empty.
 */
#include "abi.h"

#if defined(ABI_WHY)
ABI_SKIP(ABI_SYM, "kernel tree include/uapi/linux/iommufd.h", ABI_WHY);
#else
#if defined(ABI_HDR)
#include ABI_HDR
#define ABI_ORIGIN ABI_HDR
#elif __has_include(<linux/iommufd.h>)
#include <linux/iommufd.h>
#define ABI_ORIGIN "/usr/include/linux/iommufd.h"
#else
#define ABI_ORIGIN "/usr/include/linux/iommufd.h"
#define ABI_NONE "the build host has no linux/iommufd.h"
#endif

#if defined(ABI_NONE)
ABI_SKIP(ABI_SYM, ABI_ORIGIN, ABI_NONE);
#elif defined(ABI_VEVENT) && !defined(IOMMU_VEVENTQ_ALLOC)
ABI_SKIP(ABI_SYM, ABI_ORIGIN, "the header predates the vEVENTQ (Linux 6.15)");
#elif defined(ABI_VEVENT)
ABI_TABLE(ABI_SYM, ABI_ORIGIN, IOMMUFD_VEVENT_ITEMS);
#elif !defined(IOMMU_FAULT_QUEUE_ALLOC)
ABI_SKIP(ABI_SYM, ABI_ORIGIN, "the header predates the fault queue (Linux 6.11)");
#else
ABI_TABLE(ABI_SYM, ABI_ORIGIN, IOMMUFD_FAULT_ITEMS);
#endif
#endif
