// SPDX-License-Identifier: MIT
/*
 * PL011 console at virt's fixed address, polled; "\n" sent as "\r\n".
 * QEMU's PL011 needs no baud rate or enable to transmit.
 */
#include <faultline/rt.h>
#include <asm/io.h>
#include "aarch64.h"

#define UART_DR		0x00
#define UART_FR		0x18
#define FR_TXFF		(1u << 5)	/* transmit FIFO full */
#define TX_SPIN_LIMIT	100000		/* a missing UART must not hang the guest */

static volatile uint8_t *const uart = (volatile uint8_t *)(uintptr_t)VIRT_UART;

void console_put(char c)
{
	unsigned int spins = 0;

	while ((mmio_read32(uart + UART_FR) & FR_TXFF) && ++spins < TX_SPIN_LIMIT)
		;
	mmio_write32(uart + UART_DR, (uint8_t)c);
}
