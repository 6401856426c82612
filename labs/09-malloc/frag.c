/*
 * frag.c - section 3 of the demo: fragmentation, seen rather than told.
 *
 * A workload allocates many small records of mixed sizes; one in sixteen
 * lives long (the last one allocated among them, so one sits at the top
 * of the heap), the others are temporaries and are freed.  Then the heap is
 * mostly free memory, yet the break cannot come down: only the top chunk
 * can be given back with brk, and a live record sits just below it.
 * malloc_trim(0) gives back the whole free pages *inside* the heap
 * (madvise: RSS falls, the break stays).  Pictures: heapwalk.c.
 */
#include "demo.h"

#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "heapwalk.h"

enum { RECORDS = 16384, KEEP_EVERY = 64 };

/* The records, kept out of the heap (static) so that the picture shows
 * the workload only.  state: 0 live, 1 freed. */
static char *record[RECORDS];
static unsigned char freed[RECORDS];

/* owner - heapwalk's question: is block one of our records, live or freed?
 * Records are allocated in address order only roughly, so: a linear scan
 * would be slow; the records are sorted by address once per picture. */
static char *sorted[RECORDS];
static unsigned char sorted_freed[RECORDS];

static int owner(const void *block)
{
	size_t lo = 0, hi = RECORDS;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if ((const char *)block == sorted[mid])
			return sorted_freed[mid];
		if ((uintptr_t)sorted[mid] < (uintptr_t)block)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* sort_records - fill sorted[] by address (insertion sort on mostly
 * sorted input: the heap hands records out mostly upwards). */
static void sort_records(void)
{
	for (size_t i = 0; i < RECORDS; i++) {
		size_t j = i;

		while (j > 0 && (uintptr_t)sorted[j - 1] > (uintptr_t)record[i]) {
			sorted[j] = sorted[j - 1];
			sorted_freed[j] = sorted_freed[j - 1];
			j--;
		}
		sorted[j] = record[i];
		sorted_freed[j] = freed[i];
	}
}

/* picture - draw the heap now; say where the file is, or why not. */
static void picture(const char *name, const char *title)
{
	char path[4200];
	struct hw_totals t;

	snprintf(path, sizeof(path), "%s/%s", out_dir(), name);
	sort_records();
	if (hw_svg(path, title, owner, &t))
		printf("  picture: %s (%zu chunks: %zu KiB in use by the workload, %zu KiB "
		       "free in bins, %zu KiB kept aside, top %zu KiB)\n", path, t.chunks,
		       t.bytes[HW_LIVE] / 1024, t.bytes[HW_FREE] / 1024, t.bytes[HW_CACHED] / 1024,
		       t.bytes[HW_TOP] / 1024);
	else
		printf("  (no picture: the heap walk did not land on the break; is this "
		       "glibc's malloc, run natively?)\n");
}

/* report - mallinfo2's main figures, RSS and the break, on one line each. */
static void report(const char *when)
{
	struct mallinfo2 mi = mallinfo2();

	printf("%s:\n  heap from brk (arena) %7zu KiB, in use (uordblks) %7zu KiB, free "
	       "(fordblks) %7zu KiB,\n  of which trimmable at the top (keepcost) %zu KiB; "
	       "RSS %ld KiB; break %p\n", when, mi.arena / 1024, mi.uordblks / 1024,
	       mi.fordblks / 1024, mi.keepcost / 1024, rss_kib(), sbrk(0));
}

void section_fragmentation(void)
{
	uint32_t seed = 9;
	size_t live = 0;
	void *brk_before;
	long rss_before;

	printf("== 3. Fragmentation: mixed lifetimes pin the heap\n");
	printf("%d records of 100..299 bytes; every %dth lives long (the last one too), "
	       "the others are temporaries\n", RECORDS, KEEP_EVERY);
	for (size_t i = 0; i < RECORDS; i++) {
		seed = seed * 1103515245u + 12345u;
		record[i] = malloc(100 + (seed >> 16) % 200);
		if (!record[i]) {
			printf("  malloc failed; section skipped\n\n");
			return;
		}
		memset(record[i], 1, 100);   /* touch it, as a real program would */
	}
	picture("heap-before.svg", "The heap after allocating every record");
	report("all allocated");
	for (size_t i = 0; i < RECORDS; i++) {
		if (i % KEEP_EVERY != KEEP_EVERY - 1) {
			free(record[i]);
			freed[i] = 1;
		} else {
			live += malloc_usable_size(record[i]);
		}
	}
	picture("heap-after.svg", "The heap after freeing the temporaries: one record in 64 lives");
	report("temporaries freed");
	printf("  the workload holds %zu KiB, yet the break has not moved: the last "
	       "record\n  sits just below the top chunk and pins everything under it\n",
	       live / 1024);
	brk_before = sbrk(0);
	rss_before = rss_kib();
	malloc_trim(0);
	report("after malloc_trim(0)");
	printf("  => RSS %ld -> %ld KiB: trim gave back the whole free pages inside the heap "
	       "(madvise);\n     the break %s\n", rss_before, rss_kib(),
	       sbrk(0) == brk_before ? "did not move" : "moved too (the top chunk was trimmed)");
	brk_before = sbrk(0);
	for (size_t i = 0; i < RECORDS; i++)
		if (!freed[i]) {
			free(record[i]);
			freed[i] = 1;
		}
	report("long-lived records freed too");
	if (sbrk(0) < brk_before)
		printf("  => the free memory reaches the top now: free() itself lowered the "
		       "break by %td KiB\n\n", ((char *)brk_before - (char *)sbrk(0)) / 1024);
	else
		printf("  => the break stays: the chunks in the per-thread cache still look in "
		       "use and keep\n     the free memory from merging with the top chunk\n\n");
}
