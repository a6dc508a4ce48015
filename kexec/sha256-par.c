/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256-par.c - hash several buffers at once on a few threads
 * (sha256-par.h).
 *
 * Workers take the next job from a shared counter (jobs are expected
 * largest first, so the tail is short); each writes only its own job's
 * digest.  If a thread cannot be started, the calling thread does the
 * remaining work itself, so the result never depends on threads.  The
 * pool lives on the caller's stack: the caller returns only after every
 * worker has said it is done (and touches the pool no more).
 */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include "sha256-par.h"

struct pool {
	struct sha256_job *jobs;
	size_t n;
	size_t next;            /* __atomic: the next job to take */
	unsigned done;          /* __atomic: workers (not the caller) done */
};

static void work(struct pool *pl)
{
	size_t i;

	while ((i = __atomic_fetch_add(&pl->next, 1, __ATOMIC_RELAXED)) < pl->n)
		sha256(pl->jobs[i].buf, pl->jobs[i].len, pl->jobs[i].out);
}

static void *worker(void *arg)
{
	struct pool *pl = arg;

	work(pl);
	/* release: our digests are written before the caller sees done */
	__atomic_fetch_add(&pl->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

unsigned sha256_par_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > SHA256_PAR_MAX_THREADS ? SHA256_PAR_MAX_THREADS : (unsigned)n;
}

/*
 * The workers are detached and the caller waits for them by spinning on
 * pl.done (with sched_yield), not with pthread_join: glibc's join sleeps
 * in futex(), and on the i386 test kernels under QEMU that sometimes
 * fails with an error glibc does not expect ("The futex facility
 * returned an unexpected error code", abort).  The wait is short: the
 * caller hashes too, and the jobs come largest first.
 */
void sha256_par(struct sha256_job *jobs, size_t n, unsigned threads)
{
	struct pool pl = { jobs, n, 0, 0 };
	pthread_attr_t attr;
	pthread_t tid;
	unsigned started = 0;

	if (threads > SHA256_PAR_MAX_THREADS)
		threads = SHA256_PAR_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	if (threads > 1 && pthread_attr_init(&attr) == 0) {
		if (pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0)
			while (started + 1 < threads &&
			       pthread_create(&tid, &attr, worker, &pl) == 0)
				started++;
		pthread_attr_destroy(&attr);
	}
	work(&pl);      /* this thread is one of the workers */
	while (__atomic_load_n(&pl.done, __ATOMIC_ACQUIRE) < started)
		sched_yield();
}
