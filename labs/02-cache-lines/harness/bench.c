/* bench.c - two pinned threads released together, and medians of timings. */
#define _GNU_SOURCE
#include "bench.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool bench_pick_cpus(int cpu[2], int *count)
{
	cpu_set_t set;
	int found = 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0) {
		*count = 0;
		return false;
	}
	*count = CPU_COUNT(&set);
	for (int i = 0; i < CPU_SETSIZE && found < 2; i++)
		if (CPU_ISSET(i, &set))
			cpu[found++] = i;
	return found == 2;
}

/* What one thread of a pair needs; the flags are shared by the pair. */
struct pair_thread {
	int cpu;
	void (*fn)(void *);
	void *arg;
	int *ready;		/* threads pinned and waiting */
	int *go;		/* set once by the main thread: 1 run, -1 give up */
	int pin_error;
};

/* now_ns - CLOCK_MONOTONIC in nanoseconds. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* pair_main - pin, report ready, spin until released, run the function. */
static void *pair_main(void *p)
{
	struct pair_thread *t = p;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(t->cpu, &set);
	t->pin_error = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	__atomic_fetch_add(t->ready, 1, __ATOMIC_ACQ_REL);
	if (t->pin_error)
		return NULL;
	/* Spin rather than sleep: waking from a futex would add tens of
	 * microseconds of noise to the start of the measured interval. */
	while (!__atomic_load_n(t->go, __ATOMIC_ACQUIRE))
		;
	if (__atomic_load_n(t->go, __ATOMIC_ACQUIRE) > 0)
		t->fn(t->arg);
	return NULL;
}

uint64_t bench_pair(const int cpu[2], void (*const fn[2])(void *), void *const arg[2])
{
	struct pair_thread t[2];
	pthread_t tid[2];
	int ready = 0, go = 0, started = 0, err = 0;
	uint64_t t0, t1;

	for (int i = 0; i < 2; i++) {
		t[i] = (struct pair_thread){ .cpu = cpu[i], .fn = fn[i], .arg = arg[i],
					     .ready = &ready, .go = &go };
		err = pthread_create(&tid[i], NULL, pair_main, &t[i]);
		if (err) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			break;
		}
		started++;
	}
	while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < started)
		sched_yield();
	for (int i = 0; i < started; i++)
		if (t[i].pin_error) {
			err = t[i].pin_error;
			fprintf(stderr, "pthread_setaffinity_np(CPU %d): %s\n", t[i].cpu, strerror(err));
		}
	/* A failed pair is released with -1, so that no function runs
	 * without its partner (a writer would wait forever for its reader). */
	t0 = now_ns();
	__atomic_store_n(&go, err ? -1 : 1, __ATOMIC_RELEASE);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	t1 = now_ns();
	return err ? 0 : t1 - t0;
}

/* cmp_u64 - qsort order for uint64_t. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

uint64_t bench_median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	return v[n / 2];
}
