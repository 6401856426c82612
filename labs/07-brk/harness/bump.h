/*
 * bump.h - a bump allocator on the program break (lab 07-brk).
 *
 * The harness and the grader call these three functions; you write them in
 * bump.c.  The break is the end of the [heap] mapping: sbrk(0) reads it,
 * sbrk(+n) grows it, sbrk(-n) shrinks it, and the kernel maps or unmaps
 * whole pages as it moves.
 *
 *   area start             next              end  == sbrk(0), while it is ours
 *   |                      |                 |
 *   [blk][ blk  ][blk][blk]..... spare ......|   unmapped above
 *   <---- handed out ----> <- already ours ->
 *
 * A block is handed out by moving `next` up (that is all a bump allocator
 * does); the break moves only when a block does not fit below `end`, and
 * then by whole pages, so most calls cost no system call at all.  A mark is
 * a saved `next`: releasing to it takes back every block handed out since.
 *
 * The break is shared by the whole process: glibc's malloc (and so printf,
 * fopen, ...) grows it too.  When sbrk(0) is no longer `end`, the memory
 * above `end` belongs to someone else: never hand it out, never shrink it.
 */
#ifndef BUMP_H
#define BUMP_H

#include <stddef.h>

/* Every block starts at a multiple of this: enough for any type on x86_64
 * and arm64 (what malloc guarantees too, see max_align_t). */
#define BUMP_ALIGN 16

/*
 * bump_alloc - a block of at least n bytes, aligned on BUMP_ALIGN, that lies
 * below the break and overlaps no other live block.  Its content is zero the
 * first time the kernel hands the page out, and whatever was left there after
 * a release.  bump_alloc(0) returns an aligned pointer you must not use.
 * Returns NULL with errno == ENOMEM when the break cannot grow (RLIMIT_DATA,
 * or no room left in the address space); the allocator stays usable.
 */
void *bump_alloc(size_t n);

/*
 * bump_mark - the address where the next block would begin (before it is
 * aligned).  Taken before the first bump_alloc, it is the current break.
 */
void *bump_mark(void);

/*
 * bump_release - take back every block handed out since bump_mark()
 * returned mark; they must not be used any more.  Marks are released in
 * stack order (the latest first).  The break goes back down to mark, but
 * only while sbrk(0) is still where this allocator left it: if anyone else
 * (malloc) has moved the break since, the pages above are theirs and the
 * break stays.  A mark from an area the allocator has left (see bump.c)
 * releases everything in the current area.
 */
void bump_release(void *mark);

#endif
