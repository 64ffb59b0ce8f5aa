// SPDX-License-Identifier: MIT
/*
 * Model-checked random request sequences (guest-driver/fuzz): a seeded run
 * in lockstep with the reference model, and the minimal reproducers it has
 * found, kept as regression rows exactly as the run printed them
 * ("regression row: ..."): statements, then the steps.
 */
#include "fuzz/api.h"
#include "harness/suite.h"
#include "tests/fixture.h"

/*
 * In parts, so that a device that crashes costs one part of the run: the
 * runner goes on from the next part in a fresh VM.
 */
#define PARTS 4

/*
 * config.bypass back at its power-on value, as the next part would find it in
 * a fresh VM: the sequences write it, and a device reset keeps it
 * (DEV-CFG-4).  Whether the device took it.
 */
static bool bypass_restored(struct fixture *fx)
{
	if (!fx->boot_bypass_known)
		return false;
	if (viommu_read_bypass(&fx->v) != fx->boot_bypass)
		viommu_write_bypass(&fx->v, fx->boot_bypass);
	return viommu_read_bypass(&fx->v) == fx->boot_bypass;
}

static void random_part(struct fixture *fx, unsigned int part)
{
	if (fz_disabled()) {
		skip("GEN-1", "sequences: random requests", "fuzz=off");
		return;
	}
	fz_random(fx, part, PARTS);
	/*
	 * The default run's parts take a fraction of a second each and share a
	 * VM: the next one finds the device as a fresh VM would (the harness
	 * checks that no domain is left; bypass, below).  A fuzz run's part takes
	 * the time it was given: the next one in a VM of its own, so that a VM's
	 * wall-clock limit bounds one part.  The regression rows after the last
	 * part start in a fresh VM too.
	 */
	if (fz_budget_given())
		suite_fresh_vm("each part of a fuzz run runs in a VM of its own");
	else if (part == PARTS - 1)
		suite_fresh_vm("the regression rows run in a VM of their own");
	else if (!bypass_restored(fx))
		suite_fresh_vm("config.bypass did not take its power-on value back");
}

/* The sequences start in a VM of their own too, not in the one the examples used. */
static void own_vm(struct fixture *fx)
{
	(void)fx;
	suite_fresh_vm("the sequences run in VMs of their own");
}

static void part1(struct fixture *fx) { random_part(fx, 0); }
static void part2(struct fixture *fx) { random_part(fx, 1); }
static void part3(struct fixture *fx) { random_part(fx, 2); }
static void part4(struct fixture *fx) { random_part(fx, 3); }

/* Endpoint 0x10 is the first endpoint of the guest's machine and of the model's. */
static const struct {
	const char *ids, *steps;
} rows[] = {
	{ "DEV-ATT-8,DEV-MAP-4,DEV-UNMAP-5",
	  "attach dom=1 ep=0x10 flags=0x0; map dom=1 [0x100000,0x100fff] phys=P+0x0 flags=0x3; "
	  "unmap dom=1 [0x100000,0x100fff]; detach dom=1 ep=0x10" },
	/* QEMU 7.2: attaching an endpoint again to its own domain loses the domain's mappings. */
	{ "DEV-ATT-8,DEV-MAP-2",
	  "attach dom=1 ep=0x10 flags=0x0; map dom=1 [0x104000,0x104fff] phys=P+0x0 flags=0x3; "
	  "attach dom=1 ep=0x10 flags=0x0" },
	/* QEMU 7.2: ATTACH_F_BYPASS into a translated domain is accepted. */
	{ "DEV-ATT-5",
	  "attach dom=2 ep=0x10 flags=0x0; attach dom=2 ep=0x10 flags=0x1" },
	/*
	 * A move the new domain refuses (a bypass domain, no ATTACH_F_BYPASS):
	 * QEMU 7.2 has taken 0x10 out of domain 1 first, which ends it (the
	 * att-move-refused choice); the probes after it show which.
	 */
	{ "DEV-ATT-6,DEV-ATT-5",
	  "attach dom=1 ep=0x10 flags=0x1; attach dom=2 ep=0x18 flags=0x1; "
	  "attach dom=2 ep=0x10 flags=0x0" },
	/* QEMU 10.0 and 11.1: a domain survives a device reset (the probes after it). */
	{ "INF-INIT-1",
	  "attach dom=3 ep=0x10 flags=0x0; map dom=3 [0x100000,0x100fff] phys=P+0x0 flags=0x3; "
	  "reset" },
	/*
	 * QEMU 10.0 and 11.1: an endpoint is attached to a domain that maps its
	 * reserved (MSI) region, itself a DEV-RESV-4 finding (the MAP accepted).
	 */
	{ "DEV-ATT-7",
	  "attach dom=10 ep=0x10 flags=0x0; map dom=10 [0xfee00000,0xfee00fff] phys=P+0x0 flags=0x3; "
	  "attach dom=10 ep=0x18 flags=0x0" },
	/* QEMU 10.0 and 11.1 (aw-bits=39 on q35): a MAP across input_range's end is accepted. */
	{ "INF-OPS-2",
	  "attach dom=12 ep=0x10 flags=0x0; map dom=12 [0x7fffffe000,0x8000000fff] phys=P+0x0 flags=0x3" },
	/*
	 * DMA right after the MSI region, no mapping: a fault at that address.
	 * A suite defect first: edu clamped the address to 28 bits (now dma_mask).
	 */
	{ "DEV-FAULT-4,INF-FAULT-2", "attach dom=22 ep=0x10 flags=0x0; dma ep=0 write iova=0xfef00000 len=8" },
	/* A faulting read across the start of a mapping, at an odd address. */
	{ "DEV-FAULT-4,INF-FAULT-2",
	  "attach dom=1 ep=0x10 flags=0x0; map dom=1 [0x104000,0x104fff] phys=P+0x0 flags=0x3; "
	  "dma ep=0 read iova=0x103ffd len=8" },
	/*
	 * The virtio-rng (0x18 on q35), its rings mapped 1:1: a write across the
	 * end of a mapping (the fault at its first byte after), and one through
	 * a read-only mapping.
	 */
	{ "DEV-FAULT-3,DEV-FAULT-4,INF-FAULT-2",
	  "attach dom=2 ep=0x18 flags=0x0; map dom=2 rings flags=0x3; "
	  "map dom=2 [0x10a000,0x10afff] phys=P+0x0 flags=0x3; dma ep=rng write iova=0x10affc len=8" },
	{ "DEV-MAP-6,INF-FAULT-2",
	  "attach dom=1 ep=0x18 flags=0x0; map dom=1 rings flags=0x3; "
	  "map dom=1 [0x104000,0x104fff] phys=P+0x2000 flags=0x1; dma ep=rng write iova=0x104ff8 len=8" },
	/*
	 * QEMU 10.0 and 11.1: a short properties area gets S_OK and used length
	 * 4.  Last: QEMU 7.2 dies of it (SIGABRT), and the rows after it with it.
	 */
	/*
	 * Event buffers the run controls: a report too big for the two posted
	 * (dropped, older 20-byte form, or the device stops: QEMU stops), one
	 * with no buffer posted (waits or is dropped), and a reset after it.
	 */
	{ "DEV-FAULT-5", "reset events=0; attach dom=1 ep=0x10 flags=0x0; events post=2 size=16; "
	  "dma ep=0 read iova=P+0x4008 len=8" },
	{ "INF-FAULT-1", "reset events=0; attach dom=1 ep=0x10 flags=0x0; "
	  "dma ep=0 write iova=P+0x7008 len=8; events post=1 size=24" },
	{ "INF-FAULT-1,INF-INIT-1", "reset events=0; attach dom=1 ep=0x10 flags=0x0; "
	  "dma ep=0 write iova=P+0x7008 len=8; reset" },
	{ "DEV-PROBE-7", "probe ep=0x18 in=260" },
};

static void regressions(struct fixture *fx)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++)
		fz_regression(fx, rows[i].ids, rows[i].steps);
}

const struct test sequences_tests[] = {
	{ "sequences.vm", "GEN-1", own_vm },
	{ "sequences.random1", "GEN-1", part1 },
	{ "sequences.random2", "GEN-1", part2 },
	{ "sequences.random3", "GEN-1", part3 },
	{ "sequences.random4", "GEN-1", part4 },
	{ "sequences.regressions", "GEN-1", regressions },
};
const unsigned int sequences_count = ARRAY_SIZE(sequences_tests);
