/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mbtest.c - a multiboot test kernel: prints what the boot loader
 * passed on COM1 (polled), one line each, then halts:
 *   KJ-MB magic=0x... loader=NAME cmdline=TEXT mods=N mmap=N mem_lower=K mem_upper=K ram=K
 *   KJ-MB-MOD I len=BYTES cksum=CRC str=TEXT
 *   KJ-MB-MMAP BASE LENGTH TYPE
 *   KJ-MB-END
 * CRC is POSIX cksum's (CRC-32/CKSUM over the bytes and their length),
 * so the host can check it with cksum(1).  Multiboot 1 and Multiboot2
 * information are both understood (the magic in EAX says which). */
#include <stdint.h>

#include "kj-out.h"	/* kj_divmod10: no 64-bit division (no libgcc) */
#include "kj-portio.h"


static void putc_(char c)
{
	kj_uart_putc(KJ_COM1, c);
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void putn(const char *s, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n && s[i]; i++)
		putc_(s[i]);
}

static void hex(uint64_t v)
{
	int i, started = 0;

	puts_("0x");
	for (i = 60; i >= 0; i -= 4) {
		unsigned d = (unsigned)(v >> i) & 0xf;

		if (d || started || i == 0) {
			putc_((char)(d < 10 ? '0' + d : 'a' + d - 10));
			started = 1;
		}
	}
}

static void dec(uint64_t v)
{
	char b[24];
	int n = 0;

	do
		b[n++] = (char)('0' + kj_divmod10(&v));
	while (v);
	while (n)
		putc_(b[--n]);
}

/* POSIX cksum */
static uint32_t crc_byte(uint32_t crc, uint8_t b)
{
	int i;

	crc ^= (uint32_t)b << 24;
	for (i = 0; i < 8; i++)
		crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
	return crc;
}

static uint32_t cksum(const uint8_t *p, uint32_t len)
{
	uint32_t crc = 0, i, n;

	for (i = 0; i < len; i++)
		crc = crc_byte(crc, p[i]);
	for (n = len; n; n >>= 8)
		crc = crc_byte(crc, (uint8_t)n);
	return ~crc;
}

static uint32_t rd32(uint32_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static uint64_t rd64(uint32_t a)
{
	return rd32(a) | (uint64_t)rd32(a + 4) << 32;
}

static void module(uint32_t i, uint32_t start, uint32_t end, uint32_t str)
{
	puts_("KJ-MB-MOD ");
	dec(i);
	puts_(" len=");
	dec(end - start);
	puts_(" cksum=");
	dec(cksum((const uint8_t *)(uintptr_t)start, end - start));
	puts_(" start=");
	hex(start);
	puts_(" str=");
	puts_((const char *)(uintptr_t)str);
	puts_("\n");
}

static void mmap_entry(uint64_t base, uint64_t len, uint32_t type,
		       uint64_t *ram)
{
	puts_("KJ-MB-MMAP ");
	hex(base);
	puts_(" ");
	hex(len);
	puts_(" ");
	dec(type);
	puts_("\n");
	if (type == 1)
		*ram += len;
}

static void summary(uint32_t magic, const char *loader, uint32_t loader_n,
		    const char *cmdline, uint32_t cmd_n, uint32_t mods,
		    uint32_t nmap, uint32_t lower, uint32_t upper, uint64_t ram)
{
	puts_("KJ-MB magic=");
	hex(magic);
	puts_(" loader=");
	putn(loader, loader_n);
	puts_(" cmdline=");
	putn(cmdline, cmd_n);
	puts_(" mods=");
	dec(mods);
	puts_(" mmap=");
	dec(nmap);
	puts_(" mem_lower=");
	dec(lower);
	puts_(" mem_upper=");
	dec(upper);
	puts_(" ram_kib=");
	dec(ram >> 10);
	puts_("\n");
}

static void mb1(uint32_t mbi)
{
	uint32_t flags = rd32(mbi), i, n = 0, off;
	uint32_t len = rd32(mbi + 44), addr = rd32(mbi + 48);
	uint64_t ram = 0;

	if (flags & (1u << 3))
		for (i = 0; i < rd32(mbi + 20); i++) {
			uint32_t e = rd32(mbi + 24) + 16 * i;

			module(i, rd32(e), rd32(e + 4), rd32(e + 8));
		}
	if (flags & (1u << 6))
		for (off = 0; off < len; off += rd32(addr + off) + 4, n++)
			mmap_entry(rd64(addr + off + 4), rd64(addr + off + 12),
				   rd32(addr + off + 20), &ram);
	summary(0x2BADB002u,
		flags & (1u << 9) ? (const char *)(uintptr_t)rd32(mbi + 64) : "-", 256,
		flags & (1u << 2) ? (const char *)(uintptr_t)rd32(mbi + 16) : "-", 4096,
		flags & (1u << 3) ? rd32(mbi + 20) : 0, n,
		flags & 1 ? rd32(mbi + 4) : 0, flags & 1 ? rd32(mbi + 8) : 0, ram);
}

static void mb2(uint32_t info)
{
	uint32_t total = rd32(info), off = 8, nmod = 0, nmap = 0;
	uint32_t lower = 0, upper = 0;
	const char *loader = "-", *cmd = "-";
	uint64_t ram = 0;

	while (off + 8 <= total) {
		uint32_t t = info + off, type = rd32(t), size = rd32(t + 4), e;

		if (type == 0 || size < 8)
			break;
		switch (type) {
		case 1: cmd = (const char *)(uintptr_t)(t + 8); break;
		case 2: loader = (const char *)(uintptr_t)(t + 8); break;
		case 3: module(nmod++, rd32(t + 8), rd32(t + 12), t + 16); break;
		case 4: lower = rd32(t + 8); upper = rd32(t + 12); break;
		case 6:
			for (e = 16; e + rd32(t + 8) <= size; e += rd32(t + 8), nmap++)
				mmap_entry(rd64(t + e), rd64(t + e + 8),
					   rd32(t + e + 16), &ram);
			break;
		}
		off += (size + 7) & ~7u;
	}
	summary(0x36D76289u, loader, 256, cmd, 4096, nmod, nmap, lower, upper,
		ram);
}

void mbmain(uint32_t magic, uint32_t info);
void mbmain(uint32_t magic, uint32_t info)
{
	puts_("\nKJ-MB-START\n");
	if (magic == 0x2BADB002u)
		mb1(info);
	else if (magic == 0x36D76289u)
		mb2(info);
	else {
		puts_("KJ-MB bad magic=");
		hex(magic);
		puts_("\n");
	}
	puts_("KJ-MB-END\n");
	/* power off (QEMU pc: PIIX4 PM1a_CNT at 0xb004, S5 = type 0) */
	__asm__ volatile("outw %0, %1" : : "a"((uint16_t)0x2000), "Nd"((uint16_t)0xb004));
}
