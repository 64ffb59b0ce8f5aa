/* SPDX-License-Identifier: MIT */
/*
 * Entry from QEMU's -kernel on virt, as an arm64 Linux Image (the kernel's
 * Documentation/arch/arm64/booting.rst): EL1, MMU and caches off, IRQs
 * masked, x0 = the device tree's address.  The Image header, rather than
 * an ELF, because for an Image QEMU places the DTB clear of the image and
 * passes its address; for a bare-metal ELF it leaves the guest to assume
 * one.  Clears .bss, installs the vectors, turns the MMU on (mmu.c) and
 * runs arch_setup(dtb), main(argc, argv) and rt_exit(status).
 */
#define IMAGE_TEXT_OFFSET	0x80000		/* must match flat.lds */
#define IMAGE_FLAGS		0x2		/* little-endian, 4 KiB pages */
#define IMAGE_MAGIC		0x644d5241	/* "ARM\x64" */
#define CPACR_FPEN		(3 << 20)	/* no trap on FP/SIMD */
#define STACK_SIZE		0x10000

	.section .init, "ax"
	.globl start
start:
	b	entry			/* code0 */
	.long	0			/* code1 */
	.quad	IMAGE_TEXT_OFFSET
	.quad	_image_size
	.quad	IMAGE_FLAGS
	.quad	0, 0, 0			/* res2-res4 */
	.long	IMAGE_MAGIC
	.long	0			/* res5: no PE header */

entry:
	msr	daifset, #0xf
	mov	x19, x0
	/* The stack lives in .bss: clear it first (8-byte aligned, flat.lds). */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	ldr	x1, =stack_top
	mov	sp, x1
	mov	x29, xzr		/* ends frame-pointer walks */
	mov	x30, xzr
	mov	x1, #CPACR_FPEN
	msr	cpacr_el1, x1
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	bl	mmu_init
	mov	x0, x19
	bl	arch_setup
	ldr	x0, =arch_argc
	ldr	w0, [x0]
	ldr	x1, =arch_argv
	ldr	x1, [x1]
	bl	main
	bl	rt_exit

	.bss
	.balign 16
	.skip	STACK_SIZE
	.globl stack_top
stack_top:

	.section .note.GNU-stack, "", @progbits
