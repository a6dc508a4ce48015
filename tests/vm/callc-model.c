/* SPDX-License-Identifier: GPL-2.0-or-later */
/* callc-model.c N [APPEND] - print what examples/callc must print on calls
 * 1..N, one "line<TAB>status" per call, from an independent host
 * implementation of its documented rule: state starts zeroed; call c
 * stirs state[i] = state[i]*31 + prev + i + c (prev starts at c, bytes
 * wrap); the sum is FNV-1a 32 of the 4 KiB state; the program returns
 * r = c mod 256, and kexec -e's exit status is r when r <= 250, else 251
 * (kexec(8), EXIT STATUS). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	static uint8_t st[4096];
	int n = argc > 1 ? atoi(argv[1]) : 1;

	for (uint32_t c = 1; c <= (uint32_t)n; c++) {
		uint8_t prev = (uint8_t)c;
		uint32_t h = 2166136261u, r;

		for (int i = 0; i < 4096; i++) {
			prev = (uint8_t)(st[i] * 31u + prev + (uint8_t)i + c);
			st[i] = prev;
		}
		for (int i = 0; i < 4096; i++) {
			h ^= st[i];
			h *= 16777619u;
		}
		printf("callc: call %u params.call_count %u sum 0x%08x", c, c, h);
		if (argc > 2 && argv[2][0])
			printf(" append '%s'", argv[2]);
		r = c % 256;
		printf("\t%u\n", r <= 250 ? r : 251);
	}
	return 0;
}
