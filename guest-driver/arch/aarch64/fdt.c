// SPDX-License-Identifier: MIT
/*
 * The few facts the guest takes from the flattened device tree QEMU passes
 * (Devicetree Specification, "Flattened Devicetree (DTB) Format"): the
 * command line (-append), RAM, the PCIe host bridge's ECAM and 32-bit MMIO
 * window, and the GIC's version.  Only the root's children are looked at;
 * virt puts all of these there.  Cell counts are the root's (#address-cells,
 * #size-cells) and, inside the PCIe node's ranges, 3 for PCI addresses.
 */
#include <string.h>
#include "aarch64.h"

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_MAX_SIZE	(2u << 20)	/* virt's tree is 1 MiB at most */
#define PCI_SPACE(hi)	((hi) >> 24 & 3)
#define PCI_SPACE_MEM32	2

struct platform platform;

struct fdt {
	const uint8_t *base;
	uint32_t size, strings, off;
	unsigned int addr_cells, size_cells;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* n cells (1 or 2) from p; advances p. */
static uint64_t cells(const uint8_t **p, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++, *p += 4)
		v = v << 32 | be32(*p);
	return v;
}

static void get_bootargs(const struct fdt *f, const uint8_t *v, uint32_t len)
{
	(void)f;
	if (len >= sizeof(platform.bootargs))
		len = sizeof(platform.bootargs) - 1;
	memcpy(platform.bootargs, v, len);
	platform.bootargs[len] = '\0';
}

static void get_memory(const struct fdt *f, const uint8_t *v, uint32_t len)
{
	if (len < 4 * (f->addr_cells + f->size_cells))
		return;
	platform.ram_base = cells(&v, f->addr_cells);
	platform.ram_size = cells(&v, f->size_cells);
}

static void get_ecam(const struct fdt *f, const uint8_t *v, uint32_t len)
{
	if (len < 4 * (f->addr_cells + f->size_cells))
		return;
	platform.ecam_base = cells(&v, f->addr_cells);
	platform.ecam_size = cells(&v, f->size_cells);
}

/* PCI ranges: (3-cell PCI address, parent address, 2-cell size) each. */
static void get_windows(const struct fdt *f, const uint8_t *v, uint32_t len)
{
	uint32_t entry = 4 * (3 + f->addr_cells + 2);

	for (; len >= entry; len -= entry) {
		const uint8_t *p = v;
		uint32_t hi = be32(p);

		p += 12;
		if (PCI_SPACE(hi) == PCI_SPACE_MEM32 && !platform.mmio32_size) {
			platform.mmio32_base = cells(&p, f->addr_cells);
			platform.mmio32_size = cells(&p, 2);
		}
		v += entry;
	}
}

static void get_gic(const struct fdt *f, const uint8_t *v, uint32_t len)
{
	(void)f;
	/* compatible is a list of strings: any "arm,gic-v3" wins. */
	for (uint32_t i = 0; i < len; i += strlen((const char *)v + i) + 1) {
		if (!strcmp((const char *)v + i, "arm,gic-v3"))
			platform.gic_version = 3;
		else if (!strcmp((const char *)v + i, "arm,cortex-a15-gic") && !platform.gic_version)
			platform.gic_version = 2;
	}
}

/* Root children by name prefix ("memory" matches "memory@40000000"). */
static const struct {
	const char *node, *prop;
	void (*get)(const struct fdt *f, const uint8_t *v, uint32_t len);
} wanted[] = {
	{ "chosen", "bootargs", get_bootargs },
	{ "memory@", "reg", get_memory },
	{ "pcie@", "reg", get_ecam },
	{ "pcie@", "ranges", get_windows },
	{ "intc@", "compatible", get_gic },
};

static void property(struct fdt *f, const char *node, unsigned int depth,
		     const char *name, const uint8_t *v, uint32_t len)
{
	if (depth == 1 && !strcmp(name, "#address-cells") && len == 4)
		f->addr_cells = be32(v);
	if (depth == 1 && !strcmp(name, "#size-cells") && len == 4)
		f->size_cells = be32(v);
	if (depth != 2)
		return;
	for (unsigned int i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		if (!strncmp(node, wanted[i].node, strlen(wanted[i].node)) &&
		    !strcmp(name, wanted[i].prop))
			wanted[i].get(f, v, len);
}

/* One walk of the structure block; false if it is malformed. */
static bool walk(struct fdt *f)
{
	const char *node = "";
	unsigned int depth = 0;

	while (f->off + 4 <= f->size) {
		uint32_t tok = be32(f->base + f->off), len;
		const uint8_t *p = f->base + f->off + 4;

		f->off += 4;
		if (tok == FDT_BEGIN_NODE) {
			node = (const char *)p;
			f->off += (strlen(node) + 4) & ~3u;
			depth++;
		} else if (tok == FDT_END_NODE) {
			if (!depth--)
				return false;
		} else if (tok == FDT_PROP) {
			if (f->off + 8 > f->size)
				return false;
			len = be32(p);
			if (be32(p + 4) >= f->size - f->strings || len > f->size - f->off - 8)
				return false;
			property(f, node, depth, (const char *)f->base + f->strings + be32(p + 4),
				 p + 8, len);
			f->off += 8 + ((len + 3) & ~3u);
		} else if (tok == FDT_END) {
			return depth == 0;
		} else if (tok != FDT_NOP) {
			return false;
		}
	}
	return false;
}

bool fdt_read(const void *dtb)
{
	const uint8_t *h = dtb;
	struct fdt f = { .base = h, .addr_cells = 2, .size_cells = 1 };

	if (!h || be32(h) != FDT_MAGIC)
		return false;
	f.size = be32(h + 4);
	f.off = be32(h + 8);
	f.strings = be32(h + 12);
	if (f.size > FDT_MAX_SIZE || f.off >= f.size || f.strings >= f.size)
		return false;
	return walk(&f);
}
