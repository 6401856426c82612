/*
 * alternative: grows the break in chunks of 16 pages with brk() (absolute
 * addresses, not sbrk increments), falls back to just the pages a block
 * needs when a chunk does not fit under RLIMIT_DATA, keeps char pointers,
 * and leaves the break alone for a mark from an area it has left.
 *
 * bump.c - a bump allocator on the program break, growing by chunks.
 */
#include "bump.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "sysinfo.h"

/* Sixteen pages per brk call: fewer system calls, a little more memory. */
#define CHUNK_PAGES 16

static char *first;   /* the break when the current area began */
static char *cur;     /* first free byte */
static char *top;     /* the break as we last set it; NULL before any use */

/* round_up - p moved up to a multiple of a (a power of two). */
static char *round_up(char *p, size_t a)
{
	return (char *)(((uintptr_t)p + a - 1) & ~(uintptr_t)(a - 1));
}

/* begin_here - a new, empty area at the current break. */
static void begin_here(void)
{
	first = cur = top = sbrk(0);
}

/* move_break - set the break to want; 0 on success, -1 (errno set) if not. */
static int move_break(char *want)
{
	if (brk(want) != 0)
		return -1;
	/* brk() updates glibc's idea of the break, so sbrk(0) sees it too. */
	top = want;
	return 0;
}

/* grow_to - make [.., end) ours: a chunk if possible, else just enough. */
static int grow_to(char *end)
{
	size_t page = ml_page_size();
	char *want = round_up(end, page);

	if (move_break(round_up(want + (CHUNK_PAGES - 1) * page, page)) == 0)
		return 0;
	return move_break(want);
}

void *bump_alloc(size_t n)
{
	char *p;
	size_t size;

	if (n > PTRDIFF_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	size = (n + BUMP_ALIGN - 1) & ~(size_t)(BUMP_ALIGN - 1);
	if (!top)
		begin_here();
	p = round_up(cur, BUMP_ALIGN);
	if ((size_t)(top - p) < size || p > top) {
		if (sbrk(0) != top) {
			begin_here();
			p = round_up(cur, BUMP_ALIGN);
		}
		if (grow_to(p + size) != 0) {
			errno = ENOMEM;
			return NULL;
		}
	}
	cur = p + size;
	return p;
}

void *bump_mark(void)
{
	if (!top)
		begin_here();
	return cur;
}

void bump_release(void *mark)
{
	char *m = mark;

	if (!top)
		return;
	if (m < first || m > top) {
		/* From an area left behind: all of this one is newer.  Keep its
		 * pages for the next blocks rather than guess whose they are. */
		cur = first;
		return;
	}
	cur = m;
	if (sbrk(0) == top) {
		/* Back to the page boundary at or above the mark; a mark at the
		 * very start of the area gives everything back. */
		char *want = m == first ? first : round_up(m, ml_page_size());

		if (want < top)
			move_break(want);
	}
}
