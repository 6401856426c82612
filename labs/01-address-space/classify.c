/*
 * classify.c - tell which pool an address comes from (lab 01).
 *
 * You edit this file: it is the only file of lab 01 that is yours.
 *
 * What you learn: every byte a C program touches comes from a pool (the
 * executable's static data, a library, the break heap, an anonymous or a
 * file mmap, a stack) with its own owner, lifetime and initial content;
 * /proc/self/maps shows the mappings, and a little knowledge turns a
 * mapping into a pool.
 * What to edit: this file only, at the TODO markers (steps of README.md).
 * Check your work: make grade LAB=01        Try it: make run LAB=01
 * Man pages: proc(5) (/proc/pid/maps), readlink(2), end(3),
 * dl_iterate_phdr(3), realpath(3), pthread_getattr_np(3).
 */
#define _GNU_SOURCE
#include "classify.h"

#include <limits.h>
#include <link.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "maps.h"

/*
 * TODO 1: fill this table: for each pool, its owner, lifetime and initial
 * content (enums in classify.h; the handout's step 1 explains each pool).
 * pool_props(p) returns &props[p], or NULL when p is not a pool.
 * When it works, `make run LAB=01` prints the three properties beside
 * each object instead of "?".
 */
static const struct pool_props props[POOL_COUNT] = {
	[POOL_UNMAPPED] = { OWNER_NOBODY, LIFE_NONE, INIT_NONE },
};

const struct pool_props *pool_props(enum pool p)
{
	(void)p;
	(void)props;
	return NULL;
}

/* Set by the linker (see end(3)): edata is the end of .data, end the end
 * of .bss, in the executable that holds this code. */
extern char edata[], end[];

/*
 * exe_pool - the pool of a mapping of the executable's own file.
 *
 * TODO 3: decide from the mapping's permissions (m->perms, "r-xp" and the
 * like) whether it holds the executable's code, read-only data or
 * writable data.  Step 3 also asks you to recognise the executable's
 * mappings in pool_of_map (readlink(2) on /proc/self/exe gives its path)
 * and the anonymous mapping that holds the rest of its .bss ([edata, end)).
 * When it works, main is POOL_EXE_CODE, a string literal POOL_EXE_RODATA.
 */
static enum pool exe_pool(const struct ml_map *m)
{
	(void)m;
	return POOL_UNMAPPED;
}

/*
 * is_library - whether the dynamic loader loaded the file at path.
 *
 * TODO 4: ask the loader, not the file name: dl_iterate_phdr(3) visits
 * every loaded object; compare each one's dlpi_name with path.  Careful:
 * the loader keeps the name it opened, the kernel prints the real path
 * (realpath(3) turns one into the other).  When it works, fclose is in
 * POOL_LIBRARY and a data file you mmap is not.
 */
static bool is_library(const char *path)
{
	(void)path;
	return false;
}

/*
 * TODO 5: thread stacks.  The kernel no longer labels them, so remember
 * each tracked thread's stack range (pthread_getattr_np(3), then
 * pthread_attr_getstack(3): the lowest address and the size) in a small
 * table; forget removes an entry; in_thread_stack says whether addr lies
 * in one (the range is [lo, lo + size): one past the end is outside).
 * When it works, a local of another thread is POOL_THREAD_STACK, and the
 * page right after that stack is not.
 */
int pool_track_thread(pthread_t t)
{
	(void)t;
	return 0;
}

void pool_forget_thread(pthread_t t)
{
	(void)t;
}

static bool in_thread_stack(uintptr_t addr)
{
	(void)addr;
	return false;
}

/*
 * pool_of_map - the pool of the byte at addr, which mapping m holds.
 * It never reads /proc/self/maps itself, so pool_summary can call it on
 * every line of one pass.
 *
 * TODO 2: decide from m->path: the kernel names the break heap "[heap]"
 * and the main stack "[stack]"; other "[...]" names are its own pages,
 * except "[anon:...]" and "[anon_shmem:...]" (anonymous mappings a
 * program, or glibc, named: a name changes nothing, such a line can hold
 * a thread's stack); an empty path is an anonymous mapping; any other
 * path is a file.  Steps 3, 4
 * and 5 refine the anonymous and the file cases with the helpers above.
 * When it works, malloc(24) is POOL_HEAP_BRK and a local of main is
 * POOL_MAIN_STACK.
 */
static enum pool pool_of_map(const struct ml_map *m, uintptr_t addr)
{
	(void)m;
	(void)addr;
	(void)exe_pool;
	(void)is_library;
	(void)in_thread_stack;
	return POOL_UNMAPPED;
}

enum pool classify(const void *addr)
{
	struct ml_map m;

	if (!ml_maps_find(addr, &m))
		return POOL_UNMAPPED;
	return pool_of_map(&m, (uintptr_t)addr);
}

/*
 * TODO 6: fill totals[] in one pass over the maps: ml_maps_each
 * (common/maps.h) calls your function on every line; add the line's
 * size in bytes (end - start) and one mapping to the pool of its first
 * byte.  Start from zeros.  Return 0, or -1 if the maps cannot be read.
 * When it works, `make run LAB=01` ends with a table of your process's
 * memory by pool.
 */
int pool_summary(struct pool_total totals[POOL_COUNT])
{
	memset(totals, 0, POOL_COUNT * sizeof(*totals));
	return -1;
}
