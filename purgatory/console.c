/* SPDX-License-Identifier: GPL-2.0-or-later */
/* console.c - polled 8250 UART output for the purgatory (purgatory.h).
 *
 * Port I/O only: on x86_64 MMIO is not mapped at entry (doc/abi.md 3.3),
 * and on i386 paging is off, so legacy I/O ports are the one console that
 * works on both.  No division: 64-bit division on i386 would need libgcc.
 */
#include "purgatory.h"

#define UART_THR      0      /* transmit holding register */
#define UART_LSR      5      /* line status register */
#define UART_LSR_THRE 0x20   /* THR empty */
#define UART_DLL      0      /* divisor latch low (with LCR.DLAB) */
#define UART_DLM      1      /* divisor latch high (with LCR.DLAB) */
#define UART_LCR      3      /* line control register */
#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1  0x03
#define UART_CLOCK_DIV 115200u /* 1.8432 MHz / 16 */
#define SPIN_LIMIT    0x10000 /* LSR polls per byte before writing anyway */

/* tests/unit/t-purgatory-main.c compiles this file on the host with its
 * own port I/O (KJ_PURGATORY_TEST_IO defined, outb/inb provided). */
#ifndef KJ_PURGATORY_TEST_IO
#include "kj-portio.h"
#endif

void con_set_baud(uint16_t port, uint32_t baud)
{
	uint32_t div;

	/* 32-bit division is one instruction on i386: no libgcc needed */
	if (port == 0 || baud == 0 || baud > UART_CLOCK_DIV)
		return;
	div = UART_CLOCK_DIV / baud;
	outb((uint16_t)(port + UART_LCR), UART_LCR_DLAB);
	outb((uint16_t)(port + UART_DLL), (uint8_t)(div & 0xff));
	outb((uint16_t)(port + UART_DLM), (uint8_t)(div >> 8));
	outb((uint16_t)(port + UART_LCR), UART_LCR_8N1);
}

/* --console-vga: set on every entry by purgatory_main() */
static int con_to_vga = 0;

void con_vga(int on)
{
	con_to_vga = on;
	if (on)
		vga_console_start();
}

void con_putc(uint16_t port, char c)
{
	uint32_t spin;

	if (con_to_vga)
		vga_console_putc(c);
	if (port == 0)
		return;
	/* An absent UART reads 0xff: THRE looks set, no wait. */
	for (spin = 0; spin < SPIN_LIMIT; spin++) {
		if (inb((uint16_t)(port + UART_LSR)) & UART_LSR_THRE)
			break;
		__asm__ volatile("pause");
	}
	outb((uint16_t)(port + UART_THR), (uint8_t)c);
}

void con_puts(uint16_t port, const char *s)
{
	if (port == 0 && !con_to_vga)
		return;
	for (; *s; s++) {
		if (*s == '\n')
			con_putc(port, '\r');
		con_putc(port, *s);
	}
}

static const char hexdigits[] = "0123456789abcdef";

void con_puthex(uint16_t port, uint64_t v)
{
	int shift = 60;

	con_puts(port, "0x");
	while (shift > 0 && ((v >> shift) & 0xf) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		con_putc(port, hexdigits[(v >> shift) & 0xf]);
}

void con_putdec(uint16_t port, uint64_t v)
{
	/* Powers of ten, largest first; each digit by repeated subtraction
	 * (at most 9 per power), so no 64-bit division. */
	static const uint64_t pow10[20] = {
		UINT64_C(10000000000000000000), UINT64_C(1000000000000000000),
		UINT64_C(100000000000000000), UINT64_C(10000000000000000),
		UINT64_C(1000000000000000), UINT64_C(100000000000000),
		UINT64_C(10000000000000), UINT64_C(1000000000000),
		UINT64_C(100000000000), UINT64_C(10000000000),
		UINT64_C(1000000000), UINT64_C(100000000),
		UINT64_C(10000000), UINT64_C(1000000),
		UINT64_C(100000), UINT64_C(10000), UINT64_C(1000),
		UINT64_C(100), UINT64_C(10), UINT64_C(1),
	};
	int i, started = 0;

	for (i = 0; i < 20; i++) {
		char d = '0';

		while (v >= pow10[i]) {
			v -= pow10[i];
			d++;
		}
		if (d != '0' || started || i == 19) {
			con_putc(port, d);
			started = 1;
		}
	}
}

void con_putsdec(uint16_t port, int32_t v)
{
	if (v < 0) {
		con_putc(port, '-');
		con_putdec(port, (uint64_t)0 - (uint64_t)(int64_t)v);
	} else {
		con_putdec(port, (uint64_t)v);
	}
}

void con_putbytes(uint16_t port, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		con_putc(port, hexdigits[b[i] >> 4]);
		con_putc(port, hexdigits[b[i] & 0xf]);
	}
}
