/*
 * tools.h - the client requests that tell valgrind and AddressSanitizer
 * about an allocator of our own (lab 10), and nothing else.
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
 * Under valgrind they are valgrind's mempool requests; under
 * -fsanitize=address, manual poisoning; otherwise (or with -DNVALGRIND,
 * or without valgrind's headers) nothing at all.  The grader allows these
 * requests in this lab only, and no other: not the ones that turn errors
 * off, nor MALLOCLIKE/FREELIKE.
 */
#ifndef TOOLS_H
#define TOOLS_H

#if defined(__has_include) && __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define TOOL_VG_POOL_CREATE(pool) VALGRIND_CREATE_MEMPOOL((pool), 0, 0)
#define TOOL_VG_POOL_ALLOC(pool, p, n) VALGRIND_MEMPOOL_ALLOC((pool), (p), (n))
#define TOOL_VG_POOL_TRIM(pool, p, n) VALGRIND_MEMPOOL_TRIM((pool), (p), (n))
#define TOOL_VG_POOL_DESTROY(pool) VALGRIND_DESTROY_MEMPOOL((pool))
#define TOOL_VG_NOACCESS(p, n) VALGRIND_MAKE_MEM_NOACCESS((p), (n))
#else
#define TOOL_VG_POOL_CREATE(pool) ((void)(pool))
#define TOOL_VG_POOL_ALLOC(pool, p, n) ((void)(pool), (void)(p), (void)(n))
#define TOOL_VG_POOL_TRIM(pool, p, n) ((void)(pool), (void)(p), (void)(n))
#define TOOL_VG_POOL_DESTROY(pool) ((void)(pool))
#define TOOL_VG_NOACCESS(p, n) ((void)(p), (void)(n))
#endif

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#define TOOL_ASAN_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define TOOL_ASAN_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define TOOL_ASAN_POISON(p, n) ((void)(p), (void)(n))
#define TOOL_ASAN_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define TOOL_POOL_CREATE(pool) TOOL_VG_POOL_CREATE(pool)
#define TOOL_POOL_DESTROY(pool) TOOL_VG_POOL_DESTROY(pool)
#define TOOL_POOL_ALLOC(pool, p, n) \
	do { TOOL_VG_POOL_ALLOC(pool, p, n); TOOL_ASAN_UNPOISON(p, n); } while (0)
#define TOOL_POOL_TRIM(pool, p, n) TOOL_VG_POOL_TRIM(pool, p, n)
#define TOOL_NOACCESS(p, n) \
	do { TOOL_VG_NOACCESS(p, n); TOOL_ASAN_POISON(p, n); } while (0)
#define TOOL_UNMAPPING(p, n) TOOL_ASAN_UNPOISON(p, n)

#endif
