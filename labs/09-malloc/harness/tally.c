/* tally.c - the allocation wrappers of lab 09's subject (see tally.h). */
#include "tally.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

struct tally tally;
static size_t fail_left;   /* calls to go before the armed failure; 0: none */
static bool fired;

void tally_fail_at(size_t k)
{
	fail_left = k;
	fired = false;
}

bool tally_fired(void)
{
	return fired;
}

/* injected - count a call; true when this is the one to fail. */
static bool injected(void)
{
	tally.calls++;
	if (fail_left == 0 || --fail_left > 0)
		return false;
	fired = true;
	errno = ENOMEM;
	return true;
}

size_t tally_sample(void)
{
	struct mallinfo2 mi = mallinfo2();
	size_t held = mi.arena + mi.hblkhd;

	if (held > tally.heap_peak)
		tally.heap_peak = held;
	return held;
}

/* got - count a block handed out for a request of n bytes; sample the
 * heap now and then, and after every big request (a big temporary). */
static void *got(void *p, size_t n)
{
	if (p) {
		tally.live_blocks++;
		tally.live_bytes += malloc_usable_size(p);
	}
	if (tally.calls % TALLY_SAMPLE_EVERY == 0 || n >= TALLY_SAMPLE_BIG)
		tally_sample();
	return p;
}

void *__wrap_malloc(size_t n)
{
	return injected() ? NULL : got(__real_malloc(n), n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return injected() ? NULL : got(__real_calloc(n, size), n * size);
}

void *__wrap_realloc(void *p, size_t n)
{
	size_t before;
	void *q;

	if (injected())
		return NULL;
	if (!p)
		return got(__real_realloc(NULL, n), n);
	if (tally.calls % TALLY_SAMPLE_EVERY == 0 || n >= TALLY_SAMPLE_BIG)
		tally_sample();
	before = malloc_usable_size(p);
	q = __real_realloc(p, n);
	if (q) {
		tally.live_bytes -= before;
		tally.live_bytes += malloc_usable_size(q);
	} else if (n == 0) {   /* glibc's realloc(p, 0) frees p */
		tally.live_blocks--;
		tally.live_bytes -= before;
	}
	return q;
}

void __wrap_free(void *p)
{
	if (p) {
		tally.frees++;
		tally.live_blocks--;
		tally.live_bytes -= malloc_usable_size(p);
	}
	__real_free(p);
}
