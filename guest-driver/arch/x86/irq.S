/* SPDX-License-Identifier: MIT */
/*
 * The two interrupts the guest takes (apic.c): the local APIC timer, which
 * only wakes a halted CPU, and the APIC's spurious vector, which needs no
 * acknowledgement.  They arrive only inside apic_halt().
 */
	.text
	.globl timer_irq_stub
timer_irq_stub:
	push	%rax
	mov	apic_eoi_reg(%rip), %rax
	movl	$0, (%rax)
	pop	%rax
	iretq

	.globl spurious_irq_stub
spurious_irq_stub:
	iretq

	.section .note.GNU-stack, "", @progbits
