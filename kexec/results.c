/* SPDX-License-Identifier: GPL-2.0-or-later */
/* results.c - interpret the parameter block after a kexec jump returned.
 * The block's layout is the same for i386 and x86_64 purgatories
 * (include/purgatory-abi.h), so one memcpy into the struct reads it. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "purgatory-abi.h"
#include "results.h"

static void hex32(char out[65], const uint8_t d[32])
{
	static const char x[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	out[64] = '\0';
}

int results_exit_status(int32_t ret)
{
	if (ret >= 0 && ret <= RESULTS_EXIT_RET_MAX)
		return (int)ret;
	return RESULTS_EXIT_RET_OTHER;
}

int results_report(struct diag *d, const uint8_t *buf, size_t len, FILE *out,
		   struct results *r)
{
	struct purgatory_params pp;
	char want[65], got[65];

	r->outcome = RESULTS_UNREADABLE;
	r->ret = 0;
	if (len < sizeof(pp))
		return diag_fail(d, -EIO,
				 "the result block is %zu bytes, shorter than a parameter block (%zu)",
				 len, sizeof(pp));
	memcpy(&pp, buf, sizeof(pp));
	if (pp.magic != KJ_PP_MAGIC || pp.version != KJ_PP_VERSION ||
	    pp.size != KJ_PP_SIZE)
		return diag_fail(d, -EIO,
				 "the result block is not a version %u parameter block (magic 0x%08" PRIx32 ", version %" PRIu32 ")",
				 KJ_PP_VERSION, pp.magic, pp.version);
	switch (pp.status) {
	case KJ_PP_ST_RETURNED:
		break;
	case KJ_PP_ST_SHA256_MISMATCH:
		r->outcome = RESULTS_NOT_CALLED;
		if (pp.bad_region >= pp.nr_regions ||
		    pp.bad_region >= KJ_PP_MAX_REGIONS)
			return diag_fail(d, -EIO,
					 "the purgatory reported a sha256 mismatch in region %" PRIu32 " of %" PRIu32,
					 pp.bad_region, pp.nr_regions);
		hex32(want, pp.regions[pp.bad_region].sha256);
		hex32(got, pp.bad_sha256);
		return diag_fail(d, -EIO,
				 "the program was not called: segment %" PRIu32 " (0x%" PRIx64 ", %" PRIu64 " bytes) failed its sha256 check (expected %s, computed %s)",
				 pp.bad_region, pp.regions[pp.bad_region].start,
				 pp.regions[pp.bad_region].len, want, got);
	case KJ_PP_ST_BAD_PARAMS:
		r->outcome = RESULTS_NOT_CALLED;
		return diag_fail(d, -EIO,
				 "the program was not called: the purgatory found its parameter block invalid (check %" PRIu32 ")",
				 pp.bad_region);
	case KJ_PP_ST_NONE:
		r->outcome = RESULTS_NOT_CALLED;
		return diag_fail(d, -EIO,
				 "the purgatory returned without recording a result (the program may not have run)");
	default:
		return diag_fail(d, -EIO,
				 "the result block has an unknown status %" PRIu32,
				 pp.status);
	}
	/* the program ran; a failure below loses its output (unreadable) */
	if (pp.out_size) {
		uint32_t n = pp.out_len < pp.out_size ? pp.out_len : pp.out_size;

		if ((uint64_t)pp.out_off + pp.out_size > len ||
		    pp.out_off < KJ_PP_SIZE)
			return diag_fail(d, -EIO,
					 "the result block's output buffer (offset %" PRIu32 ", %" PRIu32 " bytes) lies outside the %zu bytes read",
					 pp.out_off, pp.out_size, len);
		errno = 0;
		if ((n && fwrite(buf + pp.out_off, 1, n, out) != n) ||
		    fflush(out) != 0) {
			int e = errno ? errno : EIO;

			return diag_fail(d, -e,
					 "the program returned %" PRId32 ", but its output cannot be written: %s",
					 pp.ret, strerror(e));
		}
	}
	r->outcome = RESULTS_RETURNED;
	r->ret = pp.ret;
	return 0;
}
