/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vga.c - --reset-vga and --console-vga for the purgatory (purgatory.h).
 *
 * vga_reset() programs a standard VGA card into 80x25 colour text (BIOS
 * mode 3: the register values every VGA-compatible card documents for
 * that mode), clears the screen and puts the cursor home.  It does not
 * load a font: plane 2 keeps the one the BIOS or Linux left there, which
 * is intact unless something drew in a graphics mode (doc/abi.md 21).
 *
 * vga_console_*() write text into the text buffer at the hardware cursor,
 * scroll inside the visible page, and move the cursor after each byte.
 * The buffer is at 0xb8000 (0xb0000 when the card is set to monochrome
 * I/O addresses): on i386 paging is off, and on x86_64 the kernel's kexec
 * identity map covers the first MiB (doc/abi.md 21).  Port I/O and 16-bit
 * stores only; no division wider than 32 bits.
 */
#include "purgatory.h"

/* tests/unit/t-purgatory-main.c compiles this file on the host with its
 * own port I/O and text buffer (KJ_PURGATORY_TEST_IO defined, outb/inb
 * and vga_text_mem() provided). */
#ifndef KJ_PURGATORY_TEST_IO
#include "kj-portio.h"
static volatile uint16_t *vga_text_mem(int mono)
{
	return (volatile uint16_t *)(uintptr_t)(mono ? 0xb0000u : 0xb8000u);
}
#endif

#define VGA_ATTR_INDEX   0x3c0   /* attribute controller: index, then data */
#define VGA_MISC_WRITE   0x3c2
#define VGA_SEQ_INDEX    0x3c4
#define VGA_SEQ_DATA     0x3c5
#define VGA_MISC_READ    0x3cc
#define VGA_GC_INDEX     0x3ce
#define VGA_GC_DATA      0x3cf
#define VGA_CRTC_COLOR   0x3d4   /* CRTC index (data at +1) with misc bit 0 */
#define VGA_CRTC_MONO    0x3b4   /* ... and without it */
#define VGA_STATUS_COLOR 0x3da   /* input status 1: a read resets the
				    attribute controller's index/data flip */
#define VGA_STATUS_MONO  0x3ba
#define VGA_ATTR_PAS     0x20    /* palette address source: display on */
#define VGA_CRTC_PROTECT 0x80    /* CRTC 0x11 bit 7: registers 0-7 locked */

#define VGA_COLS  80u
#define VGA_ROWS  25u
#define VGA_CELLS (VGA_COLS * VGA_ROWS)
#define VGA_WINDOW_CELLS 16384u  /* the 32 KiB text window, in cells */
#define VGA_BLANK 0x0720u        /* space, light grey on black */

/* Mode 3 (80x25, 16 colours, 9x16 character cells, 720x400). */
#define VGA_MODE3_MISC 0x67
static const uint8_t vga_mode3_seq[5] = {
	0x03, 0x00, 0x03, 0x00, 0x02,
};
static const uint8_t vga_mode3_crtc[25] = {
	0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f,
	0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00,
	0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3,
	0xff,
};
static const uint8_t vga_mode3_gc[9] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff,
};
static const uint8_t vga_mode3_attr[21] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x0c, 0x00, 0x0f, 0x08, 0x00,
};

/* the console's state; set by vga_console_start() on every entry */
static int vga_mono = 0;
static uint16_t vga_base = 0;    /* first cell of the visible page */
static uint16_t vga_pos = 0;     /* cursor, in cells from vga_base */

static uint16_t crtc_port(void)
{
	return (inb(VGA_MISC_READ) & 1) ? VGA_CRTC_COLOR : VGA_CRTC_MONO;
}

static void crtc_write(uint16_t crtc, uint8_t idx, uint8_t v)
{
	outb(crtc, idx);
	outb((uint16_t)(crtc + 1), v);
}

static uint8_t crtc_read(uint16_t crtc, uint8_t idx)
{
	outb(crtc, idx);
	return inb((uint16_t)(crtc + 1));
}

void vga_reset(void)
{
	volatile uint16_t *text;
	uint8_t i;
	uint16_t cell;

	/* colour I/O addresses from here on (misc bit 0) */
	outb(VGA_MISC_WRITE, VGA_MODE3_MISC);
	/* sequencer: synchronous reset while the clocking changes */
	outb(VGA_SEQ_INDEX, 0);
	outb(VGA_SEQ_DATA, 0x01);
	for (i = 1; i < sizeof(vga_mode3_seq); i++) {
		outb(VGA_SEQ_INDEX, i);
		outb(VGA_SEQ_DATA, vga_mode3_seq[i]);
	}
	outb(VGA_SEQ_INDEX, 0);
	outb(VGA_SEQ_DATA, vga_mode3_seq[0]);
	/* CRTC: unlock 0-7 first, write everything, lock again last */
	crtc_write(VGA_CRTC_COLOR, 0x11,
		   (uint8_t)(vga_mode3_crtc[0x11] & ~VGA_CRTC_PROTECT));
	for (i = 0; i < sizeof(vga_mode3_crtc); i++)
		crtc_write(VGA_CRTC_COLOR, i, i == 0x11 ?
			   (uint8_t)(vga_mode3_crtc[i] & ~VGA_CRTC_PROTECT) :
			   vga_mode3_crtc[i]);
	crtc_write(VGA_CRTC_COLOR, 0x11, vga_mode3_crtc[0x11]);
	for (i = 0; i < sizeof(vga_mode3_gc); i++) {
		outb(VGA_GC_INDEX, i);
		outb(VGA_GC_DATA, vga_mode3_gc[i]);
	}
	/* attribute controller: index and data share one port, so reset
	 * the flip-flop first; indexes with PAS clear blank the screen
	 * until the final write turns the display back on */
	(void)inb(VGA_STATUS_COLOR);
	for (i = 0; i < sizeof(vga_mode3_attr); i++) {
		outb(VGA_ATTR_INDEX, i);
		outb(VGA_ATTR_INDEX, vga_mode3_attr[i]);
	}
	(void)inb(VGA_STATUS_COLOR);
	outb(VGA_ATTR_INDEX, VGA_ATTR_PAS);

	text = vga_text_mem(0);
	for (cell = 0; cell < VGA_CELLS; cell++)
		text[cell] = VGA_BLANK;
	/* start address and cursor are 0 from the CRTC table */
}

static void vga_cursor_update(void)
{
	uint16_t at = (uint16_t)(vga_base + vga_pos);
	uint16_t crtc = crtc_port();

	crtc_write(crtc, 0x0e, (uint8_t)(at >> 8));
	crtc_write(crtc, 0x0f, (uint8_t)(at & 0xff));
}

void vga_console_start(void)
{
	uint16_t crtc = crtc_port();
	uint16_t start, cursor;

	vga_mono = crtc == VGA_CRTC_MONO;
	start = (uint16_t)(crtc_read(crtc, 0x0c) << 8 | crtc_read(crtc, 0x0d));
	cursor = (uint16_t)(crtc_read(crtc, 0x0e) << 8 | crtc_read(crtc, 0x0f));
	/* a page that does not fit the window: use the first one */
	if (start > VGA_WINDOW_CELLS - VGA_CELLS)
		start = 0;
	vga_base = start;
	vga_pos = (cursor >= start && cursor < start + VGA_CELLS) ?
		(uint16_t)(cursor - start) : 0;
	/* begin on a line of our own */
	if (vga_pos % VGA_COLS)
		vga_console_putc('\n');
}

void vga_console_putc(char c)
{
	volatile uint16_t *text = vga_text_mem(vga_mono) + vga_base;
	uint16_t i;

	if (c == '\r') {
		vga_pos = (uint16_t)(vga_pos - vga_pos % VGA_COLS);
	} else if (c == '\n') {
		vga_pos = (uint16_t)(vga_pos - vga_pos % VGA_COLS + VGA_COLS);
	} else {
		text[vga_pos] = (uint16_t)(0x0700u | (uint8_t)c);
		vga_pos++;
	}
	if (vga_pos >= VGA_CELLS) {
		/* scroll the page up one row */
		for (i = 0; i < VGA_CELLS - VGA_COLS; i++)
			text[i] = text[i + VGA_COLS];
		vga_pos = (uint16_t)(vga_pos - VGA_COLS);
	}
	/* a row we move onto starts blank, whatever was there */
	if (vga_pos % VGA_COLS == 0 && c != '\r')
		for (i = 0; i < VGA_COLS; i++)
			text[vga_pos + i] = VGA_BLANK;
	vga_cursor_update();
}
