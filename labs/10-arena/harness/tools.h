/*
 * tools.h - how arena.c tells valgrind and AddressSanitizer about its
 * blocks (lab 10), and nothing else.
 *
 * memcheck knows malloc's blocks because it replaces malloc; it knows
 * nothing of blocks cut out of a mapping.  These macros tell it:
 *   TOOL_POOL_CREATE(pool)           a pool (one per chunk here) exists
 *   TOOL_POOL_ALLOC(pool, p, n)      [p, p + n) is a live block, undefined
 *   TOOL_POOL_TRIM(pool, p, n)       only blocks inside [p, p + n) stay live
 *   TOOL_POOL_DESTROY(pool)          the pool and its blocks are gone
 *   TOOL_NOACCESS(p, n)              [p, p + n) is off limits (free space,
 *                                    red zones)
 *   TOOL_UNMAPPING(p, n)             [p, p + n) is about to be unmapped: ASan
 *                                    forgets its poison (the kernel may map
 *                                    something else there later)
 *
 * They call harness/tools.c, which holds the lab's only client requests
 * (valgrind's mempool requests and MAKE_MEM_NOACCESS; ASan's manual
 * poisoning).  arena.c itself contains none: the grader refuses a
 * student file that makes client requests of its own (they could turn
 * memcheck's errors off).  With -DNVALGRIND (a production build, and the
 * speed measurement) the macros are nothing at all.
 */
#ifndef TOOLS_H
#define TOOLS_H

#include <stddef.h>

#ifdef NVALGRIND
#define TOOL_POOL_CREATE(pool) ((void)(pool))
#define TOOL_POOL_ALLOC(pool, p, n) ((void)(pool), (void)(p), (void)(n))
#define TOOL_POOL_TRIM(pool, p, n) ((void)(pool), (void)(p), (void)(n))
#define TOOL_POOL_DESTROY(pool) ((void)(pool))
#define TOOL_NOACCESS(p, n) ((void)(p), (void)(n))
#define TOOL_UNMAPPING(p, n) ((void)(p), (void)(n))
#else
#define TOOL_POOL_CREATE(pool) tool_pool_create(pool)
#define TOOL_POOL_ALLOC(pool, p, n) tool_pool_alloc(pool, p, n)
#define TOOL_POOL_TRIM(pool, p, n) tool_pool_trim(pool, p, n)
#define TOOL_POOL_DESTROY(pool) tool_pool_destroy(pool)
#define TOOL_NOACCESS(p, n) tool_noaccess(p, n)
#define TOOL_UNMAPPING(p, n) tool_unmapping(p, n)
#endif

void tool_pool_create(const void *pool);
void tool_pool_alloc(const void *pool, const void *p, size_t n);
void tool_pool_trim(const void *pool, const void *p, size_t n);
void tool_pool_destroy(const void *pool);
void tool_noaccess(const void *p, size_t n);
void tool_unmapping(const void *p, size_t n);

#endif
