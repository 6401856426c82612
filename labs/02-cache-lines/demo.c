/*
 * demo.c - lab 02: cache lines, struct layout and false sharing, shown live.
 *
 * 1. The two sizes the memory system works in: the page (the kernel's and
 *    the MMU's unit) and the cache line (the unit the CPU moves between
 *    memory and its caches), read from sysconf and sysfs.
 * 2. The layout of a small struct, by running pahole on this very program:
 *    the holes alignment opens, and the same members reordered without them.
 * 3. False sharing: two threads on two CPUs, each adding to its own counter.
 *    When both counters sit on one cache line, the line bounces between the
 *    two cores on every add; one line apart, each core keeps its own.
 * 4. Your struct conn (conn.h) under the same test: a reader of its hot
 *    fields timed alone, then beside a writer of its counters
 *    (harness/conn_race.c).
 *
 * Run: make run LAB=02   (all four), or build/02-cache-lines/demo conn (4 only)
 */
#define _GNU_SOURCE
#include "bench.h"
#include "conn_race.h"
#include "sysinfo.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/*
 * A reading from a sensor, with its members in the order someone thought of
 * them.  pahole shows the holes this order costs; struct sample_sorted has
 * the same members, largest alignment first, and none.
 */
struct sample {
	char kind;
	double value;
	short sensor;
	struct sample *next;
	char flags;
};

struct sample_sorted {
	double value;
	struct sample_sorted *next;
	short sensor;
	char kind;
	char flags;
};

/* Adds per thread, per run: enough for tens of milliseconds per run. */
#define ADDS	5000000L
#define RUNS	5

/* show_cache_sysfs - every cache of CPU 0 that sysfs describes. */
static void show_cache_sysfs(void)
{
	static const char *const files[] = { "level", "type", "size", "coherency_line_size" };
	char path[128], val[4][32];

	for (int i = 0; i < 8; i++) {
		for (int f = 0; f < 4; f++) {
			FILE *fp;

			snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/%s",
				 i, files[f]);
			fp = fopen(path, "r");
			if (!fp) {
				if (i == 0 && f == 0)
					printf("  (no /sys/devices/system/cpu/cpu0/cache here)\n");
				return;
			}
			if (fscanf(fp, "%31s", val[f]) != 1)
				strcpy(val[f], "?");
			fclose(fp);
		}
		printf("  cpu0/cache/index%d: L%s %-12s %6s, line %s bytes\n",
		       i, val[0], val[1], val[2], val[3]);
	}
}

/* show_sizes - page and line size, and where each number came from. */
static size_t show_sizes(void)
{
	const char *src;
	size_t line = ml_cache_line_size(&src);

	printf("== 1. Page and cache line, as this machine reports them\n");
	printf("sysconf(_SC_PAGESIZE)              = %zu bytes\n", ml_page_size());
	printf("sysconf(_SC_LEVEL1_DCACHE_LINESIZE) = %ld\n", sysconf(_SC_LEVEL1_DCACHE_LINESIZE));
	show_cache_sysfs();
	if (line)
		printf("cache line used below: %zu bytes (from %s)\n\n", line, src);
	else
		printf("cache line: unknown here; assuming 128 bytes, more than any current CPU\n\n");
	return line ? line : 128;
}

/*
 * show_layout - run pahole on this program's own file, with lines of line bytes.
 * Returns nothing: without pahole the demo says how to get it and goes on.
 */
static void show_layout(size_t line)
{
	char exe[PATH_MAX], opt[40];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *argv[] = { "pahole", opt, "-C", "sample,sample_sorted", exe, NULL };
	pid_t pid;
	int status = 0, err;

	printf("== 2. A struct's layout, read by pahole from this program's DWARF\n");
	printf("C says: sizeof(struct sample) = %zu, sizeof(struct sample_sorted) = %zu\n",
	       sizeof(struct sample), sizeof(struct sample_sorted));
	if (n < 0) {
		printf("(cannot read /proc/self/exe: %s)\n\n", strerror(errno));
		return;
	}
	exe[n] = '\0';
	snprintf(opt, sizeof(opt), "--cacheline_size=%zu", line);
	printf("$ pahole %s -C sample,sample_sorted %s\n", opt, exe);
	fflush(stdout);
	err = posix_spawnp(&pid, "pahole", NULL, NULL, argv, environ);
	if (err == 0)
		waitpid(pid, &status, 0);
	if (err == ENOENT || (err == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127))
		printf("pahole is not installed: sudo apt-get install -y dwarves\n");
	else if (err)
		printf("could not start pahole: %s\n", strerror(err));
	printf("\n");
}

/* add_many - the body of each thread: ADDS atomic adds to one counter. */
static void add_many(void *p)
{
	uint64_t *counter = p;

	for (long i = 0; i < ADDS; i++)
		__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

/* The times of one configuration: after sorting, t[0] is the fastest run,
 * t[RUNS / 2] the median, t[RUNS - 1] the slowest. */
struct timing {
	uint64_t t[RUNS];
};

/*
 * race - RUNS runs of two threads adding to a and b, sorted; false when a
 * run could not be made.
 */
static bool race(const int cpu[2], uint64_t *a, uint64_t *b, struct timing *out)
{
	void (*const fn[2])(void *) = { add_many, add_many };
	void *const arg[2] = { a, b };

	for (int r = 0; r < RUNS; r++) {
		out->t[r] = bench_pair(cpu, fn, arg);
		if (!out->t[r])
			return false;
	}
	bench_median(out->t, RUNS);   /* sorts */
	return true;
}

/* show_timing - one line: median, and the spread of the runs. */
static void show_timing(const char *what, const struct timing *x)
{
	printf("%s: %7.1f ms  (median of %d runs; fastest %.1f, slowest %.1f)\n", what,
	       x->t[RUNS / 2] / 1e6, RUNS, x->t[0] / 1e6, x->t[RUNS - 1] / 1e6);
}

/* show_false_sharing - the same work on one shared line, then on two. */
static void show_false_sharing(size_t line)
{
	int cpu[2], ncpu;
	uint64_t *base, *a, *b_near, *b_far;
	struct timing same, apart;

	printf("== 3. False sharing: two threads, two counters, %ld atomic adds each\n", ADDS);
	if (!bench_pick_cpus(cpu, &ncpu)) {
		printf("only %d CPU available to this process: two threads would take turns\n"
		       "on it and never contend for a line at the same moment; skipped.\n", ncpu);
		return;
	}
	/* Two lines, starting on a line boundary, so "same line" and "one
	 * line apart" mean what they say. */
	base = aligned_alloc(line, 2 * line);
	if (!base) {
		perror("aligned_alloc");
		return;
	}
	memset(base, 0, 2 * line);
	a = base;
	b_near = base + 1;
	b_far = base + line / sizeof(*base);
	printf("threads pinned to CPU %d and CPU %d (of %d this process may use)\n",
	       cpu[0], cpu[1], ncpu);
	printf("counter a at %p: line %#lx\n", (void *)a, (unsigned long)((uintptr_t)a / line));
	printf("counter b at %p: line %#lx  (same line)\n", (void *)b_near,
	       (unsigned long)((uintptr_t)b_near / line));
	printf("counter b at %p: line %#lx  (next line)\n", (void *)b_far,
	       (unsigned long)((uintptr_t)b_far / line));
	if (race(cpu, a, b_near, &same) && race(cpu, a, b_far, &apart)) {
		double ratio = (double)same.t[RUNS / 2] / (double)apart.t[RUNS / 2];

		show_timing("one line shared ", &same);
		show_timing("one line each   ", &apart);
		/* Wall-clock times on a shared machine: say so when they do not
		 * separate (the slowest padded run as slow as the fastest
		 * shared one) or the effect is small, instead of a number that
		 * looks like a result. */
		if (same.t[0] <= apart.t[RUNS - 1] || ratio < 1.5)
			printf("sharing the line made the same work %.1fx slower: inconclusive, the runs "
			       "overlap or differ little (the machine is busy?); run it again\n", ratio);
		else
			printf("sharing the line made the same work %.1fx slower (every shared run was "
			       "slower than every padded one)\n", ratio);
	}
	/* Each thread added ADDS to its own counter, RUNS times per layout:
	 * a at the first address is shared by both layouts. Atomic adds lose
	 * nothing, even on one contended line: that is the point. */
	printf("final counts: a = %lu (%d runs x 2 layouts x %ld), b (near) = %lu, b (far) = %lu "
	       "(%d x %ld each): no add was lost, sharing costs only time\n",
	       (unsigned long)*a, RUNS, ADDS, (unsigned long)*b_near, (unsigned long)*b_far, RUNS, ADDS);
	free(base);
}

int main(int argc, char **argv)
{
	size_t line;

	if (argc > 1 && !strcmp(argv[1], "conn")) {
		printf("== 4. Your struct conn: a reader of its hot fields, a writer of its counters\n");
		return conn_race();
	}
	line = show_sizes();
	show_layout(line);
	show_false_sharing(line);
	printf("\n== 4. Your struct conn: a reader of its hot fields, a writer of its counters\n");
	return conn_race();
}
