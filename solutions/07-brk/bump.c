/*
 * bump.c - a bump allocator on the program break.
 *
 * You edit this file (and no other: the grader takes only bump.c from you).
 *
 * What you will learn: how a program gets memory straight from the kernel
 * with brk/sbrk, why an allocator asks for whole pages at a time, how
 * RLIMIT_DATA caps the break, and why the break is shared with malloc.
 *
 * What to edit: the four TODO steps, in order; the interface and the
 * picture of the area are in harness/bump.h.  Each TODO matches a step of the
 * handout (README.md).  (This is the reference solution: each TODO became
 * a comment saying why the code is right.)
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

/* align_up - x rounded up to a multiple of a (a power of two). */
static uintptr_t align_up(uintptr_t x, uintptr_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* area_begin - start a new, empty area at the current break. */
static void area_begin(void)
{
	area.start = area.next = area.end = (uintptr_t)sbrk(0);
}

void *bump_alloc(size_t n)
{
	uintptr_t p, need, new_end;

	/*
	 * No break can grow by half the address space: refusing such sizes
	 * here also keeps the additions below from wrapping around, which
	 * would turn a huge request into a tiny block.
	 */
	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	if (area.end == 0)
		area_begin();

	/*
	 * The block starts at the next multiple of BUMP_ALIGN, whatever the
	 * break was when the area began, and takes a multiple of BUMP_ALIGN
	 * bytes, so that the block after it is aligned too.
	 */
	p = align_up(area.next, BUMP_ALIGN);
	need = align_up(n, BUMP_ALIGN);

	if (p + need > area.end) {
		/*
		 * Growing starts from the break as it is now.  If someone else
		 * moved it (malloc), the bytes between our end and the break
		 * are theirs: give up the rest of our area and begin a new one
		 * above theirs.
		 */
		if ((uintptr_t)sbrk(0) != area.end) {
			area_begin();
			p = align_up(area.next, BUMP_ALIGN);
		}
		/* Whole pages: one brk serves many small blocks after this one. */
		new_end = align_up(p + need, ml_page_size());
		/*
		 * sbrk reports failure as (void *)-1 with errno set to ENOMEM
		 * (RLIMIT_DATA reached, or no room); nothing changed, so the
		 * allocator is still usable for smaller requests.
		 */
		if (sbrk((intptr_t)(new_end - area.end)) == (void *)-1)
			return NULL;
		area.end = new_end;
	}
	area.next = p + need;
	return (void *)p;
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
	uintptr_t m = (uintptr_t)mark;

	if (area.end == 0)
		return;
	/*
	 * A mark outside the current area was taken before we had to leave
	 * an area behind (malloc moved the break): everything in this area
	 * came after it.  The old area's tail stays lost; it lies below
	 * malloc's memory and we no longer track it.
	 */
	if (m < area.start || m > area.end)
		m = area.start;
	area.next = m;
	/*
	 * Shrink only a break that is still ours: if sbrk(0) moved since we
	 * last set it, the pages above area.end hold someone else's blocks,
	 * and lowering the break would unmap them under their owner's feet.
	 * The kernel frees every page that lies wholly above the new break.
	 */
	if ((uintptr_t)sbrk(0) != area.end || m == area.end)
		return;
	if (sbrk(-(intptr_t)(area.end - m)) != (void *)-1)
		area.end = m;
}
