// SPDX-License-Identifier: MIT
/*
 * Every exception ends the run: one "Bail out!" line with the vector, the
 * syndrome (ESR_EL1, its exception class named), the faulting address
 * (FAR_EL1) and the return address (ELR_EL1), then exit code 2.
 */
#include <stdbool.h>
#include <stdio.h>
#include <faultline/rt.h>
#include <asm/platform.h>
#include "aarch64.h"

#define ESR_EC_SHIFT	26
#define ESR_EC_MASK	0x3f

static const char *const kinds[4] = { "sync", "IRQ", "FIQ", "SError" };
static const char *const origins[4] = { "EL1t", "EL1h", "EL0/64", "EL0/32" };

/* The exception classes this guest can meet (Arm ARM, ESR_ELx.EC). */
static const struct { unsigned int ec; const char *name; } classes[] = {
	{ 0x00, "unknown" },		/* udf, undefined encodings */
	{ 0x01, "wfi/wfe" },
	{ 0x07, "fp/simd access" },
	{ 0x0e, "illegal state" },
	{ 0x15, "svc" },
	{ 0x16, "hvc" },
	{ 0x17, "smc" },
	{ 0x18, "sysreg" },
	{ 0x20, "instruction abort, lower EL" },
	{ 0x21, "instruction abort" },
	{ 0x22, "pc alignment" },
	{ 0x24, "data abort, lower EL" },
	{ 0x25, "data abort" },
	{ 0x26, "sp alignment" },
	{ 0x2f, "serror" },
	{ 0x3c, "brk" },
};

static const char *class_name(unsigned int ec)
{
	for (unsigned int i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (classes[i].ec == ec)
			return classes[i].name;
	return "other";
}

#define READ_SYSREG(r) ({ uint64_t v_; asm volatile("mrs %0, " #r : "=r"(v_)); v_; })

void exception_handler(uint64_t idx)
{
	static bool reporting;
	uint64_t esr = READ_SYSREG(esr_el1), far = READ_SYSREG(far_el1);
	uint64_t elr = READ_SYSREG(elr_el1);
	unsigned int ec = (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	/* A fault while reporting must not loop. */
	if (reporting)
		rt_exit(2);
	reporting = true;
	console_line_start();
	printf("Bail out! exception %s %s (EC 0x%02x %s) at ELR 0x%lx ESR 0x%lx FAR 0x%lx\n",
	       kinds[idx % 4], origins[idx / 4 % 4], ec, class_name(ec),
	       (unsigned long)elr, (unsigned long)esr, (unsigned long)far);
	rt_exit(2);
}
