// SPDX-License-Identifier: MIT
/* COM1 console, polled: 115200 8N1, "\n" sent as "\r\n". */
#include <faultline/rt.h>
#include "x86.h"
#include <asm/io.h>

#define COM1		0x3f8
#define UART_DATA	0	/* DLL when DLAB is set */
#define UART_IER	1	/* DLM when DLAB is set */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_THRE	0x20
#define TX_SPIN_LIMIT	100000	/* a missing UART must not hang the guest */

void console_init(void)
{
	outb(0x00, COM1 + UART_IER);		/* no interrupts */
	outb(LCR_DLAB, COM1 + UART_LCR);
	outb(1, COM1 + UART_DATA);		/* divisor 1: 115200 baud */
	outb(0, COM1 + UART_IER);
	outb(LCR_8N1, COM1 + UART_LCR);
	outb(0x07, COM1 + UART_FCR);		/* enable and clear FIFOs */
	outb(0x03, COM1 + UART_MCR);		/* DTR, RTS */
}

void console_put(char c)
{
	unsigned int spins = 0;

	while (!(inb(COM1 + UART_LSR) & LSR_THRE) && ++spins < TX_SPIN_LIMIT)
		;
	outb((uint8_t)c, COM1 + UART_DATA);
}
