/*
 * curve.c - the memory latency curve: measure it, find the cache levels in
 * it, print the article's table, write a CSV and a gnuplot plot.
 *
 * How one point is measured (see curve.h for the picture):
 *   1. n = size / line nodes, one at the start of each line of a buffer;
 *   2. an order of the n nodes (random: a shuffle, read as a cycle;
 *      page by page: the pages shuffled, then the lines within each page;
 *      sequential: 0, 1, 2 ...; strided: 0, s, 2s ... mod n with
 *      gcd(s, n) = 1), each node storing the address of the next one;
 *   3. one warm-up lap, then `rounds` x 16 dependent loads p = *p, timed,
 *      a few times; the fastest repetition is kept (anything the machine
 *      does beside us only ever adds time).
 * Sizes are m/4 x 2^k bytes (m = 4..7), so the usual cache sizes (32 KiB,
 * 48 KiB, 1.25 MiB, 1.5 MiB, 6 MiB ...) are points of their own.
 */
#define _GNU_SOURCE
#include "curve.h"
#include "sysinfo.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define KIB		((size_t)1024)
#define MIB		(KIB * KIB)
#define HUGE_ALIGN	(2 * MIB)	/* x86_64's and arm64's (4 KiB granule) THP size */
#define MIN_BYTES	(4 * KIB)

static const char *const pattern_name[CURVE_PATTERNS] = {
	[CURVE_RANDOM] = "random",
	[CURVE_RANDOM_THP] = "random_thp",
	[CURVE_PAGEWISE] = "pagewise",
	[CURVE_STRIDED] = "strided",
	[CURVE_SEQUENTIAL] = "sequential",
};

/* now_ns - a monotonic clock, in nanoseconds. */
static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* rng_next - xorshift64*: fast, and good enough to shuffle a cycle. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

const char *curve_human(size_t bytes, char *buf, size_t size)
{
	if (bytes >= 1024 * MIB)
		snprintf(buf, size, "%.1f GiB", (double)bytes / (1024 * MIB));
	else if (bytes >= MIB && bytes % (MIB / 4) == 0)
		snprintf(buf, size, "%g MiB", (double)bytes / MIB);
	else if (bytes >= MIB)
		snprintf(buf, size, "%.1f MiB", (double)bytes / MIB);
	else if (bytes % KIB == 0)
		snprintf(buf, size, "%zu KiB", bytes / KIB);
	else
		snprintf(buf, size, "%.1f KiB", (double)bytes / KIB);
	return buf;
}

/*
 * measure_ghz - the core clock, from a chain of dependent additions (one
 * cycle each on every core this runs on).  /proc/cpuinfo's "cpu MHz" is the
 * nominal clock, and in a VM often not the one the core runs at.
 */
static double measure_ghz(const char **source)
{
#if defined(__x86_64__) || defined(__aarch64__)
	uint64_t x = 0;
	double best = 0;

	for (int rep = 0; rep < 5; rep++) {
		double t0 = now_ns(), t;

		for (int i = 0; i < 20000; i++) {
#if defined(__x86_64__)
#define ADD1 "add $1, %0\n\t"
#else
#define ADD1 "add %0, %0, #1\n\t"
#endif
#define ADD8 ADD1 ADD1 ADD1 ADD1 ADD1 ADD1 ADD1 ADD1
			__asm__ volatile(ADD8 ADD8 ADD8 ADD8 ADD8 ADD8 ADD8 ADD8 : "+r"(x));
		}
		t = now_ns() - t0;
		if (t > 0 && 20000.0 * 64 / t > best)
			best = 20000.0 * 64 / t;
	}
	*source = "measured: 64 dependent additions take 64 cycles";
	return best;
#else
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	double mhz = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "cpu MHz : %lf", &mhz) == 1)
			break;
	if (f)
		fclose(f);
	*source = mhz > 0 ? "/proc/cpuinfo's cpu MHz (nominal)" : NULL;
	return mhz / 1000;
#endif
}

/* read_size - a sysfs size such as "48K" or "2048K", in bytes; 0 if absent. */
static size_t read_size(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long v = 0;
	char unit = 0;
	int n;

	if (!f)
		return 0;
	n = fscanf(f, "%lu%c", &v, &unit);
	fclose(f);
	if (n < 1)
		return 0;
	return unit == 'K' ? v * KIB : unit == 'M' ? v * MIB : v;
}

/*
 * find_reported - the data caches of CPU 0 as sysfs describes them; where
 * there is no sysfs cache folder (some VMs), what glibc's sysconf reads from
 * the CPUID instruction.
 */
static void find_reported(struct curve *c)
{
	char path[128];

	c->nrep = 0;
	for (int i = 0; i < 16 && c->nrep < CURVE_MAX_LEVELS; i++) {
		char type[32] = "";
		int level = 0;
		FILE *f;

		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
		f = fopen(path, "r");
		if (!f)
			break;
		if (fscanf(f, "%31s", type) != 1)
			type[0] = '\0';
		fclose(f);
		if (strcmp(type, "Instruction") == 0)
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
		f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%d", &level) != 1)
				level = 0;
			fclose(f);
		}
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
		c->rep[c->nrep].level = level;
		c->rep[c->nrep].bytes = read_size(path);
		c->nrep++;
	}
	if (c->nrep) {
		c->rep_source = "sysfs";
		return;
	}
	static const int name[] = { _SC_LEVEL1_DCACHE_SIZE, _SC_LEVEL2_CACHE_SIZE,
				    _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL4_CACHE_SIZE };
	for (int l = 0; l < 4; l++) {
		long v = sysconf(name[l]);

		if (v > 0) {
			c->rep[c->nrep].level = l + 1;
			c->rep[c->nrep].bytes = (size_t)v;
			c->nrep++;
		}
	}
	c->rep_source = c->nrep ? "sysconf" : NULL;
}

/* map_buffer - bytes of anonymous memory aligned to HUGE_ALIGN, with THP
 * asked for (huge) or refused; NULL on failure.  *base and *len are what to
 * munmap. */
static char *map_buffer(size_t bytes, bool huge, void **base, size_t *len)
{
	size_t n = bytes + HUGE_ALIGN;
	char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + HUGE_ALIGN - 1) & ~(uintptr_t)(HUGE_ALIGN - 1));
	/* Not an error when it fails: a kernel without THP measures 4 KiB pages
	 * twice, and the table says how many bytes really were huge. */
	(void)madvise(a, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	*base = p;
	*len = n;
	return a;
}

/* huge_bytes - how many bytes of the mapping at addr are on huge pages, from
 * /proc/self/smaps (AnonHugePages of the mapping that holds addr). */
static size_t huge_bytes(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool in = false;
	size_t kb = 0;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
		else if (in && sscanf(line, "AnonHugePages: %zu kB", &kb) == 1)
			break;
	}
	if (f)
		fclose(f);
	return kb * KIB;
}

/* gcd - for a stride that visits every node of the cycle. */
static size_t gcd(size_t a, size_t b)
{
	while (b) {
		size_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* shuffle - v[0..n-1] in a random order (Fisher-Yates).  build_cycle
 * links each node to the next in that order and the last to the first:
 * one cycle through all of them, whatever the order. */
static void shuffle(uint32_t *v, size_t n, uint64_t *rng)
{
	for (size_t k = n; k > 1; k--) {
		size_t j = rng_next(rng) % k;
		uint32_t t = v[k - 1];

		v[k - 1] = v[j];
		v[j] = t;
	}
}

/*
 * build_cycle - link n nodes, line bytes apart in buf, into one cycle in the
 * order of pattern p.  order must hold n entries (scratch).
 */
static void build_cycle(char *buf, size_t n, size_t line, enum curve_pattern p,
			uint32_t *order, uint64_t *rng)
{
	size_t stride = 5;	/* lines: 320 bytes with 64-byte lines, within a page */
	size_t per_page = ml_page_size() / line;

	while (gcd(stride, n) != 1)
		stride++;
	if (per_page < 1 || per_page > n)
		per_page = n;
	for (size_t k = 0; k < n; k++)
		order[k] = p == CURVE_STRIDED ? (k * stride) % n : k;
	if (p == CURVE_RANDOM || p == CURVE_RANDOM_THP) {
		shuffle(order, n, rng);
	} else if (p == CURVE_PAGEWISE) {
		/* Pages in random order, then the lines of each page shuffled
		 * in place (the last page may be partial: 5 KiB is 1.25 pages). */
		size_t pages = (n + per_page - 1) / per_page, k = 0;
		uint32_t *pg = malloc(pages * sizeof(*pg));

		if (!pg) {	/* no memory for 1/16th of order: scatter instead */
			shuffle(order, n, rng);
		} else {
			for (size_t q = 0; q < pages; q++)
				pg[q] = (uint32_t)q;
			shuffle(pg, pages, rng);
			for (size_t q = 0; q < pages; q++) {
				size_t first = (size_t)pg[q] * per_page, len = n - first;

				if (len > per_page)
					len = per_page;
				for (size_t l = 0; l < len; l++)
					order[k + l] = (uint32_t)(first + l);
				shuffle(order + k, len, rng);
				k += len;
			}
			free(pg);
		}
	}
	for (size_t k = 0; k < n; k++)
		*(void **)(buf + (size_t)order[k] * line) =
			buf + (size_t)order[k + 1 < n ? k + 1 : 0] * line;
}

/* chase - rounds x 16 dependent loads around the cycle from p. */
static __attribute__((noinline)) void *chase(void *p, size_t rounds)
{
#define HOP p = *(void **)p;
	while (rounds--) {
		HOP HOP HOP HOP HOP HOP HOP HOP
		HOP HOP HOP HOP HOP HOP HOP HOP
	}
	return p;
#undef HOP
}

static void *volatile sink;	/* keeps the chase's result alive */

/*
 * time_cycle - ns per load around the cycle that starts at buf: a warm-up
 * lap, then reps timed runs of about target_ns each; the fastest wins.
 */
static double time_cycle(char *buf, size_t n, double target_ns, int reps)
{
	void *p = buf;
	double t0, t, best = INFINITY;
	size_t rounds;

	/* The warm-up lap brings a working set that fits some cache into it;
	 * beyond 64 Ki lines (4 MiB with 64-byte lines) none does, and a lap
	 * would only cost time: a few thousand loads then fill the TLB. */
	p = chase(p, (n <= (1u << 16) ? n : (1u << 13)) / 16 + 1);
	t0 = now_ns();
	p = chase(p, 256);
	t = now_ns() - t0;
	rounds = t > 0 ? (size_t)(target_ns / t * 256) : 1u << 16;
	if (rounds < 256)
		rounds = 256;
	if (rounds > (1u << 22))
		rounds = 1u << 22;
	for (int r = 0; r < reps; r++) {
		t0 = now_ns();
		p = chase(p, rounds);
		t = (now_ns() - t0) / ((double)rounds * 16);
		if (t < best)
			best = t;
	}
	sink = p;
	return best;
}

/* size_at - the i-th size: (4 + i % 4) / 4 x 2^(i / 4) x 4 KiB. */
static size_t size_at(size_t i)
{
	return (4 + i % 4) * (MIN_BYTES / 4) << (i / 4);
}

/* mem_cap - the largest working set worth trying: a quarter of the memory
 * available now, at most 1 GiB. */
static size_t mem_cap(void)
{
	long pages = sysconf(_SC_AVPHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
	size_t cap = 1024 * MIB;

	if (pages > 0 && psz > 0 && (size_t)pages * (size_t)psz / 4 < cap)
		cap = (size_t)pages * (size_t)psz / 4;
	return cap;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* median - the median of v[0..n-1] (n >= 1), v left sorted. */
static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return v[(n - 1) / 2];
}

/*
 * find_levels - the plateaus of the random curve.
 *   1. smooth: each point becomes the median of itself and its neighbours,
 *      so one disturbed point (another program took the CPU or filled the
 *      shared L3) cannot make or break a level;
 *   2. cut where the smoothed curve rises by more than 30 % from one point
 *      to the next, or by 60 % from the plateau's first point: the pieces
 *      are candidate plateaus;
 *   3. merge neighbours less than 1.6x apart (a slope split in two), and
 *      drop lone points (the middle of a step).
 * A level's size is its last point: the largest working set that still
 * had that latency.  The last level is memory.
 */
static void find_levels(struct curve *c)
{
	double s[CURVE_MAX_POINTS], v[CURVE_MAX_POINTS];
	size_t n = c->npt, i = 0;

	for (i = 0; i < n; i++) {
		size_t lo = i ? i - 1 : 0, hi = i + 1 < n ? i + 1 : n - 1;

		for (size_t k = lo; k <= hi; k++)
			v[k - lo] = c->pt[k].ns[CURVE_RANDOM];
		s[i] = median(v, hi - lo + 1);
	}
	c->nlvl = 0;
	for (i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && s[j + 1] <= s[j] * 1.3 && s[j + 1] <= s[i] * 1.6)
			j++;
		if (j > i && c->nlvl < CURVE_MAX_LEVELS) {
			struct curve_level *l = &c->lvl[c->nlvl];

			l->first = i;
			l->last = j;
			for (size_t k = i; k <= j; k++)
				v[k - i] = s[k];
			l->ns = median(v, j - i + 1);
			if (c->nlvl && c->lvl[c->nlvl - 1].ns * 1.6 > l->ns) {
				/* too close to the level before: one level */
				struct curve_level *p = &c->lvl[c->nlvl - 1];

				p->last = j;
				for (size_t k = p->first; k <= j; k++)
					v[k - p->first] = s[k];
				p->ns = median(v, j - p->first + 1);
			} else {
				c->nlvl++;
			}
		}
		i = j + 1;
	}
}

/* measure_pattern - pattern p at every point that has it in the schedule. */
static void measure_pattern(struct curve *c, enum curve_pattern p, size_t from, char *buf,
			    uint32_t *order, uint64_t *rng, double target, int reps)
{
	for (size_t i = from; i < c->npt; i++) {
		struct curve_point *pt = &c->pt[i];
		size_t n = pt->bytes / c->line;
		/* Every point for random; every other one for the rest, and
		 * THP only from 256 KiB, where the TLB's reach starts to end. */
		bool want = p == CURVE_RANDOM ||
			    (i % 2 == 0 && (p != CURVE_RANDOM_THP || pt->bytes >= 256 * KIB));

		if (!want)
			continue;
		build_cycle(buf, n, c->line, p, order, rng);
		pt->ns[p] = time_cycle(buf, n, target, reps);
		if (isatty(2))
			fprintf(stderr, "\r  %-14s %10zu bytes: %7.2f ns   ", pattern_name[p], pt->bytes,
				pt->ns[p]);
	}
}

/* last_cache_end - the largest working set that stayed in a cache, or 0. */
static size_t last_cache_end(const struct curve *c)
{
	return c->nlvl >= 2 ? c->pt[c->lvl[c->nlvl - 2].last].bytes : 0;
}

int curve_measure(struct curve *c, bool quick)
{
	const char *src;
	double t0 = now_ns();
	/* Short timed runs, many of them: a run the scheduler interrupts is
	 * thrown away by taking the fastest, and a short one is rarely hit. */
	double target = quick ? 0.3e6 : 1.0e6;	/* ns per timed run */
	int reps = 5;
	size_t cap = mem_cap(), max = quick ? 32 * MIB : 64 * MIB, from = 0;
	uint64_t rng = 0x9E3779B97F4A7C15ULL;

	memset(c, 0, sizeof(*c));
	c->quick = quick;
	c->line = ml_cache_line_size(&src);
	if (c->line < sizeof(void *))
		c->line = 64;
	c->ghz = measure_ghz(&c->ghz_source);
	find_reported(c);
	if (max > cap)
		max = cap;
	for (;;) {
		void *base = NULL, *hbase = NULL;
		size_t len = 0, hlen = 0, n0 = c->npt;
		uint32_t *order;
		char *buf, *huge;

		/* Quick: 1x and 1.5x of each power of two; full: all four. */
		for (size_t i = 0; size_at(i) <= max && c->npt < CURVE_MAX_POINTS; i++) {
			if (size_at(i) <= (n0 ? c->pt[n0 - 1].bytes : 0) || (quick && i % 2))
				continue;
			c->pt[c->npt].bytes = size_at(i);
			for (int p = 0; p < CURVE_PATTERNS; p++)
				c->pt[c->npt].ns[p] = -1;
			c->npt++;
		}
		order = malloc(max / c->line * sizeof(*order));
		buf = map_buffer(max, false, &base, &len);
		huge = map_buffer(max, true, &hbase, &hlen);
		if (!order || !buf || !huge) {
			free(order);
			if (buf)
				munmap(base, len);
			if (huge)
				munmap(hbase, hlen);
			return -1;
		}
		memset(huge, 0, max);	/* fault it in now: the kernel picks huge pages here */
		c->thp_bytes = max;
		c->thp_huge = huge_bytes(huge);
		for (int p = 0; p < CURVE_PATTERNS; p++)
			measure_pattern(c, p, from, p == CURVE_RANDOM_THP ? huge : buf, order, &rng,
					target, reps);
		munmap(base, len);
		munmap(hbase, hlen);
		free(order);
		find_levels(c);
		/* At least 4x the last level the curve shows, as memory allows. */
		from = c->npt;
		if (max >= 4 * last_cache_end(c) || max * 2 > cap || c->npt >= CURVE_MAX_POINTS)
			break;
		while (max < 4 * last_cache_end(c) && max * 2 <= cap)
			max *= 2;
	}
	if (isatty(2))
		fprintf(stderr, "\r%60s\r", "");
	c->seconds = (now_ns() - t0) / 1e9;
	return 0;
}

/* reported_for - the reported size of cache level l (1-based), or 0. */
static size_t reported_for(const struct curve *c, int l)
{
	for (size_t i = 0; i < c->nrep; i++)
		if (c->rep[i].level == l)
			return c->rep[i].bytes;
	return 0;
}

/* ns_at - pattern p at the last point of level l measured with p, or -1. */
static double ns_at(const struct curve *c, size_t l, enum curve_pattern p)
{
	for (size_t i = c->lvl[l].last + 1; i-- > c->lvl[l].first;)
		if (c->pt[i].ns[p] >= 0)
			return c->pt[i].ns[p];
	return -1;
}

void curve_print_table(const struct curve *c)
{
	char a[32], b[32];
	long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
	size_t ncache = c->nlvl ? c->nlvl - 1 : 0, nrep_levels = 0;

	for (size_t i = 0; i < c->nrep; i++)
		if (c->rep[i].level > (int)nrep_levels)
			nrep_levels = (size_t)c->rep[i].level;
	printf("%-8s %-14s %-16s %9s %8s %12s\n", "level", "size (curve)",
	       c->rep_source ? (strcmp(c->rep_source, "sysfs") == 0 ? "size (sysfs)" : "size (sysconf)")
			     : "size (reported)",
	       "ns/load", "cycles", "huge pages");
	for (size_t l = 0; l < c->nlvl; l++) {
		bool mem = l == c->nlvl - 1;
		size_t rep = mem ? 0 : reported_for(c, (int)l + 1);
		double thp = ns_at(c, l, CURVE_RANDOM_THP);
		char name[16];

		if (mem)
			snprintf(name, sizeof(name), "memory");
		else if (l < nrep_levels || !nrep_levels)
			snprintf(name, sizeof(name), "L%zu%s", l + 1, l == 0 ? "d" : "");
		else
			snprintf(name, sizeof(name), "step %zu", l + 1);
		printf("%-8s %-14s %-16s %9.1f ", name,
		       mem ? "-" : curve_human(c->pt[c->lvl[l].last].bytes, a, sizeof(a)),
		       mem ? (pages > 0 && psz > 0 ? curve_human((size_t)pages * (size_t)psz, b, sizeof(b)) : "?")
			   : rep ? curve_human(rep, b, sizeof(b)) : "-",
		       c->lvl[l].ns);
		if (c->ghz > 0)
			printf("%8.0f", c->lvl[l].ns * c->ghz);
		else
			printf("%8s", "?");
		if (thp >= 0)
			printf(" %9.1f ns\n", thp);
		else
			printf(" %12s\n", "-");
	}
	if (c->ghz > 0)
		printf("cycles at %.2f GHz (%s)\n", c->ghz, c->ghz_source);
	if (!c->rep_source)
		printf("note: neither sysfs nor sysconf reports the cache sizes here\n");
	else if (strcmp(c->rep_source, "sysconf") == 0)
		printf("note: no /sys/devices/system/cpu/cpu0/cache here (common in VMs); "
		       "the sizes are glibc's sysconf, read from the CPUID instruction\n");
	for (size_t l = 0; l < ncache && l < nrep_levels; l++) {
		size_t rep = reported_for(c, (int)l + 1), got = c->pt[c->lvl[l].last].bytes;

		if (rep && (got * 10 < rep * 6 || got * 10 > rep * 15)) {
			printf("note: L%zu disagrees: the curve steps after %s, %s reports %s",
			       l + 1, curve_human(got, a, sizeof(a)), c->rep_source, curve_human(rep, b, sizeof(b)));
			if (rep > 64 * MIB)
				printf(" (a VM is often told the host's whole cache, not its share)");
			printf("\n");
		}
	}
	if (ncache > nrep_levels && nrep_levels)
		printf("note: the curve has %zu steps before memory, the system reports %zu cache levels: "
		       "the others are the TLB's (compare the huge-pages column and the page-by-page "
		       "curve) or a cache shared with other VMs\n", ncache, nrep_levels);
	for (size_t i = 0; i < c->nrep; i++)
		if (c->rep[i].level > (int)ncache && c->rep[i].bytes)
			printf("note: %s reports an L%d of %s that the curve does not show as a level of its own\n",
			       c->rep_source, c->rep[i].level, curve_human(c->rep[i].bytes, a, sizeof(a)));
	if (c->thp_bytes)
		printf("huge pages: %s of the %s buffer (AnonHugePages in /proc/self/smaps)\n",
		       curve_human(c->thp_huge, a, sizeof(a)), curve_human(c->thp_bytes, b, sizeof(b)));
	printf("%zu working sets from %s to %s, %s mode, in %.1f s\n", c->npt,
	       curve_human(c->pt[0].bytes, a, sizeof(a)), curve_human(c->pt[c->npt - 1].bytes, b, sizeof(b)),
	       c->quick ? "quick" : "full", c->seconds);
}

/* at_size - the measured point nearest bytes (for the comparisons below). */
static const struct curve_point *at_size(const struct curve *c, size_t bytes, enum curve_pattern p)
{
	const struct curve_point *best = NULL;

	for (size_t i = 0; i < c->npt; i++)
		if (c->pt[i].ns[p] >= 0 && (!best || labs((long)(c->pt[i].bytes - bytes)) <
						     labs((long)(best->bytes - bytes))))
			best = &c->pt[i];
	return best;
}

/* print_patterns - the other curves, at the largest size: what the prefetcher
 * and the huge pages changed. */
static void print_patterns(const struct curve *c)
{
	const struct curve_point *big = at_size(c, c->pt[c->npt - 1].bytes, CURVE_RANDOM_THP);
	char a[32];

	if (!big)
		return;
	printf("at %s, ns per load: random %.1f, the same on huge pages %.1f; page by page %.1f;\n"
	       "strided %.1f; sequential %.1f\n", curve_human(big->bytes, a, sizeof(a)),
	       big->ns[CURVE_RANDOM], big->ns[CURVE_RANDOM_THP], big->ns[CURVE_PAGEWISE],
	       big->ns[CURVE_STRIDED], big->ns[CURVE_SEQUENTIAL]);
}

/* write_gnuplot - the plot script: log axes, one curve per pattern, the
 * reported sizes as dashed lines, the levels found as dotted ones. */
static int write_gnuplot(const struct curve *c, const char *dir, const char *gp)
{
	FILE *f = fopen(gp, "w");
	char a[32];

	if (!f)
		return -1;
	fprintf(f, "# Generated by the latency tool of lab 03-locality: gnuplot %s\n", gp);
	fprintf(f, "set datafile separator ','\nset datafile missing ''\n"
		   "set key top left autotitle columnhead noenhanced\n"
		   "set logscale xy 2\nset grid\nset xlabel 'working set'\n"
		   "set ylabel 'ns per load (dependent loads)'\n");
	fprintf(f, "set title 'Memory latency on this machine (%s mode, line %zu bytes)'\n",
		c->quick ? "quick" : "full", c->line);
	fprintf(f, "set xtics (");
	for (size_t b = MIN_BYTES, k = 0; b <= c->pt[c->npt - 1].bytes; b *= 4, k++)
		fprintf(f, "%s\"%s\" %zu", k ? ", " : "", curve_human(b, a, sizeof(a)), b);
	fprintf(f, ")\n");
	for (size_t i = 0; i < c->nrep; i++) {
		if (!c->rep[i].bytes || c->rep[i].bytes > c->pt[c->npt - 1].bytes)
			continue;
		fprintf(f, "set arrow from %zu, graph 0 to %zu, graph 1 nohead dt 2 lc rgb 'gray40'\n",
			c->rep[i].bytes, c->rep[i].bytes);
		fprintf(f, "set label 'L%d %s: %s' at %zu, graph 0.97 rotate by 90 right font ',8'\n",
			c->rep[i].level, c->rep_source, curve_human(c->rep[i].bytes, a, sizeof(a)),
			c->rep[i].bytes);
	}
	for (size_t l = 0; l + 1 < c->nlvl; l++) {
		size_t b = c->pt[c->lvl[l].last].bytes;

		fprintf(f, "set arrow from %zu, graph 0 to %zu, graph 1 nohead dt 3 lc rgb 'red'\n", b, b);
		fprintf(f, "set label 'curve: level %zu ends near %s' at %zu, graph 0.03 rotate by 90 "
			   "left font ',8' tc rgb 'red'\n", l + 1, curve_human(b, a, sizeof(a)), b);
	}
	/* An empty field is a point that pattern has not measured: missing
	 * points are skipped and the line goes on to the next one. */
	fprintf(f, "plot for [col=2:%d] '%s/latency.csv' using 1:col with linespoints pt 7 ps 0.5\n",
		CURVE_PATTERNS + 1, dir);
	return fclose(f) ? -1 : 0;
}

/* run_gnuplot - gnuplot with the terminal set, on script gp, into out. */
static int run_gnuplot(const char *term, const char *out, const char *gp)
{
	char setup[PATH_MAX + 128];
	char *argv[] = { "gnuplot", "-e", setup, (char *)gp, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = 0, err;

	snprintf(setup, sizeof(setup), "set terminal %s size 900,560; set output '%s'", term, out);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 01, 0);	/* O_WRONLY */
	err = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return err == ENOENT ? 127 : -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int curve_write(const struct curve *c, const char *dir)
{
	char csv[PATH_MAX], gp[PATH_MAX], svg[PATH_MAX], png[PATH_MAX];
	FILE *f;
	int rc;

	print_patterns(c);
	snprintf(csv, sizeof(csv), "%s/latency.csv", dir);
	snprintf(gp, sizeof(gp), "%s/latency.gp", dir);
	snprintf(svg, sizeof(svg), "%s/latency.svg", dir);
	snprintf(png, sizeof(png), "%s/latency.png", dir);
	f = fopen(csv, "w");
	if (!f) {
		fprintf(stderr, "latency: cannot write %s: %s\n", csv, strerror(errno));
		return -1;
	}
	fprintf(f, "bytes");
	for (int p = 0; p < CURVE_PATTERNS; p++)
		fprintf(f, ",%s_ns", pattern_name[p]);
	fprintf(f, "\n");
	for (size_t i = 0; i < c->npt; i++) {
		fprintf(f, "%zu", c->pt[i].bytes);
		for (int p = 0; p < CURVE_PATTERNS; p++)
			if (c->pt[i].ns[p] >= 0)
				fprintf(f, ",%.3f", c->pt[i].ns[p]);
			else
				fprintf(f, ",");
		fprintf(f, "\n");
	}
	if (fclose(f) || write_gnuplot(c, dir, gp)) {
		fprintf(stderr, "latency: cannot write %s or %s: %s\n", csv, gp, strerror(errno));
		return -1;
	}
	printf("table as CSV: %s\n", csv);
	rc = run_gnuplot("svg dynamic", svg, gp);
	if (rc == 127) {
		printf("plot: gnuplot is not installed (sudo apt-get install -y gnuplot-nox); "
		       "the script is %s\n", gp);
		return 0;
	}
	if (rc == 0)
		rc = run_gnuplot("pngcairo", png, gp);
	if (rc == 0)
		printf("plot: %s\n      %s\n", svg, png);
	else
		printf("plot: gnuplot failed (status %d) on %s\n", rc, gp);
	return 0;
}

const char *curve_build_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n <= 0)
		return strcpy(buf, ".");
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return buf;
}
