/*
 * bump.c - a bump allocator on the program break.
 *
 * You edit this file (and no other: the grader takes only bump.c from you).
 *
 * What you will learn: how a program gets memory straight from the kernel
 * with brk/sbrk, why an allocator asks for whole pages at a time, how
 * RLIMIT_DATA caps the break, and why the break is shared with malloc.
 *
 * What to edit: the four TODO steps below, in order; the interface and the
 * picture of the area are in harness/bump.h.  Each TODO matches a step of the
 * handout (README.md).  As shipped, every bump_alloc asks the kernel for
 * exactly n bytes: it works, but it is slow, misaligned and unsafe.
 *
 * Check your work: make grade LAB=07
 * Man pages: brk(2) (sbrk too), getrlimit(2) (RLIMIT_DATA), sysconf(3),
 * errno(3), proc(5) (/proc/self/maps, VmData in /proc/self/status).
 */
#include "bump.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "sysinfo.h"

/* The allocator's state: see the picture in harness/bump.h. */
static struct {
	uintptr_t start;   /* the break when the current area began */
	uintptr_t next;    /* first byte not handed out yet */
	uintptr_t end;     /* the break as this allocator last set it */
} area;

/* area_begin - start a new, empty area at the current break. */
static void area_begin(void)
{
	area.start = area.next = area.end = (uintptr_t)sbrk(0);
}

void *bump_alloc(size_t n)
{
	void *p;

	/*
	 * TODO 1: hand out 16-byte aligned blocks.  Write align_up(x, a),
	 * x rounded up to a multiple of a power of two a, and use it twice:
	 * the block starts at align_up(area.next, BUMP_ALIGN) (the break may
	 * start anywhere: the grader moves it by one byte first), and it takes
	 * align_up(n, BUMP_ALIGN) bytes, so that the next block is aligned too.
	 * When it works: every address bump_alloc returns ends in 0 in hex.
	 *
	 * TODO 2: grow the break in whole pages, and only when a block does
	 * not fit below area.end.  Then: if sbrk(0) is no longer area.end,
	 * malloc has moved the break: begin a new area there (area_begin).
	 * Grow by sbrk() so that the new end is the block's end rounded up to
	 * a page (ml_page_size(), never 4096).  When it works: 10,000 blocks
	 * of 16 bytes cost about 40 brk calls with 4 KiB pages, not 10,000
	 * (count them: strace -e trace=brk).
	 *
	 * TODO 3: fail cleanly.  sbrk returns (void *)-1, not NULL, when the
	 * break cannot grow (RLIMIT_DATA), with errno already ENOMEM: return
	 * NULL then, and leave area as it was.  Refuse a size no break could
	 * hold (n > SIZE_MAX / 2) with errno = ENOMEM before any arithmetic
	 * on it can wrap around.  When it works: under `ulimit -d`, bump_alloc
	 * returns NULL instead of a pointer that crashes.
	 */
	if (area.end == 0)
		area_begin();
	p = sbrk((intptr_t)n);
	area.next = area.end = (uintptr_t)sbrk(0);
	return p;
}

void *bump_mark(void)
{
	/* Before the first block, the mark is the break itself. */
	if (area.end == 0)
		area_begin();
	return (void *)area.next;
}

void bump_release(void *mark)
{
	/*
	 * TODO 4: take back every block handed out since mark.  Set area.next
	 * to mark (a mark below area.start, from an area you had to leave,
	 * means the whole current area).  Then give the pages back: lower the
	 * break to mark with sbrk(-(area.end - mark)), but ONLY if sbrk(0) is
	 * still area.end; if malloc (or printf, which mallocs) moved the break
	 * since, the pages above are malloc's and must stay.  When it works:
	 * a full release puts sbrk(0) back where it was before the first block.
	 */
	(void)mark;
}
