/* SPDX-License-Identifier: MIT */
/*
 * Multiboot v1 entry: 32-bit protected mode, paging off, EBX = MBI address.
 * Builds an identity map of the first 4 GiB with 2 MiB pages, enters long
 * mode and runs arch_setup(mbi), main(argc, argv) and rt_exit(status).
 */
#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0		/* ELF entry point, no a.out kludge */

#define KERNEL_CS	0x08
#define KERNEL_DS	0x10

#define CR0_PE		(1 << 0)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define MSR_EFER	0xC0000080
#define EFER_LME	(1 << 8)

#define PTE_P_RW	0x03
#define PDE_2M		0x83		/* present, writable, page size */
#define PAGE_2M		0x200000
#define PD_ENTRIES	2048		/* 4 page directories cover 4 GiB */
#define STACK_SIZE	0x10000

	.section .init, "ax"
	.code32
	.balign 4
mb_header:
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.globl start
start:
	cli
	cld
	mov	%ebx, %esi		/* MBI pointer survives until 64-bit code */
	lgdt	gdt_desc
	mov	$KERNEL_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs

	/* The stack and the page tables live in .bss: clear it first. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	mov	$stack_top, %esp

	mov	$pd, %edi
	mov	$PDE_2M, %eax
	mov	$PD_ENTRIES, %ecx
1:	mov	%eax, (%edi)
	add	$PAGE_2M, %eax
	add	$8, %edi
	loop	1b

	mov	$pdpt, %edi
	mov	$(pd + PTE_P_RW), %eax
	mov	$4, %ecx
2:	mov	%eax, (%edi)
	add	$0x1000, %eax
	add	$8, %edi
	loop	2b

	movl	$(pdpt + PTE_P_RW), pml4

	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$pml4, %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PE | CR0_PG), %eax
	mov	%eax, %cr0
	ljmp	$KERNEL_CS, $start64

	.code64
start64:
	mov	$KERNEL_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%ebp, %ebp		/* ends frame-pointer walks */
	mov	%esi, %edi
	call	arch_setup
	mov	arch_argc(%rip), %edi
	mov	arch_argv(%rip), %rsi
	call	main
	mov	%eax, %edi
	call	rt_exit

	.data
	.balign 16
	/* 0x18 is a 16-byte TSS descriptor that idt.c fills in. */
	.globl boot_gdt
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: flat data */
	.quad	0, 0			/* 0x18: TSS */
gdt_end:
gdt_desc:
	.word	gdt_end - boot_gdt - 1
	.quad	boot_gdt

	.bss
	.balign 4096
pml4:	.skip	4096
pdpt:	.skip	4096
pd:	.skip	4096 * 4
	.balign 16
	.skip	STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", @progbits
