/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256-par.c - hash several buffers at once on a few threads
 * (sha256-par.h).
 *
 * Workers take the next job from a shared counter (jobs are expected
 * largest first, so the tail is short); each writes only its own job's
 * digest.  If a thread cannot be started, the calling thread does the
 * remaining work itself, so the result never depends on threads.
 */
#include <pthread.h>
#include <unistd.h>

#include "sha256-par.h"

struct pool {
	struct sha256_job *jobs;
	size_t n;
	size_t next;            /* __atomic counter */
};

static void *worker(void *arg)
{
	struct pool *pl = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&pl->next, 1, __ATOMIC_RELAXED)) < pl->n)
		sha256(pl->jobs[i].buf, pl->jobs[i].len, pl->jobs[i].out);
	return NULL;
}

unsigned sha256_par_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > SHA256_PAR_MAX_THREADS ? SHA256_PAR_MAX_THREADS : (unsigned)n;
}

void sha256_par(struct sha256_job *jobs, size_t n, unsigned threads)
{
	pthread_t tid[SHA256_PAR_MAX_THREADS];
	struct pool pl = { jobs, n, 0 };
	unsigned started = 0, i;

	if (threads > SHA256_PAR_MAX_THREADS)
		threads = SHA256_PAR_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	/* this thread is one of the workers */
	while (started + 1 < threads &&
	       pthread_create(&tid[started], NULL, worker, &pl) == 0)
		started++;
	worker(&pl);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}
