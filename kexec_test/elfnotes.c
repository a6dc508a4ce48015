/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elfnotes.c - a freestanding ELF32/ELF64 program started by a normal
 * `kexec -l` with ELF boot notes (--args-elf, doc/abi.md 20), for the VM
 * test.  It never returns.
 *
 * Entry: ELF32 (i386 convention): [ESP] = 0 (no return address),
 * [ESP+4] = the notes' physical address; ELF64: RDI = that address.
 * It checks the header (signature 0x0E1FB007, the one's-complement
 * checksum over b_size bytes), walks the notes (bounded by b_size) and
 * prints on COM1 (polled, bounded) one line
 *
 *   KJ-NOTES bits=32 ret=00000000 sig=0e1fb007 size=N records=N csum=ok
 *     name=<2> version=<3> cmdline=<4>
 *
 * (on one line; ret only for ELF32), then "KJ-EXIT", which ends the VM
 * test, and halts.  Linked with examples/phy_mode/phy_mode.lds (entry
 * 0x1000000).
 */
#include <stdint.h>

#include "kj-portio.h"

#define NOTES_MAX  8192u

static uint8_t stack[8192] __attribute__((aligned(16)));
uint8_t *const kj_stack_top = stack + sizeof(stack);

static void putc_(char c)
{
	kj_uart_putc(KJ_COM1, c);
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(uint32_t v, int digits)
{
	while (digits--)
		putc_("0123456789abcdef"[(v >> (4 * digits)) & 15]);
}

static void putdec(uint32_t v)
{
	char b[12];
	int i = 0;

	do
		b[i++] = (char)('0' + v % 10);
	while ((v /= 10) && i < 11);
	while (i)
		putc_(b[--i]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* a descriptor string, printable characters only, at most @n bytes */
static void putstr(const uint8_t *s, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n && s[i]; i++)
		putc_(s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?');
}

void kj_report(uintptr_t notes, uint32_t ret, int bits);

void kj_report(uintptr_t notes, uint32_t ret, int bits)
{
	const uint8_t *b = (const uint8_t *)notes;
	const uint8_t *str[5] = { 0 };
	uint32_t len[5] = { 0 };
	uint32_t size, sum = 0, off, i, rec;

	puts_("KJ-NOTES bits=");
	putdec((uint32_t)bits);
	if (bits == 32) {
		puts_(" ret=");
		puthex(ret, 8);
	}
	puts_(" sig=");
	puthex(get32(b), 8);
	size = get32(b + 4);
	rec = (uint32_t)b[10] | (uint32_t)b[11] << 8;
	puts_(" size=");
	putdec(size);
	puts_(" records=");
	putdec(rec);
	if (size < 12 || size > NOTES_MAX) {
		puts_(" BAD-SIZE\r\n");
		goto out;
	}
	for (i = 0; i + 1 < size; i += 2) {
		sum += (uint32_t)b[i] | (uint32_t)b[i + 1] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (size & 1)
		sum = ((sum + b[size - 1]) & 0xffff) + ((sum + b[size - 1]) >> 16);
	puts_(sum == 0xffff ? " csum=ok" : " csum=BAD");
	for (off = 12, i = 0; i < rec && off + 12 <= size; i++) {
		uint32_t nn = get32(b + off), dn = get32(b + off + 4);
		uint32_t type = get32(b + off + 8);
		uint32_t d = off + 12 + ((nn + 3) & ~3u);

		if (nn > size || dn > size || d > size || d + dn > size)
			break;
		if (nn == 0 && type >= 1 && type <= 4) {
			str[type] = b + d;
			len[type] = dn;
		}
		off = d + ((dn + 3) & ~3u);
	}
	if (i != rec)
		puts_(" BAD-RECORDS");
	puts_(" name=");
	if (str[2])
		putstr(str[2], len[2]);
	puts_(" version=");
	if (str[3])
		putstr(str[3], len[3]);
	puts_(" cmdline=");
	if (str[4])
		putstr(str[4], len[4]);
	puts_("\r\n");
out:
	puts_("KJ-EXIT\r\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The entry: the arguments as the boot convention gives them, then a
 * stack of our own. */
#ifdef __x86_64__
__asm__(".section .text.entry, \"ax\", @progbits\n"
	".globl _start\n"
	"_start:\n"
	"	movq kj_stack_top, %rsp\n"
	"	xorl %esi, %esi\n"
	"	movl $64, %edx\n"
	"	call kj_report\n"
	"1:	hlt\n"
	"	jmp 1b\n"
	".previous\n");
#else
__asm__(".section .text.entry, \"ax\", @progbits\n"
	".globl _start\n"
	"_start:\n"
	"	movl 4(%esp), %eax\n"
	"	movl (%esp), %edx\n"
	"	movl kj_stack_top, %esp\n"
	"	pushl $32\n"
	"	pushl %edx\n"
	"	pushl %eax\n"
	"	call kj_report\n"
	"1:	hlt\n"
	"	jmp 1b\n"
	".previous\n");
#endif
