/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kcorebuild.h - synthetic /proc/kcore files holding a loaded kexec image,
 * for tests of kexec/kimage-read.c and of `kexec -e` reading results back.
 *
 * The core file is shaped like the kernel's /proc/kcore (ELF64 x86_64 or
 * ELF32 i386, ET_CORE): a PT_NOTE, a kernel-text PT_LOAD holding the
 * kexec_image variable, two decoy PT_LOADs whose p_paddr is all-ones or 0
 * (vmalloc/vmemmap-like, filled with 0xEE) listed before the direct map,
 * and the direct map of PA [0x1000, 0x1000 + dm_pages * 4096) split into
 * two PT_LOADs that are adjacent in virtual and physical space but not in
 * the file.  kexec_image points at a struct kimage at KCB_KIMAGE_PA whose
 * first word, head, the test sets to its own entry list (kimage-read.h);
 * the rest of the direct map is filled with 0x5A.  Field offsets follow
 * the System V gABI tables, written out here independently of the code
 * under test. */
#ifndef KJ_KCOREBUILD_H
#define KJ_KCOREBUILD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KCB_PG 4096u
/* entry flags of the kimage list (include/linux/kexec.h) */
#define KCB_IND_D 0x1u   /* destination */
#define KCB_IND_I 0x2u   /* indirection */
#define KCB_IND_E 0x4u   /* done */
#define KCB_IND_S 0x8u   /* source */

#define KCB_TEXT_OFF 0x1000u     /* file offset of the text page */
#define KCB_DECOY_OFF 0x2000u    /* file offset of the decoys' bytes */
#define KCB_KIMAGE_PA 0x2100u    /* the struct kimage (direct map) */
#define KCB_KVAR_OFF 0x230u      /* kexec_image inside the text page */
#define KCB_TEXT_PA 0x1000000u   /* the text page's p_paddr */
#define KCB_LIST_PA 0x3000u      /* kcb_simple_list(): its list page */
#define KCB_NPHDR 6

struct kcb_img {
	int cls;              /* 1 = ELF32, 2 = ELF64 */
	unsigned w;           /* word size */
	unsigned char *buf;
	size_t len;
	uint64_t po;          /* PAGE_OFFSET of the fake direct map */
	uint64_t text_va;
	size_t dm_pages;      /* direct map: PA [0x1000, 0x1000 + dm_pages*PG) */
	uint64_t split_pa;    /* first PA of the second direct-map PT_LOAD */
	size_t dm1_off, dm2_off;
	size_t decoy_size;
};

static inline void kcb_put_le(unsigned char *p, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* The byte of the core file that holds physical address @pa. */
static inline unsigned char *kcb_pa_ptr(struct kcb_img *m, uint64_t pa)
{
	uint64_t end = 0x1000 + (uint64_t)m->dm_pages * KCB_PG;

	if (pa < 0x1000 || pa >= end) {
		fprintf(stderr, "test bug: pa %#llx outside the direct map\n",
			(unsigned long long)pa);
		abort();
	}
	if (pa < m->split_pa)
		return m->buf + m->dm1_off + (pa - 0x1000);
	return m->buf + m->dm2_off + (pa - m->split_pa);
}

/* Copy @n bytes to physical address @pa (may cross the split). */
static inline void kcb_put_bytes(struct kcb_img *m, uint64_t pa,
				 const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		*kcb_pa_ptr(m, pa + i) = b[i];
}

/* Slot @slot of the list page at @page_pa holds @v. */
static inline void kcb_put_entry(struct kcb_img *m, uint64_t page_pa,
				 size_t slot, uint64_t v)
{
	kcb_put_le(kcb_pa_ptr(m, page_pa + slot * m->w), v, m->w);
}

static inline void kcb_put_phdr(struct kcb_img *m, size_t i, uint32_t type,
				uint64_t off, uint64_t va, uint64_t pa,
				uint64_t size)
{
	unsigned char *p;

	if (m->cls == 2) {
		p = m->buf + 64 + i * 56;
		kcb_put_le(p, type, 4);
		kcb_put_le(p + 4, 7, 4);
		kcb_put_le(p + 8, off, 8);
		kcb_put_le(p + 16, va, 8);
		kcb_put_le(p + 24, pa, 8);
		kcb_put_le(p + 32, size, 8);
		kcb_put_le(p + 40, size, 8);
		kcb_put_le(p + 48, KCB_PG, 8);
	} else {
		p = m->buf + 52 + i * 32;
		kcb_put_le(p, type, 4);
		kcb_put_le(p + 4, off, 4);
		kcb_put_le(p + 8, va, 4);
		kcb_put_le(p + 12, pa, 4);
		kcb_put_le(p + 16, size, 4);
		kcb_put_le(p + 20, size, 4);
		kcb_put_le(p + 24, 7, 4);
		kcb_put_le(p + 28, KCB_PG, 4);
	}
}

/* The core file without any list (head 0): headers, text page with
 * kexec_image pointing at the kimage struct, decoys of @decoy_size bytes,
 * @dm_pages pages of direct map filled with 0x5A.  @cls 2 = ELF64. */
static inline void kcb_init(struct kcb_img *m, int cls, size_t dm_pages,
			    size_t decoy_size)
{
	uint64_t none;
	size_t dm1_pages = dm_pages / 2, dm2_pages = dm_pages - dm1_pages;

	memset(m, 0, sizeof(*m));
	m->cls = cls;
	m->w = cls == 2 ? 8 : 4;
	m->po = cls == 2 ? 0xffff888000000000ull : 0xc0000000ull;
	m->text_va = cls == 2 ? 0xffffffff81000000ull : 0xc1000000ull;
	m->dm_pages = dm_pages;
	m->split_pa = 0x1000 + (uint64_t)dm1_pages * KCB_PG;
	m->decoy_size = decoy_size;
	m->dm2_off = KCB_DECOY_OFF + decoy_size;
	m->dm1_off = m->dm2_off + dm2_pages * KCB_PG;
	m->len = m->dm1_off + dm1_pages * KCB_PG;
	m->buf = malloc(m->len);
	if (!m->buf)
		abort();
	memset(m->buf, 0, KCB_DECOY_OFF);
	memset(m->buf + KCB_TEXT_OFF, 0x11, KCB_PG);
	memset(m->buf + KCB_DECOY_OFF, 0xEE, decoy_size);
	memset(m->buf + m->dm2_off, 0x5A, m->len - m->dm2_off);

	memcpy(m->buf, "\177ELF", 4);
	m->buf[4] = (unsigned char)cls;
	m->buf[5] = 1;   /* little-endian */
	m->buf[6] = 1;
	kcb_put_le(m->buf + 16, 4, 2);                 /* ET_CORE */
	kcb_put_le(m->buf + 18, cls == 2 ? 62 : 3, 2); /* EM_X86_64 / EM_386 */
	kcb_put_le(m->buf + 20, 1, 4);
	if (cls == 2) {
		kcb_put_le(m->buf + 32, 64, 8);   /* e_phoff */
		kcb_put_le(m->buf + 52, 64, 2);
		kcb_put_le(m->buf + 54, 56, 2);
		kcb_put_le(m->buf + 56, KCB_NPHDR, 2);
	} else {
		kcb_put_le(m->buf + 28, 52, 4);
		kcb_put_le(m->buf + 40, 52, 2);
		kcb_put_le(m->buf + 42, 32, 2);
		kcb_put_le(m->buf + 44, KCB_NPHDR, 2);
	}
	none = cls == 2 ? UINT64_MAX : UINT32_MAX;
	kcb_put_phdr(m, 0, 4, 0x800, 0, 0, 0x100);                  /* PT_NOTE */
	kcb_put_phdr(m, 1, 1, KCB_TEXT_OFF, m->text_va, KCB_TEXT_PA, KCB_PG);
	kcb_put_phdr(m, 2, 1, KCB_DECOY_OFF,
		     cls == 2 ? 0xffffc90000000000ull : 0xf8000000ull, none,
		     decoy_size);
	kcb_put_phdr(m, 3, 1, KCB_DECOY_OFF,
		     cls == 2 ? 0xffffea0000000000ull : 0xf0000000ull, 0,
		     decoy_size);
	kcb_put_phdr(m, 4, 1, m->dm2_off, m->po + m->split_pa, m->split_pa,
		     dm2_pages * KCB_PG);
	kcb_put_phdr(m, 5, 1, m->dm1_off, m->po + 0x1000, 0x1000,
		     dm1_pages * KCB_PG);

	kcb_put_le(m->buf + KCB_TEXT_OFF + KCB_KVAR_OFF, m->po + KCB_KIMAGE_PA,
		   m->w);
	/* head, then the rest of struct kimage: entry/last_entry pointers,
	 * never read */
	kcb_put_le(kcb_pa_ptr(m, KCB_KIMAGE_PA), 0, m->w);
	kcb_put_le(kcb_pa_ptr(m, KCB_KIMAGE_PA + m->w), 0xdeadbeef0badf00dull,
		   m->w);
	kcb_put_le(kcb_pa_ptr(m, KCB_KIMAGE_PA + 2 * m->w),
		   0xfeedfacecafebeefull, m->w);
}

static inline void kcb_free(struct kcb_img *m)
{
	free(m->buf);
	m->buf = NULL;
}

/* The simplest image: one list page at KCB_LIST_PA mapping the @npages
 * destination pages from @dest to the consecutive source pages from
 * @src (direct map, above KCB_LIST_PA), then the end marker.  Needs
 * dm_pages >= 3 + npages when @src is 0x4000. */
static inline void kcb_simple_list(struct kcb_img *m, uint64_t dest,
				   uint64_t src, size_t npages)
{
	size_t k;

	kcb_put_le(kcb_pa_ptr(m, KCB_KIMAGE_PA), KCB_LIST_PA | KCB_IND_I, m->w);
	kcb_put_entry(m, KCB_LIST_PA, 0, dest | KCB_IND_D);
	for (k = 0; k < npages; k++)
		kcb_put_entry(m, KCB_LIST_PA, 1 + k,
			      (src + k * KCB_PG) | KCB_IND_S);
	kcb_put_entry(m, KCB_LIST_PA, 1 + npages, KCB_IND_E);
}

/* The /proc/kallsyms line for the image's kexec_image variable (a data
 * symbol: a kernel with CONFIG_KALLSYMS_ALL), into @buf. */
static inline const char *kcb_kallsyms_line(const struct kcb_img *m,
					    char *buf, size_t n)
{
	snprintf(buf, n, "%0*llx B kexec_image\n", m->cls == 2 ? 16 : 8,
		 (unsigned long long)(m->text_va + KCB_KVAR_OFF));
	return buf;
}

#endif
