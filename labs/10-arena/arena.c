/*
 * arena.c - an arena allocator on chunks from mmap, with frames.
 * You edit this file.
 *
 * What you will learn: why a bump allocator costs a few instructions per
 * block where malloc costs a hundred and more, how frames release
 * thousands of blocks at once, why an allocator keeps a spare chunk, and
 * how to tell valgrind and AddressSanitizer about blocks they did not
 * hand out themselves.
 *
 * What to edit: the four TODO steps below, in order (README.md, "Step N").
 * The interface and the picture are in harness/arena.h; the tools' macros
 * in harness/tools.h.  As shipped, the arena maps one chunk and hands out
 * its bytes one after the other: no alignment, no red zones, no second
 * chunk, frames that release nothing, and tools that see nothing.
 *
 * Check your work: make grade LAB=10.  Compare with malloc: make run LAB=10
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
	struct chunk *prev;   /* the chunk below on the stack */
	size_t size;          /* of the mapping */
	size_t depth;         /* for step 2's own mappings, if you want it */
	size_t pad_;          /* keeps the first block 16-byte aligned */
};

struct arena {
	uintptr_t next;       /* the free space of cur starts here */
	uintptr_t end;        /* cur's end */
	size_t chunk_size;
	size_t page;          /* read once: sysconf costs more than a block */
	struct chunk *cur;
	size_t chunks, mapped;
};

struct arena *arena_new(size_t chunk_size)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->page = ml_page_size();
	a->chunk_size = (chunk_size + a->page - 1) / a->page * a->page;
	if (a->chunk_size == 0)
		a->chunk_size = a->page;
	return a;
}

/* map_chunk - a new mapping of size bytes. */
static struct chunk *map_chunk(struct arena *a, size_t size)
{
	struct chunk *c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	                       -1, 0);

	if (c == MAP_FAILED)
		return NULL;
	c->size = size;
	c->prev = NULL;
	a->chunks++;
	a->mapped += size;
	return c;
}

/*
 * TODO 1: bump with alignment and red zones.  A block starts at `next`
 * rounded up to its alignment (16 for arena_alloc; what
 * arena_alloc_aligned asks, a power of two up to a->page, else NULL with
 * errno EINVAL), and the next one starts ARENA_REDZONE bytes after its
 * end, rounded up to 16 again.  Keep arena_alloc's common case short:
 * when `next` is always 16-aligned, a block that fits is just `next`.
 * When it works, every block is aligned and never touches the next one's
 * red zone; make run LAB=10 shows about ten instructions per block.
 *
 * TODO 2: grow chunk by chunk.  When a block does not fit in the current
 * chunk, map another (a->chunk_size bytes) and stack it on the old one
 * (c->prev); a request bigger than a quarter of a chunk gets a mapping of
 * its own, sized to fit.  A failed mmap returns NULL with errno ENOMEM
 * and leaves the arena as it was.  When it works, the arena holds as much
 * as you ask, in as many chunks as it needs.
 */
void *arena_alloc_aligned(struct arena *a, size_t size, size_t align)
{
	uintptr_t p;

	(void)align;
	if (!a->cur) {
		a->cur = map_chunk(a, a->chunk_size);
		if (!a->cur)
			return NULL;
		a->next = (uintptr_t)(a->cur + 1);
		a->end = (uintptr_t)a->cur + a->cur->size;
	}
	if (a->end - a->next < size) {
		errno = ENOMEM;
		return NULL;
	}
	p = a->next;
	a->next += size;
	return (void *)p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return arena_alloc_aligned(a, size, ARENA_MIN_ALIGN);
}

/*
 * TODO 3: frames.  arena_push records where the top of the arena is (the
 * current chunk and `next`; a small record allocated from the arena itself
 * is the simplest place to keep it); arena_pop goes back there: every
 * block allocated since is released, every chunk stacked since (and every
 * own mapping made since) is given back, except that one empty chunk is
 * kept as a spare for the next time.  arena_pop with no frame open
 * returns -1 with errno EINVAL.  When it works, a loop of push, allocate,
 * pop reuses the same memory and maps nothing after its first turn.
 *
 * TODO 4: tell the tools (harness/tools.h).  Each chunk is a pool
 * (TOOL_POOL_CREATE when mapped, TOOL_POOL_DESTROY before munmap, with
 * TOOL_UNMAPPING); each block a TOOL_POOL_ALLOC; everything else of a
 * chunk (its free space, the red zones) TOOL_NOACCESS; a pop is a
 * TOOL_POOL_TRIM of the chunk it returns to, then TOOL_NOACCESS from the
 * new `next` to the end.  When it works, make run LAB=10 shows memcheck
 * and ASan catching a block read after its frame was popped.
 */
int arena_push(struct arena *a)
{
	(void)a;
	return 0;
}

int arena_pop(struct arena *a)
{
	(void)a;
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
		munmap(c, c->size);
	}
	free(a);
	*ap = NULL;
}
