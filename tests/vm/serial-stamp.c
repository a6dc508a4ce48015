/* SPDX-License-Identifier: GPL-2.0-or-later */
/* serial-stamp.c - serial-stamp LOG STAMPS
 * Reads a guest's serial output on stdin (QEMU -serial stdio, see
 * run-qemu.sh KJ_VM_STAMP) and writes it unchanged to LOG as it comes,
 * and to STAMPS every line prefixed with the host's CLOCK_MONOTONIC time
 * (seconds, 9 decimals) at which its first byte arrived:
 *   "1234.567890123 Linux version 6.12..."
 * Carriage returns are dropped from STAMPS.  Exits at end of input. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char buf[4096], line[8192], pre[64];
	size_t ll = 0;
	int at_start = 1, log, ts;
	ssize_t n;

	if (argc != 3) {
		fprintf(stderr, "usage: serial-stamp LOG STAMPS\n");
		return 2;
	}
	log = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ts = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (log < 0 || ts < 0) {
		perror("serial-stamp: open");
		return 1;
	}
	while ((n = read(0, buf, sizeof(buf))) != 0) {
		struct timespec now;
		ssize_t i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		write_all(log, buf, (size_t)n);
		for (i = 0; i < n; i++) {
			if (at_start) {
				int k = snprintf(pre, sizeof(pre), "%lld.%09ld ",
						 (long long)now.tv_sec, now.tv_nsec);
				memcpy(line, pre, (size_t)k);
				ll = (size_t)k;
				at_start = 0;
			}
			if (buf[i] == '\r')
				continue;
			if (ll < sizeof(line) - 2 || buf[i] == '\n')
				line[ll++] = buf[i];
			if (buf[i] == '\n') {
				write_all(ts, line, ll);
				at_start = 1;
			}
		}
	}
	if (!at_start) {
		line[ll++] = '\n';
		write_all(ts, line, ll);
	}
	return 0;
}
