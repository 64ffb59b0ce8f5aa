/* SPDX-License-Identifier: MIT */
/*
 * Stubs for vectors 0-31.  Each pushes a dummy error code where the CPU
 * pushes none and the vector number, so exception_handler() always gets
 * the same frame: vector, error code, RIP, CS, RFLAGS, RSP, SS.
 * Handlers never return, so no registers are saved.
 */

/* Vectors for which the CPU pushes an error code. */
#define ERR_CODE_MASK	((1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | \
			 (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21) | \
			 (1 << 29) | (1 << 30))

	.text
exception_common:
	mov	%rsp, %rdi
	and	$-16, %rsp
	xor	%ebp, %ebp
	call	exception_handler
	ud2				/* not reached */

.macro stub vec
	.text
exception_stub_\vec:
	.if ((1 << \vec) & ERR_CODE_MASK) == 0
	pushq	$0
	.endif
	pushq	$\vec
	jmp	exception_common
	.section .rodata
	.quad	exception_stub_\vec
.endm

	.section .rodata
	.balign 8
	.globl exception_stubs
exception_stubs:
	.irp vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	stub	\vec
	.endr

	.section .note.GNU-stack, "", @progbits
