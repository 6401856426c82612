/*
 * arena.c - an arena allocator on chunks from mmap, with frames.
 * You edit this file.  (Reference solution.)
 *
 * What you will learn: why a bump allocator costs a few instructions per
 * block where malloc costs a hundred, how frames release thousands of
 * blocks at once, why an allocator keeps a spare chunk, and how to tell
 * valgrind and AddressSanitizer about blocks they did not hand out.
 *
 * The chunks form a stack; blocks come from the top one:
 *
 *   a->cur -> [chunk | blk rz blk rz ... next.....limit rz end] -> prev -> [chunk | ...]
 *   a->own -> [chunk | one big block rz] -> ...     (depth: the frame it belongs to)
 *   a->spare: one empty chunk, kept
 *
 * A frame is a small block of the arena itself, recording where `next`
 * was when it was pushed; popping goes back there, unmapping (or keeping
 * as the spare) every chunk stacked since.  For the tools, each chunk is a
 * valgrind mempool: a block is a MEMPOOL_ALLOC, a pop a MEMPOOL_TRIM, and
 * everything that is not a live block (free space, red zones) is
 * no-access for memcheck and poisoned for ASan.
 *
 * Check your work: make grade LAB=10
 * Man pages: mmap(2), munmap(2), sysconf(3); valgrind's manual, "Memory
 * pools"; the AddressSanitizer wiki, "ManualPoisoning".
 */
#include "arena.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "sysinfo.h"
#include "tools.h"

/* The header at the start of each mapping. */
struct chunk {
	struct chunk *prev;   /* the chunk below on the stack, or the next own one */
	size_t size;          /* of the mapping */
	size_t depth;         /* own chunks: the frame depth they were made at */
	size_t pad_;          /* keeps the first block 16-byte aligned */
};

/* A frame: where the top of the arena was when it was pushed. */
struct frame {
	struct frame *prev;
	struct chunk *chunk;
	uintptr_t next;
};

struct arena {
	/* The fast path's three words first: one cache line, one load each. */
	uintptr_t next;       /* the free space of cur starts here (16-aligned) */
	size_t small_max;     /* bigger requests get a mapping of their own */
	uintptr_t limit;      /* cur's end minus the red zone: a block ends below */
	uintptr_t end;        /* cur's end */
	size_t chunk_size;
	size_t page;          /* read once: sysconf costs more than a block */
	struct chunk *cur, *own, *spare;
	struct frame *top;
	size_t depth;         /* frames open */
	size_t chunks, mapped;
};

/* align_up - x rounded up to a multiple of a (a power of two). */
static uintptr_t align_up(uintptr_t x, size_t a)
{
	return (x + a - 1) & ~(uintptr_t)(a - 1);
}

struct arena *arena_new(size_t chunk_size)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	if (chunk_size > SIZE_MAX / 4) {
		free(a);
		errno = ENOMEM;
		return NULL;
	}
	a->page = ml_page_size();
	a->chunk_size = align_up(chunk_size ? chunk_size : 1, a->page);
	a->small_max = a->chunk_size / 4;
	/* No chunk yet: limit is 0 and next above it, so that nothing fits on
	 * arena_alloc's fast path, not even a block of 0 bytes. */
	a->next = ARENA_MIN_ALIGN;
	return a;
}

/* map_chunk - a new mapping of size bytes, its free part off limits. */
static struct chunk *map_chunk(struct arena *a, size_t size)
{
	struct chunk *c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	                       -1, 0);

	if (c == MAP_FAILED)
		return NULL;   /* errno: ENOMEM */
	c->size = size;
	c->prev = NULL;
	c->depth = 0;
	a->chunks++;
	a->mapped += size;
	TOOL_POOL_CREATE(c);
	TOOL_NOACCESS(c + 1, size - sizeof(*c));
	return c;
}

/* unmap_chunk - give c back to the kernel. */
static void unmap_chunk(struct arena *a, struct chunk *c)
{
	size_t size = c->size;

	a->chunks--;
	a->mapped -= size;
	TOOL_POOL_DESTROY(c);
	TOOL_UNMAPPING(c, size);
	munmap(c, size);
}

/* retire - c is empty: keep it as the spare if there is none, else unmap.
 * One spare is the hysteresis: a loop that pushes, fills a chunk and
 * pops does not map and unmap at every turn. */
static void retire(struct arena *a, struct chunk *c)
{
	if (!a->spare && c->size == a->chunk_size) {
		TOOL_POOL_TRIM(c, c, 0);   /* no live block left in it */
		TOOL_NOACCESS(c + 1, c->size - sizeof(*c));
		c->prev = NULL;
		a->spare = c;
	} else {
		unmap_chunk(a, c);
	}
}

/* own_block - a block in a mapping of its own (a big request). */
static void *own_block(struct arena *a, size_t size, size_t align)
{
	size_t page = a->page;
	size_t need = align_up(sizeof(struct chunk), align) + size + ARENA_REDZONE;
	struct chunk *c;
	uintptr_t p;

	if (size > SIZE_MAX / 2 - 2 * page) {
		errno = ENOMEM;
		return NULL;
	}
	c = map_chunk(a, align_up(need, page));
	if (!c)
		return NULL;
	c->depth = a->depth;
	c->prev = a->own;
	a->own = c;
	p = align_up((uintptr_t)(c + 1), align);
	TOOL_POOL_ALLOC(c, (void *)p, size);
	return (void *)p;
}

/* set_top - blocks now come from chunk c, from next on. */
static void set_top(struct arena *a, struct chunk *c, uintptr_t next)
{
	a->cur = c;
	a->next = next;
	a->end = c ? (uintptr_t)c + c->size : 0;
	a->limit = c ? a->end - ARENA_REDZONE : 0;
}

void *arena_alloc_aligned(struct arena *a, size_t size, size_t align)
{
	uintptr_t p;

	/* A power of two, at most a page: anything else is the caller's bug. */
	if (align == 0 || (align & (align - 1)) || align > a->page) {
		errno = EINVAL;
		return NULL;
	}
	if (align < ARENA_MIN_ALIGN)
		align = ARENA_MIN_ALIGN;
	if (size > a->small_max)
		return own_block(a, size, align);
	p = align_up(a->next, align);
	if (!a->cur || p > a->limit || a->limit - p < size) {
		/* Does not fit: stack a chunk (the spare first). */
		struct chunk *c = a->spare;

		if (c)
			a->spare = NULL;
		else if (!(c = map_chunk(a, a->chunk_size)))
			return NULL;
		c->prev = a->cur;
		set_top(a, c, (uintptr_t)(c + 1));
		p = align_up(a->next, align);
		if (p > a->limit || a->limit - p < size)
			return own_block(a, size, align);   /* a page-aligned block in a one-page chunk */
	}
	/* The red zone stays off limits; the next block starts 16-aligned
	 * after it. */
	a->next = align_up(p + size + ARENA_REDZONE, ARENA_MIN_ALIGN);
	TOOL_POOL_ALLOC(a->cur, (void *)p, size);
	return (void *)p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	/* The fast path: `next` is always 16-aligned, so a block that fits
	 * is just next; with no chunk, next lies above limit: nothing fits.
	 * About ten instructions; everything else is arena_alloc_aligned. */
	uintptr_t p = a->next;

	if (size <= a->small_max && p + size <= a->limit) {
		a->next = align_up(p + size + ARENA_REDZONE, ARENA_MIN_ALIGN);
		TOOL_POOL_ALLOC(a->cur, (void *)p, size);
		return (void *)p;
	}
	return arena_alloc_aligned(a, size, ARENA_MIN_ALIGN);
}

int arena_push(struct arena *a)
{
	struct chunk *chunk = a->cur;
	uintptr_t next = a->next;
	struct frame *f;

	/* The record is a block of the frame it opens: the pop frees it too. */
	f = arena_alloc(a, sizeof(*f));
	if (!f)
		return -1;
	f->prev = a->top;
	f->chunk = chunk;
	f->next = next;
	a->top = f;
	a->depth++;
	return 0;
}

int arena_pop(struct arena *a)
{
	struct frame *f = a->top;
	struct chunk *chunk;
	uintptr_t next;

	if (!f) {
		errno = EINVAL;
		return -1;
	}
	/* Read the record before its memory is released. */
	a->top = f->prev;
	chunk = f->chunk;
	next = f->next;
	while (a->own && a->own->depth >= a->depth) {
		struct chunk *c = a->own;

		a->own = c->prev;
		unmap_chunk(a, c);
	}
	a->depth--;
	while (a->cur != chunk) {
		struct chunk *c = a->cur;

		a->cur = c->prev;
		retire(a, c);
	}
	set_top(a, chunk, next);
	if (chunk) {
		/* Only the blocks below `next` stay; the rest is off limits. */
		TOOL_POOL_TRIM(chunk, chunk, next - (uintptr_t)chunk);
		TOOL_NOACCESS((void *)next, a->end - next);
	}
	return 0;
}

void arena_info(const struct arena *a, struct arena_info *out)
{
	out->chunks = a->chunks;
	out->mapped = a->mapped;
}

void arena_delete(struct arena **ap)
{
	struct arena *a = ap ? *ap : NULL;

	if (!a)
		return;
	while (a->cur) {
		struct chunk *c = a->cur;

		a->cur = c->prev;
		unmap_chunk(a, c);
	}
	while (a->own) {
		struct chunk *c = a->own;

		a->own = c->prev;
		unmap_chunk(a, c);
	}
	if (a->spare)
		unmap_chunk(a, a->spare);
	free(a);
	*ap = NULL;
}
