/* SPDX-License-Identifier: MIT */
/*
 * The exception vector table (VBAR_EL1): 16 entries of 128 bytes, one per
 * kind (synchronous, IRQ, FIQ, SError) and origin (EL1 with SP_EL0, EL1
 * with SP_EL1, lower EL in AArch64, lower EL in AArch32): entry origin * 4
 * + kind is at (origin * 4 + kind) * 128.  The guest takes
 * no interrupts (it only wakes from wfi with them masked, timer.c), so
 * every entry ends the run: exception_handler(index) reports and bails out.
 * It runs on a stack of its own, so that a broken stack still gets reported.
 */
	.text
	.balign	2048
	.globl	vectors
vectors:
	.irp	idx, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	.balign	128
	mov	x0, #\idx
	b	exception_common
	.endr

exception_common:
	ldr	x1, =exc_stack_top
	mov	sp, x1
	mov	x29, xzr
	bl	exception_handler
	b	.			/* not reached */

	.bss
	.balign	16
	.skip	8192
exc_stack_top:

	.section .note.GNU-stack, "", @progbits
