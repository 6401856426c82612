/*
 * tools.c - the lab's only client requests (see tools.h): valgrind's
 * mempool requests and MAKE_MEM_NOACCESS, and ASan's manual poisoning.
 * Harness code: the grader builds it from the pristine lab, so these are
 * the only requests a student's arena can make.
 */
#include "tools.h"

#if defined(__has_include) && __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define HAVE_VALGRIND 1
#endif
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

void tool_pool_create(const void *pool)
{
#ifdef HAVE_VALGRIND
	VALGRIND_CREATE_MEMPOOL(pool, 0, 0);
#endif
	(void)pool;
}

void tool_pool_alloc(const void *pool, const void *p, size_t n)
{
#ifdef HAVE_VALGRIND
	VALGRIND_MEMPOOL_ALLOC(pool, p, n);
#endif
#ifdef __SANITIZE_ADDRESS__
	ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
	(void)pool, (void)p, (void)n;
}

void tool_pool_trim(const void *pool, const void *p, size_t n)
{
#ifdef HAVE_VALGRIND
	VALGRIND_MEMPOOL_TRIM(pool, p, n);
#endif
	(void)pool, (void)p, (void)n;
}

void tool_pool_destroy(const void *pool)
{
#ifdef HAVE_VALGRIND
	VALGRIND_DESTROY_MEMPOOL(pool);
#endif
	(void)pool;
}

void tool_noaccess(const void *p, size_t n)
{
#ifdef HAVE_VALGRIND
	VALGRIND_MAKE_MEM_NOACCESS(p, n);
#endif
#ifdef __SANITIZE_ADDRESS__
	ASAN_POISON_MEMORY_REGION(p, n);
#endif
	(void)p, (void)n;
}

void tool_unmapping(const void *p, size_t n)
{
#ifdef __SANITIZE_ADDRESS__
	ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
	(void)p, (void)n;
}
