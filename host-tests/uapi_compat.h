/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included before everything by the host tests (host.mk): the uAPI headers
 * come from the kernel tree under test, the rest of linux/ from the build
 * host (Debian 12: 6.1), whose linux/stddef.h predates the __counted_by
 * annotation 7.2's linux/vfio.h uses.  It only annotates, so it may be empty.
 */
#include <linux/stddef.h>
#ifndef __counted_by
#define __counted_by(m)
#endif
