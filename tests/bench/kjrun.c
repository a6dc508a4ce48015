/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kjrun.c - kjrun OUT CMD [ARGS...]
 * Runs CMD (execvp), waits for it with wait4() and appends one line to
 * OUT:  "rc=N wall_us=N maxrss_kib=N user_us=N sys_us=N"
 * rc is the exit status (128+signal when killed, 127 when it could not
 * be run); wall_us the CLOCK_MONOTONIC time from before fork() to after
 * wait4(); maxrss_kib the child's peak resident set (ru_maxrss).  CMD's
 * own output is left as it is.  Exits with CMD's status.  The benchmark
 * (tests/bench) runs every tool through it in the guest: a peak that
 * /proc/PID/status (VmHWM) can no longer show once the process is gone. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long us_of(struct timeval tv)
{
	return (unsigned long long)tv.tv_sec * 1000000u + (unsigned long long)tv.tv_usec;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int st = 0, rc;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: kjrun OUT CMD [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("kjrun: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "kjrun: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	memset(&ru, 0, sizeof(ru));
	while (wait4(pid, &st, 0, &ru) < 0)
		;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	out = fopen(argv[1], "a");
	if (!out) {
		perror("kjrun: OUT");
		return 2;
	}
	fprintf(out, "rc=%d wall_us=%lld maxrss_kib=%ld user_us=%llu sys_us=%llu\n", rc,
		(long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000,
		ru.ru_maxrss, us_of(ru.ru_utime), us_of(ru.ru_stime));
	fclose(out);
	return rc;
}
