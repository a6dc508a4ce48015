/* SPDX-License-Identifier: GPL-2.0-or-later */
/* purgatory-load.c - place the purgatory and fill its parameter block
 * (purgatory-load.h, include/purgatory-abi.h).
 *
 * Decisions, and why:
 *
 * - Regions hash [mem, mem + bufsz) of each program segment, not memsz.
 *   The kernel itself zero-fills [bufsz, memsz) after copying (doc/abi.md
 *   1.2), so hashing the tail would check the kernel's memset rather than
 *   our data, while the purgatory would pay for every zero byte of a large
 *   .bss on every first call (doc/abi.md 8.4 notes that kexec-tools hashes
 *   the full memsz instead).  Every program segment gets
 *   one region, in plan order (an empty buffer gives len 0).  In
 *   Linux-boot mode a segment of 16 MiB or more (an initrd) may be split
 *   into pieces, its first region covering the first piece and the
 *   others appended after the last segment's, so that the tool hashes
 *   the pieces on several threads (fill_regions()).
 * - With -i (KJ_PP_F_NO_CHECKS) nothing is hashed: the digests stay 0.
 * - Not hashed: the parameter segment (the purgatory writes results into
 *   it on every call) and the purgatory itself (its .data/.bss change as
 *   it runs; it cannot usefully vouch for itself).
 * - KJ_PP_F_VERIFY_ONCE is set for programs (not in Linux-boot mode): with --load-preserve-context the
 *   program's memory persists between `kexec -e` calls (the kernel swaps
 *   the pages back in on each jump, doc/abi.md 3.5) and the program
 *   writes to it, so from the second call on its segments legitimately
 *   differ from what was loaded; only the first call can be checked.
 * - Both new segments go top-down in [1 MiB, 2 GiB): below 2 GiB because
 *   the x86_64 purgatory is built for the small code model (R_X86_64_32/
 *   32S and 32-bit absolute addresses must fit), and the i386 one runs
 *   with paging off; above 1 MiB to stay clear of the real-mode/BIOS area.
 *   Top-down keeps low memory free for programs with fixed addresses.
 * - The block is written byte by byte at the KJ_PP_OFF_* offsets
 *   (little-endian whatever the host), the --append text right after it,
 *   the output buffer after that at a 16-byte aligned offset.
 * - The corrupt_segment test hook flips byte bufsz/2 (XOR 0xff) of a
 *   private copy of the segment after its digest was taken; the caller's
 *   buffer (often the mmapped/read user file) is never written.
 * - On any failure the plan is restored exactly (segments we added are
 *   removed and freed, entry untouched).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf-rel.h"
#include "le.h"
#include "purgatory-abi.h"
#include "purgatory-load.h"
#include "sha256.h"
#include "sha256-par.h"
#include "timing.h"

#if defined(__has_include)
#if __has_include("purgatory-blob.h")
#include "purgatory-blob.h"
#define KJ_HAVE_PURGATORY_BLOB 1
#endif
#endif

typedef unsigned long long ull;

_Static_assert(PLAN_NREGS == KJ_PP_BOOT_NREGS, "plan.h and the block agree");
_Static_assert(PLAN_BOOT_STACK_MAX == KJ_PP_BOOT_STACK_MAX,
	       "plan.h and the block agree");

/* Upper bound of the parameter segment (block + text + output buffer). */
#define PURGATORY_MAX_PARAMS (64u << 20)

void purgatory_opts_init(struct purgatory_opts *po)
{
	memset(po, 0, sizeof(*po));
	po->out_size = PURGATORY_OUT_DEFAULT;
	po->serial_port = PURGATORY_SERIAL_PORT;
	po->serial_baud = PURGATORY_SERIAL_BAUD;
	po->corrupt_segment = -1;
}

int purgatory_blob(struct diag *d, int kernel_64, const uint8_t **obj,
		   size_t *len)
{
#ifdef KJ_HAVE_PURGATORY_BLOB
	(void)d;
	if (kernel_64) {
		*obj = kj_purgatory_x86_64;
		*len = (size_t)(kj_purgatory_x86_64_end - kj_purgatory_x86_64);
	} else {
		*obj = kj_purgatory_i386;
		*len = (size_t)(kj_purgatory_i386_end - kj_purgatory_i386);
	}
	return 0;
#else
	(void)obj;
	(void)len;
	return diag_fail(d, -ENOENT,
			 "this kexec was built without the %s purgatory",
			 kernel_64 ? "x86_64" : "i386");
#endif
}

/* Remove and free the segments added after @nseg0. */
static void rollback(struct plan *p, size_t nseg0)
{
	size_t i;

	for (i = nseg0; i < p->nseg && i <= KEXEC_SEGMENT_MAX; i++) {
		if (p->seg[i].owned)
			free((void *)p->seg[i].buf);
		memset(&p->seg[i], 0, sizeof(p->seg[i]));
	}
	p->nseg = nseg0;
}

/* Look up @sym, require it inside the image (end inclusive if @end_ok). */
static int image_sym(struct diag *d, const char *name,
		     const struct elf_rel_image *img, const char *sym,
		     int end_ok, uint64_t *addr, uint64_t *size)
{
	uint64_t a, s, off;

	if (elf_rel_symbol(img, sym, &a, &s))
		return diag_fail(d, -ENOENT, "%s: no global symbol '%s'",
				 name, sym);
	off = a - img->base;
	if (a < img->base || off > img->len || (off == img->len && !end_ok))
		return diag_fail(d, -ENOEXEC,
				 "%s: symbol '%s' at 0x%llx is outside the image (0x%llx-0x%llx)",
				 name, sym, (ull)a, (ull)img->base,
				 (ull)(img->base + img->len - 1));
	*addr = a;
	if (size)
		*size = s;
	return 0;
}

/* The register boot and a 32-bit entry: what the purgatory can do. */
static int check_32bit(struct diag *d, const struct plan *p,
		       const struct purgatory_opts *po, size_t nprog)
{
	const struct plan_boot *b = &po->boot;
	int bits32 = b->mode == PLAN_BOOT_32 || (po->prog32 && po->kernel_64);
	size_t i;

	if (b->mode != PLAN_BOOT_NONE && b->mode != PLAN_BOOT_32 &&
	    b->mode != PLAN_BOOT_64)
		return diag_fail(d, -EINVAL,
				 "purgatory: unknown register boot mode %d",
				 b->mode);
	if (b->mode && (po->boot_linux || po->direct))
		return diag_fail(d, -EINVAL,
				 "purgatory: a register boot cannot also be a Linux boot or a direct entry");
	if (b->mode == PLAN_BOOT_64 && !po->kernel_64)
		return diag_fail(d, -ENOEXEC,
				 "a 64-bit entry cannot be started from this i386 kernel (it enters images in 32-bit protected mode, and its purgatory cannot reach long mode)");
	if (b->mode && b->nstack > PLAN_BOOT_STACK_MAX)
		return diag_fail(d, -E2BIG,
				 "purgatory: %u stack words for the register boot, at most %d",
				 b->nstack, PLAN_BOOT_STACK_MAX);
	if (bits32 && po->entry > 0xffffffffull)
		return diag_fail(d, -EINVAL,
				 "the 32-bit entry 0x%llx is above 4 GiB, out of reach of 32-bit code",
				 (ull)po->entry);
	if (!(po->prog32 && po->kernel_64))
		return 0;
	for (i = 0; i < nprog; i++) {
		const struct segment *s = &p->seg[i];

		if (s->memsz > 0x100000000ull - s->mem || s->mem > 0xffffffffull)
			return diag_fail(d, -EINVAL,
					 "%s at 0x%llx-0x%llx is not below 4 GiB, where a 32-bit program on this x86_64 kernel runs (paging off)",
					 s->what, (ull)s->mem,
					 (ull)(s->mem + s->memsz - 1));
	}
	return 0;
}

/* Segments of at least 2 * SPLIT_MIN bytes are split for parallel
 * hashing into pieces of at least SPLIT_MIN (page multiples). */
#define SPLIT_MIN (8u << 20)

/* The digest table (see the top of this file): region i < @nprog is
 * program segment i, from its start; in Linux-boot mode, with more than
 * one CPU, a big segment's region covers only its first piece and the
 * rest follow as regions nprog, nprog + 1, ... (as many as the table has
 * room for), so that the pieces hash on several threads.  Each byte is
 * hashed once; nothing is hashed with KJ_PP_F_NO_CHECKS (the purgatory
 * will not look).  Returns the number of regions. */
static size_t fill_regions(const struct plan *p,
			   const struct purgatory_opts *po, size_t nprog,
			   uint32_t flags, uint8_t *hdr)
{
	struct sha256_job job[KJ_PP_MAX_REGIONS], tmp;
	unsigned threads = po->hash_threads ? po->hash_threads
					    : sha256_par_threads();
	size_t n = nprog, spare = KJ_PP_MAX_REGIONS - nprog, i, j;
	uint64_t total = 0;

	for (i = 0; i < nprog; i++) {
		const struct segment *s = &p->seg[i];
		uint8_t *r = hdr + KJ_PP_OFF_REGIONS + i * KJ_PP_REGION_SIZE;
		size_t len = s->no_hash ? 0 : s->bufsz, piece, off;
		unsigned k = threads;

		if (po->boot_linux && len >= 2 * (size_t)SPLIT_MIN && spare) {
			if (k > len / SPLIT_MIN)
				k = (unsigned)(len / SPLIT_MIN);
			if (k > spare + 1)
				k = (unsigned)spare + 1;
		} else {
			k = 1;
		}
		piece = k > 1 ? (len / k + KJ_PAGE_SIZE - 1) &
				~(size_t)(KJ_PAGE_SIZE - 1) : len;
		put_le(r + KJ_PP_REG_OFF_START, s->mem, 8);
		/* (a region of length 0 is not checked) */
		put_le(r + KJ_PP_REG_OFF_LEN, piece, 8);
		job[i] = (struct sha256_job){ s->buf, piece, r + KJ_PP_REG_OFF_SHA256 };
		for (off = piece; off < len; off += piece, n++, spare--) {
			size_t l = len - off < piece ? len - off : piece;

			r = hdr + KJ_PP_OFF_REGIONS + n * KJ_PP_REGION_SIZE;
			put_le(r + KJ_PP_REG_OFF_START, s->mem + off, 8);
			put_le(r + KJ_PP_REG_OFF_LEN, l, 8);
			job[n] = (struct sha256_job){ (const uint8_t *)s->buf + off,
						      l, r + KJ_PP_REG_OFF_SHA256 };
		}
		total += len;
	}
	if (flags & KJ_PP_F_NO_CHECKS)
		return n;
	/* largest first, so that no thread is left with a big one at the
	 * end */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && job[j].len > job[j - 1].len; j--) {
			tmp = job[j];
			job[j] = job[j - 1];
			job[j - 1] = tmp;
		}
	sha256_par(job, n, total >= SPLIT_MIN ? threads : 1);
	return n;
}

int purgatory_setup(struct diag *d, struct plan *p, const struct memmap *m,
		    const struct purgatory_opts *po,
		    struct purgatory_placed *out)
{
	const size_t nprog = p->nseg, nseg0 = p->nseg;
	struct elf_rel_image img;
	const uint8_t *obj = NULL;
	const char *name;
	uint8_t *pb = NULL, *hdr;
	uint64_t used, memsz, ppa, isize, ialign, ipa, start, pa_addr, pa_size;
	uint64_t stack_top = 0, t0, hashed;
	uint32_t append_size = 0, append_off = 0, out_off = 0, flags;
	size_t blen = 0, i, alen = 0, nreg;
	int rc;

	memset(&img, 0, sizeof(img));
	if (nprog == 0)
		return diag_fail(d, -EINVAL,
				 "purgatory: the program has no segments");
	if (nprog > KEXEC_SEGMENT_MAX - 2)
		return diag_fail(d, -E2BIG,
				 "the program has %zu segments; with the purgatory and its parameter block that makes %zu, but the kernel accepts at most %d",
				 nprog, nprog + 2, KEXEC_SEGMENT_MAX);
	for (i = 0; i < nprog; i++) {
		const struct segment *s = &p->seg[i];

		if (po->entry >= s->mem && po->entry - s->mem < s->memsz)
			break;
	}
	if (i == nprog)
		return diag_fail(d, -EINVAL,
				 "program entry 0x%llx is not inside any of its segments",
				 (ull)po->entry);
	for (i = 0; i < nprog; i++)
		if (p->seg[i].bufsz && !p->seg[i].buf)
			return diag_fail(d, -EINVAL, "%s: bufsz 0x%llx but no data",
					 p->seg[i].what, (ull)p->seg[i].bufsz);
	if (po->boot_linux &&
	    (po->boot_params == 0 || po->boot_params > 0xffffffffull))
		return diag_fail(d, -EINVAL,
				 "purgatory: boot_params at 0x%llx cannot be passed (must be non-zero and below 4 GiB)",
				 (ull)po->boot_params);
	rc = check_32bit(d, p, po, nprog);
	if (rc)
		return rc;
	if (po->corrupt_segment != -1 &&
	    (po->corrupt_segment < 0 || (size_t)po->corrupt_segment >= nprog ||
	     p->seg[po->corrupt_segment].bufsz == 0))
		return diag_fail(d, -EINVAL,
				 "corrupt-segment test hook: %d is not a program segment with data (0-%zu)",
				 po->corrupt_segment, nprog - 1);

	/* b. layout of the parameter segment */
	if (po->append) {
		alen = strlen(po->append);
		if (alen > PURGATORY_MAX_APPEND)
			return diag_fail(d, -E2BIG,
					 "--append text of %zu bytes is too long for the purgatory (at most %u)",
					 alen, PURGATORY_MAX_APPEND);
		append_off = KJ_PP_SIZE;
		append_size = (uint32_t)alen + 1;
	}
	used = (uint64_t)KJ_PP_SIZE + append_size;
	if (po->out_size) {
		out_off = (uint32_t)((used + 15) & ~(uint64_t)15);
		used = (uint64_t)out_off + po->out_size;
	}
	if (used > PURGATORY_MAX_PARAMS)
		return diag_fail(d, -E2BIG,
				 "purgatory parameter segment of 0x%llx bytes is too large (output buffer 0x%x bytes; at most 0x%x in all)",
				 (ull)used, po->out_size, PURGATORY_MAX_PARAMS);
	memsz = (used + KJ_PAGE_SIZE - 1) & ~(uint64_t)(KJ_PAGE_SIZE - 1);
	if (po->mailbox)
		memsz += KJ_PAGE_SIZE;   /* zero-filled by the kernel */

	/* the object, its size and alignment */
	if (po->blob) {
		obj = po->blob;
		blen = po->blob_len;
		name = "purgatory (supplied object)";
	} else {
		rc = purgatory_blob(d, po->kernel_64, &obj, &blen);
		if (rc)
			return rc;
		name = po->kernel_64 ? "embedded x86_64 purgatory"
				     : "embedded i386 purgatory";
	}
	rc = elf_rel_size(d, name, obj, blen, &isize, &ialign);
	if (rc)
		return rc;

	/* a. + b. fill the block */
	pb = calloc(1, (size_t)used);
	if (!pb)
		return diag_fail(d, -ENOMEM, "out of memory (0x%llx bytes)",
				 (ull)used);
	hdr = pb;
	/* a booted kernel never comes back, so there is no second call to
	 * skip the check on: VERIFY_ONCE only for programs */
	flags = po->boot_linux ? KJ_PP_F_BOOT_LINUX : KJ_PP_F_VERIFY_ONCE;
	if (po->boot_linux && po->jump_back_arg)
		flags |= KJ_PP_F_JUMP_BACK_ARG;
	if (po->direct)
		flags = KJ_PP_F_DIRECT | KJ_PP_F_NO_CHECKS;
	if (po->boot.mode)
		flags = KJ_PP_F_BOOT_REGS;
	if (po->boot.mode == PLAN_BOOT_32 || (po->prog32 && po->kernel_64))
		flags |= KJ_PP_F_PROG32;
	/* the entry code reads R from the stack only for a jump */
	if (po->jump || po->direct || (po->boot_linux && po->jump_back_arg))
		flags |= KJ_PP_F_JUMP;
	if (po->no_checks)
		flags |= KJ_PP_F_NO_CHECKS;
	if (po->console_serial)
		flags |= KJ_PP_F_CONSOLE_SERIAL;
	if (po->reset_vga)
		flags |= KJ_PP_F_RESET_VGA;
	if (po->console_vga)
		flags |= KJ_PP_F_CONSOLE_VGA;
	put_le(hdr + KJ_PP_OFF_MAGIC, KJ_PP_MAGIC, 4);
	put_le(hdr + KJ_PP_OFF_VERSION, KJ_PP_VERSION, 4);
	put_le(hdr + KJ_PP_OFF_SIZE, KJ_PP_SIZE, 4);
	put_le(hdr + KJ_PP_OFF_FLAGS, flags, 4);
	/* call_count, jump_back, out_len, ret, status, bad_*: 0 (calloc) */
	put_le(hdr + KJ_PP_OFF_ENTRY, po->entry, 8);
	put_le(hdr + KJ_PP_OFF_APPEND_OFF, append_off, 4);
	put_le(hdr + KJ_PP_OFF_APPEND_SIZE, append_size, 4);
	put_le(hdr + KJ_PP_OFF_OUT_OFF, out_off, 4);
	put_le(hdr + KJ_PP_OFF_OUT_SIZE, po->out_size, 4);
	put_le(hdr + KJ_PP_OFF_SERIAL_PORT, po->serial_port, 2);
	put_le(hdr + KJ_PP_OFF_SERIAL_BAUD, po->serial_baud, 4);
	if (po->boot_linux)
		put_le(hdr + KJ_PP_OFF_BOOT_PARAMS, po->boot_params, 4);
	if (po->boot.mode) {
		for (i = 0; i < PLAN_NREGS; i++)
			put_le(hdr + KJ_PP_OFF_BOOT_REGS + 8 * i,
			       po->boot.reg[i], 8);
		for (i = 0; i < po->boot.nstack; i++)
			put_le(hdr + KJ_PP_OFF_BOOT_STACK + 8 * i,
			       po->boot.stack[i], 8);
		put_le(hdr + KJ_PP_OFF_BOOT_NSTACK, po->boot.nstack, 4);
	}
	hashed = 0;     /* (for kexec -d's timing line) */
	for (i = 0; i < nprog && !(flags & KJ_PP_F_NO_CHECKS); i++)
		hashed += p->seg[i].no_hash ? 0 : p->seg[i].bufsz;
	t0 = timing_now();
	nreg = fill_regions(p, po, nprog, flags, hdr);
	timing_add(TIMING_SHA256, t0, hashed);
	if (!(flags & KJ_PP_F_NO_CHECKS))
		diag_debug(d, "sha256: %llu bytes in %zu regions, by %s",
			   (unsigned long long)hashed, nreg,
			   sha256_impl_name(sha256_auto_impl()));
	put_le(hdr + KJ_PP_OFF_NR_REGIONS, nreg, 4);
	if (alen)
		memcpy(pb + append_off, po->append, alen);
	/* (the NUL and the output buffer are zero from calloc) */

	rc = plan_find_space(p, d, m, memsz, KJ_PAGE_SIZE, PURGATORY_MIN_ADDR,
			     PURGATORY_MAX_ADDR, 1, &ppa);
	if (rc) {
		free(pb);
		diag_prefix(d, "purgatory parameter block: ");
		return rc;
	}
	rc = plan_add(p, d, pb, (size_t)used, ppa, memsz, "purgatory params",
		      1);
	if (rc)             /* plan_add() freed pb */
		return rc;

	/* c. the purgatory itself */
	isize = (isize + KJ_PAGE_SIZE - 1) & ~(uint64_t)(KJ_PAGE_SIZE - 1);
	rc = plan_find_space(p, d, m, isize,
			     ialign > KJ_PAGE_SIZE ? ialign : KJ_PAGE_SIZE,
			     PURGATORY_MIN_ADDR, PURGATORY_MAX_ADDR, 1, &ipa);
	if (rc) {
		diag_prefix(d, "purgatory: ");
		goto fail;
	}
	rc = elf_rel_load(d, name, obj, blen, ipa, &img);
	if (rc)
		goto fail;
	if (img.elfclass != (po->kernel_64 ? 2 : 1)) {
		rc = diag_fail(d, -ENOEXEC,
			       "%s: is ELF%d, but the %s kernel needs an ELF%d purgatory",
			       name, img.elfclass == 2 ? 64 : 32,
			       po->kernel_64 ? "x86_64" : "i386",
			       po->kernel_64 ? 64 : 32);
		goto fail;
	}
	rc = image_sym(d, name, &img, PURGATORY_SYM_START, 0, &start, NULL);
	if (rc)
		goto fail;
	rc = image_sym(d, name, &img, PURGATORY_SYM_PARAMS_PA, 0, &pa_addr,
		       &pa_size);
	if (rc)
		goto fail;
	if (pa_size != 8 || img.len < 8 || pa_addr - img.base > img.len - 8) {
		rc = diag_fail(d, -ENOEXEC,
			       "%s: '%s' must be an 8-byte variable inside the image (st_size %llu at 0x%llx)",
			       name, PURGATORY_SYM_PARAMS_PA, (ull)pa_size,
			       (ull)pa_addr);
		goto fail;
	}
	put_le(img.buf + (size_t)(pa_addr - img.base), ppa, 8);
	if (elf_rel_symbol(&img, PURGATORY_SYM_STACK_TOP, NULL, NULL) == 0) {
		rc = image_sym(d, name, &img, PURGATORY_SYM_STACK_TOP, 1,
			       &stack_top, NULL);
		if (rc)
			goto fail;
		if (stack_top % 16) {
			rc = diag_fail(d, -ENOEXEC,
				       "%s: '%s' at 0x%llx is not 16-byte aligned",
				       name, PURGATORY_SYM_STACK_TOP,
				       (ull)stack_top);
			goto fail;
		}
	}
	if (po->kernel_gdt_limit) {
		uint64_t g_addr, g_size;

		rc = image_sym(d, name, &img, PURGATORY_SYM_KERNEL_GDT, 0,
			       &g_addr, &g_size);
		if (rc)
			goto fail;
		if (g_size != 16 || img.len < 16 ||
		    g_addr - img.base > img.len - 16) {
			rc = diag_fail(d, -ENOEXEC,
				       "%s: '%s' must be a 16-byte variable inside the image",
				       name, PURGATORY_SYM_KERNEL_GDT);
			goto fail;
		}
		if (!po->kernel_64 && po->kernel_gdt_base > 0xffffffffull) {
			rc = diag_fail(d, -EINVAL,
				       "%s: GDT base 0x%llx does not fit an i386 kernel",
				       name, (ull)po->kernel_gdt_base);
			goto fail;
		}
		/* the lgdt operand: 2-byte limit, then the base (8 bytes
		 * in 64-bit mode, 4 in 32-bit mode; the rest stays 0) */
		put_le(img.buf + (size_t)(g_addr - img.base),
		       po->kernel_gdt_limit, 2);
		put_le(img.buf + (size_t)(g_addr - img.base) + 2,
		       po->kernel_gdt_base, po->kernel_64 ? 8 : 4);
	}
	/* pb now belongs to the plan, which is fine: we still may write */
	put_le(pb + KJ_PP_OFF_STACK_TOP, stack_top, 8);

	rc = plan_add(p, d, img.buf, img.len, ipa, isize, "purgatory", 1);
	img.buf = NULL;    /* plan_add() owns it now, even on failure */
	if (rc)
		goto fail;

	/* test hook: corrupt a private copy after hashing */
	if (po->corrupt_segment >= 0) {
		struct segment *s = &p->seg[po->corrupt_segment];
		uint8_t *copy = malloc(s->bufsz);

		if (!copy) {
			rc = diag_fail(d, -ENOMEM, "out of memory (0x%zx bytes)",
				       s->bufsz);
			goto fail;
		}
		memcpy(copy, s->buf, s->bufsz);
		copy[s->bufsz / 2] ^= 0xff;
		if (s->owned)
			free((void *)s->buf);
		s->buf = copy;
		s->owned = 1;
		diag_debug(d, "purgatory: test hook: flipped byte 0x%zx of %s after hashing",
			   s->bufsz / 2, s->what);
	}

	p->entry = start;
	snprintf(p->entry_what, sizeof(p->entry_what), "purgatory");
	if (out) {
		memset(out, 0, sizeof(*out));
		out->params_pa = ppa;
		out->params_len = (size_t)used;
		out->params_memsz = memsz;
		out->out_off = out_off;
		out->out_size = po->out_size;
		out->image_pa = ipa;
		out->image_memsz = isize;
		out->entry = start;
	}
	diag_debug(d, "purgatory: %s at 0x%llx (0x%llx bytes, %zu relocations), entry 0x%llx; parameters at 0x%llx (0x%llx bytes), %zu regions",
		   name, (ull)ipa, (ull)isize, img.nrelocs, (ull)start,
		   (ull)ppa, (ull)used, nprog);
	elf_rel_free(&img);
	return 0;
fail:
	elf_rel_free(&img);
	rollback(p, nseg0);
	return rc;
}
