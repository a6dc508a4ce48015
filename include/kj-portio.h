/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kj-portio.h - x86 port I/O and a polled 8250 byte writer for the
 * freestanding images (purgatory, kexec_test, the multiboot and boot-notes
 * test images).  Header only: static inline, no state.
 *
 * kj_uart_putc() never programs the UART (Linux or the firmware set it up,
 * and a console must stay readable afterwards); it waits for the
 * transmitter holding register (LSR bit 5) at most KJ_UART_SPIN polls, then
 * writes anyway, so a missing UART costs a bounded delay, never a hang. */
#ifndef KJ_PORTIO_H
#define KJ_PORTIO_H

#include <stdint.h>

#define KJ_COM1       0x3f8
#define KJ_UART_LSR   5        /* line status register offset */
#define KJ_UART_THRE  0x20     /* transmitter holding register empty */
#define KJ_UART_SPIN  0x10000  /* LSR polls per byte */

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void kj_uart_putc(uint16_t port, char c)
{
	unsigned spin;

	for (spin = 0; spin < KJ_UART_SPIN &&
	     !(inb((uint16_t)(port + KJ_UART_LSR)) & KJ_UART_THRE); spin++)
		;
	outb(port, (uint8_t)c);
}

#endif
