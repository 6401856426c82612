/*
 * curve.h - the memory latency curve of the machine this runs on.
 *
 * The article's table was made by "a small program that traverses randomly a
 * memory range on various memory sizes": this is that program.  For each
 * working-set size, one node per cache line is linked into a single cycle in
 * random order, and a pointer is chased around it: every load depends on
 * the one before, so its time is the latency of wherever the line lives
 * (L1d, L2, L3 or memory), with no overlap and nothing for a prefetcher to
 * guess.  Most loads of the main curve land on another page than the one
 * before (as in lmbench's lat_mem_rd -t), so a large working set pays a
 * TLB miss too; beside it: the same on huge pages (THP, madvise: the TLB's
 * share), the lines of one page before the next page (pages in random
 * order), and the cycle in address order (sequential) or with a fixed
 * stride: what a prefetcher does when it can guess.
 *
 *   one node per line, in a shuffled order closed into a ring (one cycle):
 *
 *     line:  0     1     2     3     4     5
 *          +-----+-----+-----+-----+-----+-----+
 *          | ->3 | ->5 | ->0 | ->4 | ->1 | ->2 |    0 -> 3 -> 4 -> 1 -> 5 -> 2 -> 0
 *          +-----+-----+-----+-----+-----+-----+
 *
 * Times are wall-clock and belong to the demo and the latency tool only:
 * nothing here is ever graded.
 */
#ifndef CURVE_H
#define CURVE_H

#include <stdbool.h>
#include <stddef.h>

/* The access patterns measured, one column of the CSV and one curve each. */
enum curve_pattern {
	CURVE_RANDOM,		/* every line anywhere: most loads land on another
				 * page, as in lmbench's lat_mem_rd -t (the main curve) */
	CURVE_RANDOM_THP,	/* the same, on transparent huge pages */
	CURVE_PAGEWISE,		/* pages in random order, the lines of each page
				 * shuffled: one TLB miss per page at most */
	CURVE_STRIDED,		/* every line, a fixed stride apart (mod the size) */
	CURVE_SEQUENTIAL,	/* every line, in address order */
	CURVE_PATTERNS
};

/* One working-set size; ns[p] < 0 when pattern p was not measured there. */
struct curve_point {
	size_t bytes;
	double ns[CURVE_PATTERNS];
};

/* A cache size, as a source other than the curve reports it. */
struct curve_reported {
	int level;		/* 1, 2, 3 ... */
	size_t bytes;		/* 0: unknown */
};

/* A plateau of the random curve: one level of the hierarchy. */
struct curve_level {
	size_t first, last;	/* indexes of its first and last points */
	double ns;		/* median latency on the plateau */
};

#define CURVE_MAX_POINTS	160
#define CURVE_MAX_LEVELS	8

struct curve {
	bool quick;			/* the demo's short run */
	size_t line;			/* node spacing: the L1d line size */
	double ghz;			/* core clock measured here, 0 if unknown */
	const char *ghz_source;
	size_t thp_bytes, thp_huge;	/* the THP run: mapping size, bytes on huge pages */
	struct curve_point pt[CURVE_MAX_POINTS];
	size_t npt;
	struct curve_level lvl[CURVE_MAX_LEVELS];
	size_t nlvl;			/* plateaus found; the last is memory */
	struct curve_reported rep[CURVE_MAX_LEVELS];
	size_t nrep;
	const char *rep_source;		/* "sysfs", "sysconf" or NULL */
	double seconds;			/* wall-clock time of the whole measurement */
};

/*
 * curve_measure - measure c (quick: the demo's short run, about 2 s; else
 * the full run, under 10 s).  Working sets go from 4 KiB to at least four
 * times the largest cache the curve shows (and the size the reported last
 * level suggests, when memory allows).  Progress goes to stderr.
 * Returns 0, or -1 when no memory could be mapped (errno set).
 */
int curve_measure(struct curve *c, bool quick);

/* curve_print_table - the article's table for c, and how c compares with it. */
void curve_print_table(const struct curve *c);

/*
 * curve_write - dir/latency.csv, dir/latency.gp, and (when gnuplot runs)
 * dir/latency.svg and dir/latency.png.  Prints each file it wrote.
 * Returns 0, or -1 when the CSV could not be written (gnuplot missing is not
 * an error: it says how to get it).
 */
int curve_write(const struct curve *c, const char *dir);

/* curve_build_dir - the folder the program lives in (build/03-locality/), in
 * buf; falls back to "." when /proc/self/exe cannot be read. */
const char *curve_build_dir(char *buf, size_t size);

/* curve_human - bytes as "48 KiB", "1.5 MiB" into buf. */
const char *curve_human(size_t bytes, char *buf, size_t size);

#endif
