/*
 * conn_race.c - struct conn used the way a server uses it (lab 02), for the
 * demo: `make run LAB=02` ends with it, and `demo conn` runs it alone.
 *
 * Two threads share one struct conn.  The reader (the connection's owner)
 * loads the hot fields once per packet, as a receive loop would; the writer
 * (a worker) adds to the counters with atomic adds.  The reader is timed
 * alone, then with the writer running: if a counter shares a cache line
 * with a hot field, every add takes the line away from the reader's core
 * and its next load misses.  The student's layout in conn.h decides the
 * ratio.
 *
 * The grader never runs this code and never reads its timings: it reads
 * struct conn's layout with pahole from the subject (harness/subject.c).
 */
#define _GNU_SOURCE
/* A packed struct conn (a wrong answer to step 1) must still build, so
 * that the grader can say what is wrong with it instead of gcc refusing
 * the atomics on its misaligned members. */
#pragma GCC diagnostic ignored "-Waddress-of-packed-member"
#include "bench.h"
#include "conn.h"
#include "conn_race.h"
#include "sysinfo.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* conn.h's design line size; kept here too in case an edit dropped it. */
#ifndef CONN_LINE_SIZE
#define CONN_LINE_SIZE 64
#endif

/* The callbacks a protocol plugs into a connection (opaque in conn.h). */
struct conn_ops {
	const char *protocol;
};

static const struct conn_ops echo_ops = { .protocol = "echo" };

/* Packets the reader handles per run; RUNS runs per configuration. */
#define PACKETS	20000000L
#define RUNS	3

enum role { HOT, CONFIG, COUNTER };
static const char *const role_name[] = { "hot", "config", "counter" };

/* One member of struct conn, where the compiler put it. */
struct field {
	const char *name;
	enum role role;
	size_t offset, size;
};

#define FIELD(r, m) { #m, r, offsetof(struct conn, m), sizeof(((struct conn *)0)->m) }

static const struct field fields[] = {
	FIELD(HOT, fd), FIELD(HOT, state), FIELD(HOT, flags),
	FIELD(HOT, rx_buf), FIELD(HOT, rx_len), FIELD(HOT, ops),
	FIELD(CONFIG, name), FIELD(CONFIG, port), FIELD(CONFIG, created_ns),
	FIELD(CONFIG, idle_timeout_ns),
	FIELD(COUNTER, rx_packets), FIELD(COUNTER, rx_bytes), FIELD(COUNTER, drops),
};

/* What the two threads share besides the connection itself. */
struct run {
	struct conn *c;
	int stop;		/* set by the reader when it is done */
	uint64_t checksum;	/* keeps the reader's loads from being optimised out */
};

/* show_lines - for each role, the cache lines (of line bytes) its fields use. */
static void show_lines(size_t line)
{
	for (int r = HOT; r <= COUNTER; r++) {
		char used[64] = "";	/* one flag per line; struct conn is far smaller */

		printf("  %-8s fields on line(s):", role_name[r]);
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			if (fields[i].role != (enum role)r)
				continue;
			for (size_t l = fields[i].offset / line;
			     l <= (fields[i].offset + fields[i].size - 1) / line && l < sizeof(used); l++)
				used[l] = 1;
		}
		for (size_t l = 0; l < sizeof(used); l++)
			if (used[l])
				printf(" %zu", l);
		printf("\n");
	}
}

/* reader - the owner's receive loop: load every hot field, PACKETS times. */
static void reader(void *p)
{
	struct run *run = p;
	struct conn *c = run->c;
	uint64_t sum = 0;

	for (long i = 0; i < PACKETS; i++) {
		/* Relaxed atomic loads: real loads on every pass, which plain
		 * loads of unchanging fields would not be after -O2. */
		sum += (uint64_t)__atomic_load_n(&c->fd, __ATOMIC_RELAXED);
		sum += __atomic_load_n(&c->state, __ATOMIC_RELAXED);
		sum += __atomic_load_n(&c->flags, __ATOMIC_RELAXED);
		sum += __atomic_load_n(&c->rx_len, __ATOMIC_RELAXED);
		sum += __atomic_load_n(&c->rx_buf, __ATOMIC_RELAXED) != NULL;
		sum += __atomic_load_n(&c->ops, __ATOMIC_RELAXED) != NULL;
	}
	run->checksum = sum;
	__atomic_store_n(&run->stop, 1, __ATOMIC_RELEASE);
}

/* writer - a worker counting packets until the reader is done. */
static void writer(void *p)
{
	struct run *run = p;
	struct conn *c = run->c;

	while (!__atomic_load_n(&run->stop, __ATOMIC_ACQUIRE)) {
		__atomic_fetch_add(&c->rx_packets, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&c->rx_bytes, 1500, __ATOMIC_RELAXED);
		__atomic_fetch_add(&c->drops, 1, __ATOMIC_RELAXED);
	}
}

/* idle - the writer's stand-in for the baseline: a worker with no packets. */
static void idle(void *p)
{
	(void)p;
}

/* time_reader - the median time of RUNS reader runs beside `other`; 0 on error. */
static uint64_t time_reader(const int cpu[2], struct conn *c, void (*other)(void *))
{
	void (*const fn[2])(void *) = { reader, other };
	uint64_t t[RUNS];

	for (int r = 0; r < RUNS; r++) {
		struct run run = { .c = c };
		void *const arg[2] = { &run, &run };

		t[r] = bench_pair(cpu, fn, arg);
		if (!t[r])
			return 0;
	}
	return bench_median(t, RUNS);
}

/* conn_open - a connection as a server would fill it in; NULL if out of memory. */
static struct conn *conn_open(size_t line, uint8_t *buf)
{
	/* Allocate on a line boundary, so that the lines pahole draws from
	 * offset 0 are the lines the CPU really uses.  alignof covers a
	 * struct aligned more strictly than the line. */
	size_t align = line > alignof(struct conn) ? line : alignof(struct conn);
	size_t size = (sizeof(struct conn) + align - 1) / align * align;
	struct conn *c = aligned_alloc(align, size);
	struct timespec now;

	if (!c)
		return NULL;
	memset(c, 0, size);
	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(c->name, sizeof(c->name), "client-%d", 42);
	c->port = 5000;
	c->created_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	c->idle_timeout_ns = 30ull * 1000000000u;
	c->fd = 3;
	c->state = 1;
	c->flags = 0x5;
	c->rx_buf = buf;
	c->rx_len = 1500;
	c->ops = &echo_ops;
	return c;
}

int conn_race(void)
{
	const char *src;
	size_t line = ml_cache_line_size(&src);
	static uint8_t buf[2048];
	int cpu[2], ncpu;
	uint64_t alone, shared;
	struct conn *c;

	if (!line)
		line = CONN_LINE_SIZE;
	printf("struct conn: %zu bytes, aligned to %zu; this machine's cache line: %zu bytes\n",
	       sizeof(struct conn), alignof(struct conn), line);
	if (line != CONN_LINE_SIZE)
		printf("note: conn.h designs for %d-byte lines, this machine has %zu-byte lines\n",
		       CONN_LINE_SIZE, line);
	show_lines(line);
	if (!bench_pick_cpus(cpu, &ncpu)) {
		printf("only %d CPU available: a reader and a writer cannot run at the same\n"
		       "moment, so there is nothing to measure; skipped.\n", ncpu);
		return 0;
	}
	c = conn_open(line, buf);
	if (!c) {
		perror("aligned_alloc");
		return 1;
	}
	printf("reader on CPU %d loads the hot fields for %ld packets; "
	       "writer on CPU %d adds to the counters\n", cpu[0], PACKETS, cpu[1]);
	alone = time_reader(cpu, c, idle);
	shared = time_reader(cpu, c, writer);
	if (alone && shared) {
		printf("  reader alone        : %6.2f ns per packet (median of %d runs)\n",
		       (double)alone / PACKETS, RUNS);
		printf("  reader beside writer: %6.2f ns per packet (median of %d runs)\n",
		       (double)shared / PACKETS, RUNS);
		printf("  the writer slows the reader down %.1fx\n", (double)shared / alone);
	}
	printf("counters after the runs: rx_packets=%lu rx_bytes=%lu drops=%lu\n",
	       (unsigned long)c->rx_packets, (unsigned long)c->rx_bytes, (unsigned long)c->drops);
	free(c);
	return 0;
}
