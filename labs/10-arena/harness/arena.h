/*
 * arena.h - an arena allocator on chunks from mmap, with frames (lab 10).
 * You implement it in arena.c; the harness and the grader use only this.
 *
 *   chunk (mmap)                                               chunk end
 *   | header | blk |rz| blk |rz|  blk  |rz| ......... free .........|
 *                                         ^ next
 *
 * arena_alloc bumps `next` up: the block starts at next rounded up to its
 * alignment (16, or what arena_alloc_aligned asks), and at least
 * ARENA_REDZONE bytes that no block covers follow it (a red zone, where
 * the tools catch an overflow).  When a block does
 * not fit, a new chunk is mapped; a request bigger than a quarter of a
 * chunk gets a mapping of its own.  arena_push starts a frame;
 * arena_pop releases every block allocated since the matching push, all
 * at once.  Chunks left empty by a pop are unmapped, except one kept as a
 * spare (so that a loop of push, alloc, pop at a chunk's edge does not
 * map and unmap every time).
 *
 * Owner: the arena's user; lifetime: until the pop of the frame it was
 * allocated in (or arena_delete); initial content: none.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

enum {
	ARENA_REDZONE = 16,      /* bytes after each block that no block covers */
	ARENA_MIN_ALIGN = 16,    /* every block is aligned on at least this */
};

struct arena;   /* yours to define, in arena.c */

/*
 * arena_new - an empty arena whose chunks are chunk_size bytes (rounded up
 * to whole pages; at least one page).  Maps nothing yet.  Returns NULL
 * with errno ENOMEM when memory runs out.
 */
struct arena *arena_new(size_t chunk_size);

/*
 * arena_alloc - a block of size bytes (0 is allowed: a distinct block),
 * aligned on ARENA_MIN_ALIGN, like malloc's.  Blocks never overlap, and
 * each is followed by ARENA_REDZONE bytes no block covers.  Returns NULL
 * with errno ENOMEM when memory runs out (the arena is then unchanged).
 * This is the call that must be cheap: a handful of instructions.
 */
void *arena_alloc(struct arena *a, size_t size);

/*
 * arena_alloc_aligned - the same, aligned on align: a power of two up to
 * the page size (smaller than ARENA_MIN_ALIGN means ARENA_MIN_ALIGN).
 * Returns NULL with errno EINVAL for any other align.
 */
void *arena_alloc_aligned(struct arena *a, size_t size, size_t align);

/* arena_push - start a frame.  Returns 0, or -1 with errno ENOMEM (a frame
 * takes a few bytes of the arena). */
int arena_push(struct arena *a);

/*
 * arena_pop - release every block allocated since the matching arena_push,
 * and end that frame.  The next block may reuse their memory.  Returns 0,
 * or -1 with errno EINVAL when no frame is open.
 */
int arena_pop(struct arena *a);

/* What the arena holds from the kernel. */
struct arena_info {
	size_t chunks;    /* mappings it holds now (normal, own and spare) */
	size_t mapped;    /* their bytes */
};
void arena_info(const struct arena *a, struct arena_info *out);

/*
 * arena_delete - unmap everything, free the arena, set *ap to NULL.
 * Accepts NULL and a pointer to NULL: calling it twice is safe.
 */
void arena_delete(struct arena **ap);

#endif
